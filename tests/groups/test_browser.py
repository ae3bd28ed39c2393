"""Groups in a real browser, phone-sized, axe-clean on every page visited: a participant
finds a group on the public page and registers; the facilitator takes attendance with one
tap per person (htmx, no page load) and adds a walk-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.core.policy import Role
from hearth.groups import services
from hearth.groups.models import Attendance
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_trail_flushable,
    assert_no_axe_violations,
    browser,
    console,
    new_page,
    visit,
)
from tests.groups.helpers import make_group, past_session

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_facilitator_takes_attendance_on_a_phone(world, new_page, live_server):  # noqa: F811
    group = make_group(world)
    admin = world.users[Role.ORG_ADMIN]
    first = services.registration_create(actor=admin, group=group, participant=world.mine)
    services.registration_create(actor=admin, group=group, participant=world.stranger_case)
    session = past_session(group)
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    visit(page, live_server.url, f"/groups/session/{session.public_id}/")
    row = page.locator(f"#reg-{first.pk}")
    row.get_by_role("button").tap()
    page.locator(f'#reg-{first.pk} button[aria-pressed="true"]').wait_for()
    assert page.url.endswith(f"/groups/session/{session.public_id}/")  # swapped in place
    assert "Present" in page.locator(f"#reg-{first.pk}").inner_text()
    assert_no_axe_violations(page)
    assert Attendance.objects.get(session=session, participant=world.mine).present
    page.get_by_label("Name they'd like to be called").fill("Dee")
    page.get_by_role("button", name="Add walk-in").tap()
    page.get_by_text("not a participant yet").wait_for()
    assert_no_axe_violations(page)
    page.get_by_label("Already a participant? Find them by name").fill("Pat")
    page.get_by_role("button", name="Find", exact=True).tap()
    page.get_by_role("button", name="Mark Pat Own present").tap()
    page.get_by_text("Pat Own is marked present.").wait_for()
    assert_no_axe_violations(page)
    assert Attendance.objects.get(session=session, participant=world.own_record).present
    visit(page, live_server.url, f"/groups/manage/{group.public_id}/")
    visit(page, live_server.url, f"/groups/session/{session.public_id}/note/")


def test_participant_registers_from_the_public_page_on_a_phone(world, new_page, live_server):  # noqa: F811
    today = timezone.localdate()
    thursday = today - timedelta(days=(today.weekday() - 3) % 7)
    group = make_group(world, name="Eating Well on a Budget", first_date=thursday)
    anonymous = new_page(**PHONE)
    visit(anonymous, live_server.url, "/groups/")
    anonymous.get_by_label("Day").select_option("3")
    anonymous.get_by_role("button", name="Show groups").tap()
    anonymous.wait_for_url("**day=3**")
    assert anonymous.get_by_role("link", name="Eating Well on a Budget").count() == 1
    assert_no_axe_violations(anonymous)
    page = new_page(world.users[Role.PARTICIPANT], **PHONE)
    visit(page, live_server.url, f"/groups/{group.public_id}/")
    page.get_by_role("button", name="Register").tap()
    page.get_by_text("You have a place").first.wait_for()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert page.get_by_role("link", name="Add to calendar (.ics)").count() == 1
    visit(page, live_server.url, "/groups/mine/")
    page.get_by_role("button", name="Make my calendar link").tap()
    page.get_by_label("Your link (copy it now: it is shown only once)").wait_for()
    page.wait_for_load_state()
    assert_no_axe_violations(page)


def test_manager_edits_a_course_topic(world, new_page, live_server):  # noqa: F811
    group = make_group(world)
    admin = world.users[Role.ORG_ADMIN]
    services.curriculum_item_add(actor=admin, group=group, title="Planning meals")
    page = new_page(admin, **PHONE)
    visit(page, live_server.url, f"/groups/manage/{group.public_id}/")
    page.get_by_role("link", name="Edit topic 1").tap()
    page.get_by_role("textbox", name="Topic").fill("Planning a week of meals")
    page.get_by_role("button", name="Save topic").tap()
    page.get_by_text("Session topic saved.").wait_for()
    assert_no_axe_violations(page)
    assert group.curriculum.get().title == "Planning a week of meals"
    visit(page, live_server.url, f"/groups/manage/{group.public_id}/curriculum/1/")
    assert_no_axe_violations(page)
