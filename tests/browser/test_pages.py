"""Every page, as each role sees it, is axe-clean (WCAG 2.2 AA rules), raises no console
errors, and keeps the crisis control within reach."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hearth.core.policy import Role
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def check_pages(page, base_url: str, paths: list[str]) -> None:
    """Visit each path; collect every page's problems so one run shows them all."""
    failures = []
    for path in paths:
        try:
            visit(page, base_url, path)
            expect(page.locator("summary.crisis-button")).to_be_visible()
        except (AssertionError, pytest.fail.Exception) as exc:
            failures.append(f"{path}:\n{exc}")
    assert not failures, "\n\n".join(failures)


def test_anonymous_pages_are_accessible_with_crisis_control(live_server, page, console):
    check_pages(
        page,
        live_server.url,
        ["/", "/help/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
    )
    console.allow(r"status of 404")
    visit(page, live_server.url, "/no-such-page/", status=404)
    expect(page.locator("summary.crisis-button")).to_be_visible()


def test_org_admin_pages_are_accessible(live_server, new_page, world):
    admin = world.users[Role.ORG_ADMIN]
    pid = world.mine.public_id
    check_pages(
        new_page(admin),
        live_server.url,
        [
            reverse("core:staff_home"),
            reverse("participants:list"),
            reverse("participants:detail", args=[pid]),
            reverse("participants:edit", args=[pid]),
            reverse("participants:assign", args=[pid]),
            reverse("participants:create"),
            reverse("organisations:programmes"),
            reverse("organisations:programme_create"),
            reverse("accounts:users"),
            reverse("accounts:user_edit", args=[world.users[Role.PEER_SPECIALIST].public_id]),
            reverse("audit:list"),
            reverse("account_change_password"),
            reverse("account_email"),
            reverse("mfa_index"),
            reverse("usersessions_list"),
            reverse("accounts:api_tokens"),
        ],
    )


def test_clinician_participant_and_community_pages_are_accessible(live_server, new_page, world):
    ProgrammeFactory(organisation=world.org, name="Family Support")
    check_pages(new_page(world.users[Role.CLINICIAN]), live_server.url, ["/home/staff/"])
    check_pages(
        new_page(world.users[Role.PARTICIPANT]),
        live_server.url,
        [reverse("participants_self:home"), reverse("account_change_password")],
    )
    check_pages(
        new_page(world.users[Role.COMMUNITY_MEMBER]),
        live_server.url,
        [reverse("core:community_home"), reverse("mfa_index")],
    )


def test_crisis_panel_fits_a_phone_screen(live_server, new_page):
    page = new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(live_server.url + "/")
    button = page.locator("summary.crisis-button")
    box = button.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, "crisis button needs scrolling"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    button.tap()
    panel = page.locator(".crisis-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("988")
    panel_box = panel.bounding_box()
    assert panel_box is not None
    assert panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= 390
    assert panel_box["y"] >= 0 and panel_box["y"] + panel_box["height"] <= 844
    # The last line can be scrolled to inside the panel.
    last = panel.locator(".crisis-lines li").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"page scrolls sideways ({page_width}px)"
    assert_no_axe_violations(page)
    page.screenshot(path="/tmp/hearth-mobile-crisis.png")


def test_signed_in_pages_reflow_at_320_pixels(live_server, new_page, world):
    """WCAG 1.4.10: nothing but data tables may need sideways scrolling at 320 CSS pixels."""
    page = new_page(world.users[Role.ORG_ADMIN], viewport={"width": 320, "height": 640})
    pid = world.mine.public_id
    wide = []
    for path, with_axe in [
        (reverse("core:staff_home"), False),
        (reverse("participants:list"), True),
        (reverse("participants:detail", args=[pid]), False),
        (reverse("participants:edit", args=[pid]), False),
        (reverse("accounts:users"), True),
        (reverse("audit:list"), True),
        (reverse("usersessions_list"), True),
        (reverse("accounts:api_tokens"), True),
    ]:
        # Pages with tables are axe-checked here too: a table that scrolls inside its
        # wrapper on a phone must be reachable by keyboard.
        if with_axe:
            visit(page, live_server.url, path)
        else:
            page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px")
    assert not wide, "pages wider than a 320px screen: " + ", ".join(wide)


def test_keyboard_reaches_skip_link_then_crisis_control(live_server, page):
    page.goto(live_server.url + "/help/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("summary.crisis-button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".crisis-panel")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".crisis-panel")).to_be_hidden()
    expect(page.locator("summary.crisis-button")).to_be_focused()
    # Tabbing on past the panel's last link closes it, so it never hides what has focus.
    page.keyboard.press("Enter")
    for _ in range(page.locator(".crisis-panel a").count() + 1):
        page.keyboard.press("Tab")
    expect(page.locator(".crisis-panel")).to_be_hidden()
    expect(page.locator(".brand")).to_be_focused()


def test_console_check_catches_csp_violations(live_server, page, console):
    """The guard every test relies on: an inline style is refused by the CSP and the
    refusal reaches the console log that fails a test."""
    page.goto(live_server.url + "/help/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)  # let the console event arrive
    assert any("Content Security Policy" in e for e in console.errors), console.errors
    console.errors.clear()
