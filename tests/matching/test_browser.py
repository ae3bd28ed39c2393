"""Mentoring in a real browser: axe-clean pages for coordinators, mentors and
participants, and the one-click batch match reviewed and approved."""

from __future__ import annotations

import pytest

from hearth.core.policy import Role
from hearth.matching.models import Match, MatchStatus
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_trail_flushable,
    assert_no_axe_violations,
    browser,
    console,
    new_page,
    visit,
)
from tests.matching import helpers

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_coordinator_runs_matching_and_approves(world, new_page, live_server):  # noqa: F811
    helpers.mentor(world, public_name="Rosa D.", languages=["es", "en"])
    helpers.mentor(world, public_name="Ray T.", languages=["en"], veteran=True)
    item = helpers.waiting(world, languages=["es"], must_language="es")
    helpers.waiting(world, world.teammate_case, languages=["vi"], must_language="vi")
    page = new_page(world.users[Role.ORG_ADMIN])
    visit(page, live_server.url, "/matching/")
    page.get_by_role("button", name="Run matching for the whole waitlist").click()
    page.wait_for_url("**/matching/runs/**")
    assert_no_axe_violations(page)
    assert "both speak Spanish" in page.content()
    assert "no mentor speaks Vietnamese" in page.content()
    page.get_by_role("button", name="Approve the ticked matches").click()
    page.wait_for_url("**/matching/runs/**")
    assert Match.objects.get(request=item).status == MatchStatus.OFFERED
    for path in (
        f"/matching/requests/{item.public_id}/",
        f"/matching/requests/{item.public_id}/edit/",
        f"/matching/matches/{Match.objects.get(request=item).public_id}/",
        "/matching/add/",
        "/matching/mentors/",
        "/matching/mentors/new/",
        "/matching/outcomes/",
        f"/matching/weights/{world.programme.public_id}/",
    ):
        visit(page, live_server.url, path)


def test_mentor_and_participant_pages_on_a_phone(world, new_page, live_server):  # noqa: F811
    helpers.offer_to_specialist(world)
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    visit(page, live_server.url, "/matching/mentoring/")
    helpers.waiting(world, world.own_record)
    page = new_page(world.users[Role.PARTICIPANT], **PHONE)
    visit(page, live_server.url, "/matching/mine/")
    page.get_by_role("button", name="Choose Marcus B.").click()
    page.wait_for_url("**/matching/mine/")
    assert_no_axe_violations(page)
    assert "You said yes" in page.content()
