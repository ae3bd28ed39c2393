"""The plans in a real browser, phone-sized: axe-clean, no console (CSP) errors, and the
htmx step form swapping the goal card in place."""

from __future__ import annotations

import os

import pytest

from hearth.core.policy import Role
from hearth.plans import services
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_trail_flushable,
    browser,
    console,
    new_page,
    visit,
)
from tests.plans.helpers import active_plan, goal

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = os.environ.get("HEARTH_PLAN_SHOTS")  # a folder to save screenshots in, when set


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_peer_writes_a_safety_plan_on_a_phone(world, new_page, live_server):  # noqa: F811 (fixture imported above)
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    visit(page, live_server.url, f"/plans/{world.mine.public_id}/safety/edit/")
    page.get_by_label("1. Warning signs").fill("Not sleeping, skipping meals")
    page.get_by_label("4. People I can ask for help").fill("My sister Rosa 215-555-0143")
    _shot(page, "safety-edit")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/plans/{world.mine.public_id}/safety/")
    assert page.locator('a[href="tel:2155550143"]').count() == 1
    assert page.locator('a[href="tel:988"]').count() >= 1
    visit(page, live_server.url, f"/plans/{world.mine.public_id}/safety/")
    _shot(page, "safety-view")


def test_peer_adds_a_step_with_htmx(world, new_page, live_server):  # noqa: F811 (fixture imported above)
    plan = active_plan(world)
    g = goal(world, plan, text="Sleep through the night most nights")
    goal(world, plan, text="Join the Tuesday walking group", dimension="community")
    services.progress_add(actor=world.users[Role.PEER_SPECIALIST], goal=g, rating=4, note="Better")
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    visit(page, live_server.url, f"/plans/{world.mine.public_id}/recovery/")
    card = page.locator(f"#goal-{g.pk}")
    card.get_by_text("Add a step").click()
    card.get_by_label("Next step").fill("No screens after 10pm")
    card.get_by_role("button", name="Add step").click()
    page.locator(f"#goal-{g.pk} .saved").wait_for()
    assert "No screens after 10pm" in page.locator(f"#goal-{g.pk}").inner_text()
    assert page.url.endswith("/recovery/")  # swapped in place, no navigation
    visit(page, live_server.url, f"/plans/{world.mine.public_id}/recovery/")
    _shot(page, "recovery")


def test_participant_reads_their_plans_on_a_phone(world, new_page, live_server):  # noqa: F811 (fixture imported above)
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.own_record,
        data={
            "warning_signs": "Not sleeping",
            "people_to_ask": "Aunt Jo (412) 555-0100",
            "reasons_for_living": "My dog, Biscuit",
        },
        expected_version=0,
    )
    goal(world, active_plan(world, world.own_record), text="Walk Biscuit every morning")
    page = new_page(world.users[Role.PARTICIPANT], **PHONE)
    visit(page, live_server.url, "/me/")
    _shot(page, "participant-home")
    visit(page, live_server.url, "/plans/mine/safety/")
    _shot(page, "participant-safety")
    visit(page, live_server.url, "/plans/mine/recovery/")
    page.get_by_role("button", name="I agree with my plan").click()
    page.get_by_text("Thank you.").wait_for()
    _shot(page, "participant-recovery")
