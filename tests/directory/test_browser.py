"""Find help and the resource-connecting page in a real browser, phone-sized: axe-clean,
no console errors, search works without JavaScript, and a peer saves a service."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from hearth.core.policy import Role
from hearth.directory.demo import load_demo
from hearth.directory.models import SavedResource
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    _audit_trail_flushable,
    browser,
    console,
    new_page,
    visit,
)

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo_directory(world):
    load_demo(world.org, {"specialist": world.users[Role.PEER_SPECIALIST]}, {}, now=timezone.now())


def test_find_help_on_a_phone_without_javascript(world, demo_directory, new_page, live_server):  # noqa: F811
    # axe itself needs JavaScript, so the no-JS page is only driven; axe runs on a normal one.
    page = new_page(java_script_enabled=False, **PHONE)
    page.goto(live_server.url + "/find-help/")
    page.get_by_label("What do you need?").fill("somewhere to sleep tonight")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/find-help/?q=*")
    assert "Shelter" in page.locator("article.listing h3").first.inner_text()
    checked = new_page(**PHONE)
    visit(checked, live_server.url, page.url.removeprefix(live_server.url))
    checked.locator("article.listing h3 a").first.click()
    checked.wait_for_url("**/find-help/services/**")
    visit(checked, live_server.url, checked.url.removeprefix(live_server.url))


def test_find_help_in_spanish_is_axe_clean(world, demo_directory, new_page, live_server):  # noqa: F811
    page = new_page(**PHONE)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    visit(page, live_server.url, "/find-help/?q=grupo+de+apoyo+en+espa%C3%B1ol")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Nuevo Amanecer" in page.locator("article.listing h3").first.inner_text()


def test_peer_saves_a_service_to_a_participants_list(world, demo_directory, new_page, live_server):  # noqa: F811
    page = new_page(world.users[Role.PEER_SPECIALIST], **PHONE)
    visit(page, live_server.url, f"/directory/participants/{world.mine.public_id}/?q=detox")
    before = SavedResource.objects.filter(participant=world.mine).count()
    page.get_by_role("button", name="Save to their list").first.click()
    page.wait_for_url(f"**/directory/participants/{world.mine.public_id}/?q=detox")
    assert SavedResource.objects.filter(participant=world.mine).count() == before + 1
    visit(page, live_server.url, f"/directory/participants/{world.mine.public_id}/print/")
    assert "Withdrawal Management" in page.content()
