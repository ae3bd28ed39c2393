"""Swagger UI really runs in a browser under our CSP, offline: the page renders the
operations, "Try it out" works with the signed-in session (CSRF token included), and the
console stays free of errors (CSP violations are reported there)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hearth.core.policy import Role
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _audit_trail_flushable,
    browser,
    console,
    new_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def try_it_out(page: Page, opblock_class: str) -> str:
    """Open an operation, run it with Swagger UI's defaults, return the live status code."""
    block = page.locator(f".{opblock_class}", has_text="/api/v1/participants").first
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_be_visible()
    return status.inner_text().strip()


def test_docs_render_and_run_under_csp_without_network(live_server, new_page, world):  # noqa: F811
    page = new_page(user=world.users[Role.ORG_ADMIN])
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )

    response = page.goto(live_server.url + "/api/docs")

    assert response is not None and response.status == 200
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Hearth API")
    assert try_it_out(page, "opblock-get").startswith("200")
    # A write from the page: the session and Swagger UI's CSRF header are accepted.
    assert try_it_out(page, "opblock-post").startswith("201")
    assert outside == []
