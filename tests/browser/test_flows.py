"""The flows a person actually walks through, in a real browser, axe-checked at every step."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from hearth.core.policy import Role
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def current_totp_code() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def sign_in_with_password(page, base_url: str, email: str) -> None:
    visit(page, base_url, "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_staff_sign_in_with_mfa_then_create_participant_and_switch_to_spanish(
    live_server, page, console
):
    org = OrganisationFactory(name="Riverbend")
    UserFactory(
        organisation=org, role=Role.PEER_SPECIALIST, email="ruth@example.org", display_name="Ruth"
    )
    base = live_server.url

    sign_in_with_password(page, base, "ruth@example.org")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(current_totp_code())
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(r"/home/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ruth")
    assert_no_axe_violations(page)

    page.get_by_text("Get help now").click()
    expect(page.locator(".crisis-panel")).to_be_visible()
    expect(page.locator(".crisis-panel")).to_contain_text("988")
    assert_no_axe_violations(page)
    page.keyboard.press("Escape")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    expect(page).to_have_url(re.compile(r"/participants/$"))
    assert_no_axe_violations(page)
    # Searching updates the results in place and announces how many there are.
    page.get_by_role("searchbox").fill("nobody by this name")
    expect(page.locator("#results-status")).to_have_text("0 participants")
    expect(page).to_have_url(re.compile(r"\?q=nobody"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Add a participant").click()
    assert_no_axe_violations(page)

    # Empty first: field errors are shown, and what was typed stays in the form.
    console.allow(r"status of 400 \(Bad Request\).*/participants/new/")
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved yet")
    expect(page.locator(".has-error .error").first).to_be_visible()
    expect(page.get_by_label("Pronouns")).to_have_value("she/her")
    assert_no_axe_violations(page)

    page.get_by_label("Full name", exact=False).first.fill("Dana Whitfield")
    page.get_by_label("Preferred name").fill("Dee")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/participants/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dee")
    expect(page.locator("dl.facts").first).to_contain_text("Dana Whitfield")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".language-switch button")).to_have_text("English")
    assert_no_axe_violations(page)
    visit(page, base, "/participants/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".language-switch button")).to_have_text("English")


def test_staff_without_authenticator_must_set_one_up(live_server, page):
    UserFactory(role=Role.PEER_SPECIALIST, email="new@example.org", with_totp=False)
    sign_in_with_password(page, live_server.url, "new@example.org")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("img")).to_be_visible()
    assert_no_axe_violations(page)
    # Anywhere else still leads back to the set-up.
    page.goto(live_server.url + "/participants/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))


def test_sign_in_and_sign_up_errors_are_accessible(live_server, page, console):
    UserFactory(role=Role.COMMUNITY_MEMBER, email="member@example.org")
    console.allow(r"status of 400 \(Bad Request\)")
    visit(page, live_server.url, "/accounts/login/")
    page.get_by_label("Email").fill("member@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page)

    visit(page, live_server.url, "/accounts/signup/")
    page.get_by_label("Email").fill("new-member@example.org")
    page.get_by_label("Nickname").fill("Robin")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator(".has-error .error").first).to_be_visible()
    expect(page.locator("#id_password1")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nickname")).to_have_value("Robin")
    assert_no_axe_violations(page)


def test_pages_are_accessible_in_spanish(live_server, new_page, world):
    page = new_page()
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    for path in ["/", "/accounts/signup/"]:
        visit(page, live_server.url, path)
        expect(page.locator("html")).to_have_attribute("lang", "es")
    staff = new_page(world.users[Role.ORG_ADMIN])
    staff.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    for path in ["/home/staff/", "/participants/new/"]:
        visit(staff, live_server.url, path)
        expect(staff.locator("html")).to_have_attribute("lang", "es")
