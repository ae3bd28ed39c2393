"""The closed loop in a real browser, phone-sized and axe-checked on every page: a peer
refers a participant from their record, records consent, sends it and makes a link; the
receiving organisation (no account) accepts and completes it; the peer records the
outcome."""

from __future__ import annotations

import re

import pytest

from hearth.core.policy import Role
from hearth.referrals.models import Referral
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_trail_flushable,
    assert_no_axe_violations,
    browser,
    console,
    new_page,
    visit,
)
from tests.referrals.helpers import make_service

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_referral_loop_closes(world, new_page, live_server, console):  # noqa: F811 (fixture imported above)
    console.allow(r"status of 403 .*/referrals/reports/")
    make_service("Emergency shelter beds")
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    base = live_server.url

    visit(page, base, f"/participants/{world.mine.public_id}/")
    page.get_by_role("link", name="Refer to a service").first.click()
    page.get_by_label("Find a service by name").fill("shelter")
    page.locator("#service-results").get_by_role("link", name="Emergency shelter beds").click()
    page.wait_for_url(re.compile(r"\?service="))
    assert_no_axe_violations(page)
    page.get_by_label("What they are asking for").fill("A bed tonight; has a small dog")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Their first name (otherwise only initials)").check()
    page.get_by_label("Signed on paper").check()
    page.get_by_label("I told them they can withdraw this consent at any time").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("button", name="Send the referral").click()
    page.get_by_text("Referral marked “Sent”.").wait_for()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Make a link").click()
    link = page.get_by_label("The link").input_value()
    assert "/referrals/r/" in link
    assert_no_axe_violations(page)

    provider = new_page(**PHONE)  # the receiving organisation: no account
    provider.goto(link)
    assert provider.get_by_text("Maria", exact=True).count() == 1
    assert "Lopez" not in provider.content()
    assert_no_axe_violations(provider)
    provider.get_by_role("button", name="Accepted").click()
    provider.get_by_text("The referral is now “Accepted”").wait_for()
    provider.get_by_role("button", name="Completed: they got the service").click()
    provider.get_by_text("The referral is now “Completed”").wait_for()
    assert_no_axe_violations(provider)
    referral = Referral.objects.get(participant=world.mine)
    assert referral.status == "completed"

    visit(page, base, f"/referrals/{referral.public_id}/outcome/")
    page.get_by_label("Yes").first.check()
    page.locator("input[name=helpful][value=yes]").check()
    page.get_by_role("button", name="Save the outcome").click()
    page.get_by_text("Outcome recorded").wait_for()
    assert_no_axe_violations(page)
    visit(page, base, "/referrals/reports/", status=403)


def test_expired_link_page_and_reports_are_accessible(world, new_page, live_server, console):  # noqa: F811 (fixture imported above)
    console.allow(r"status of 404 .*/referrals/r/")
    page = new_page(**PHONE)
    visit(page, live_server.url, "/referrals/r/not-a-real-token/", status=404)
    admin = new_page(world.users[Role.ORG_ADMIN])
    visit(admin, live_server.url, "/referrals/reports/")
    visit(admin, live_server.url, "/referrals/reports/?by=category")
