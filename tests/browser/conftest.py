"""Browser tests: one headless Chromium for the session, a fresh context per test, axe-core on
every page we visit, and any console error (CSP violations land there) fails the test."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tests.conftest import signed_in_client

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# ORM calls that factories and fixtures make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


# One Playwright per process, however many modules import the `browser` fixture (each import
# makes its own session fixture, and a second sync Playwright in one thread refuses to start).
_playwright: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser() -> Browser:
    if "browser" not in _playwright:
        pw = sync_playwright().start()
        _playwright["pw"] = pw
        _playwright["browser"] = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    return _playwright["browser"]  # type: ignore[return-value]


def pytest_sessionfinish(session, exitstatus) -> None:
    if "browser" in _playwright:
        _playwright.pop("browser").close()  # type: ignore[attr-defined]
        _playwright.pop("pw").stop()  # type: ignore[attr-defined]


@dataclass
class ConsoleLog:
    errors: list[str] = field(default_factory=list)
    #: Patterns a test expects (e.g. the 404 status of a page it visits on purpose).
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


def _new_context(browser: Browser, log: ConsoleLog, **kwargs) -> BrowserContext:
    context = browser.new_context(locale="en-US", **kwargs)
    # Generous for a loaded CI machine; a passing run never waits this long.
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(20_000)

    # The live server speaks plain WSGI, so the staff alerts socket is answered here instead:
    # an open socket that says nothing, as on a quiet day.
    context.route_web_socket(re.compile(r"/ws/alerts/$"), lambda ws: None)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page(page: Page) -> None:
        page.on("console", on_console)
        page.on("pageerror", lambda exc: log.errors.append(f"pageerror: {exc}"))

    context.on("page", on_page)
    return context


@pytest.fixture(autouse=True)
def _audit_trail_flushable(transactional_db) -> Iterator[None]:
    """The live server needs a real (flushed, not rolled back) database. On PostgreSQL the
    flush is a TRUNCATE, which the append-only trigger allows; SQLite flushes with DELETE,
    so the trigger is lifted just for the clean-up."""
    yield
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("hearth.audit.migrations.0002_append_only_trigger")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE_DOWN:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditevent")
        for sql in migration.SQLITE_UP:
            cursor.execute(sql)


@pytest.fixture
def console() -> ConsoleLog:
    """Console errors seen by the test's pages; checked when the test ends."""
    return ConsoleLog()


@pytest.fixture
def new_page(browser, console, live_server) -> Iterator:
    """``new_page(user=None, **context_kwargs)`` opens a page in a fresh browser context,
    signed in as ``user`` (past two-step sign-in) when given."""
    contexts: list[BrowserContext] = []

    def make(user=None, **kwargs) -> Page:
        context = _new_context(browser, console, **kwargs)
        contexts.append(context)
        if user is not None:
            sign_in_context(context, user, live_server.url)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    unexpected = console.unexpected()
    assert not unexpected, "Browser console errors:\n" + "\n".join(unexpected)


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def sign_in_context(context: BrowserContext, user, base_url: str) -> None:
    """Sign in by copying a test client's session cookie (with the MFA flag set) into the
    browser: the sign-in flow itself has its own test."""
    client = signed_in_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url, "httpOnly": True}]
    )


# axe only "needs review" an aria-describedby that points nowhere; a help text or error that is
# silently not announced is exactly the bug we want to catch, so it fails here.
_BROKEN_IDREFS_JS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('[aria-describedby],[aria-labelledby],label[for]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby', 'for']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (document.querySelectorAll('[id="' + CSS.escape(id) + '"]').length !== 1) {
          broken.push(el.outerHTML.slice(0, 120) + ' -> ' + attr + '="' + id + '"');
        }
      }
    }
  }
  return broken;
}"""


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now, and check that
    every label and ARIA reference points at exactly one element."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    broken = page.evaluate(_BROKEN_IDREFS_JS)
    if broken:
        violations.append(
            {
                "id": "idref-target",
                "impact": "serious",
                "help": "Labels and ARIA references must point at exactly one element",
                "nodes": [{"target": [b], "html": ""} for b in broken],
            }
        )
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:8]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


def visit(page: Page, base_url: str, path: str, *, status: int = 200) -> Page:
    """Open ``path``, check the status and that the page is axe-clean."""
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == status, f"{path}: HTTP {response.status}"
    assert_no_axe_violations(page)
    return page
