"""The warmline in real browsers over real WebSockets: a visitor and a peer chatting in two
browser contexts, a high-risk chat jumping the peer's queue with the crisis protocol open,
the supervisor's crisis alert, and axe on the visitor's pages and the console.

pytest-django's live server speaks WSGI only, so these tests serve the ASGI application
(HTTP and WebSockets) with uvicorn in a thread of the test process, which shares the test
database (SQLite's shared in-memory database, or the PostgreSQL test database) and the
in-memory channel layer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import expect

from hearth.core.policy import Role
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    ConsoleLog,
    _audit_trail_flushable,
    assert_no_axe_violations,
    browser,
    console,
    sign_in_context,
)
from tests.helpline.helpers import on_shift, open_line, waiting_chat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise serves the static files as a synchronous stream; under ASGI Django warns
    # that it buffers them. Harmless here (test files are small); warnings are errors.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _free_port() -> int:
    for port in range(8440, 8500):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8440-8499")


@pytest.fixture
def asgi_server(transactional_db, settings) -> Iterator[str]:
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    from config.asgi import application

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)
    assert not thread.is_alive(), "uvicorn did not stop"


@pytest.fixture
def contexts(browser, console: ConsoleLog) -> Iterator:  # noqa: F811
    made = []

    def make(**kwargs):
        context = browser.new_context(locale="en-US", **kwargs)
        context.set_default_timeout(10_000)

        def on_page(page):
            page.on(
                "console",
                lambda m: (
                    console.errors.append(f"console: {m.text}") if m.type == "error" else None
                ),
            )
            page.on("pageerror", lambda exc: console.errors.append(f"pageerror: {exc}"))

        context.on("page", on_page)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
    unexpected = console.unexpected()
    assert not unexpected, "Browser console errors:\n" + "\n".join(unexpected)


def test_visitor_and_peer_chat_and_a_high_risk_chat_jumps_the_queue(world, asgi_server, contexts):
    specialist = world.users[Role.PEER_SPECIALIST]
    supervisor = world.users[Role.PEER_SUPERVISOR]
    open_line(world)
    on_shift(specialist)
    on_shift(supervisor)
    waiting_chat(world, topic="Rough day at work")
    waiting_chat(world, topic="Can't sleep")

    peer_context = contexts()
    sign_in_context(peer_context, specialist, asgi_server)
    peer = peer_context.new_page()
    peer.goto(asgi_server + "/helpline/console/")
    expect(peer.locator(".queue-item")).to_have_count(2)
    assert_no_axe_violations(peer)

    supervisor_context = contexts()
    sign_in_context(supervisor_context, supervisor, asgi_server)
    boss = supervisor_context.new_page()
    boss.goto(asgi_server + "/helpline/console/")

    visitor = contexts(**PHONE).new_page()
    visitor.goto(asgi_server + "/helpline/talk/riverbend/")
    assert_no_axe_violations(visitor)
    visitor.get_by_role("button", name="Start the chat").click()
    visitor.wait_for_url("**/chat/")
    expect(visitor.locator("#chat-status")).to_contain_text("You are in the queue")
    assert_no_axe_violations(visitor)

    expect(peer.locator(".queue-item")).to_have_count(3)  # arrived live over the queue socket
    visitor.get_by_label("Your message").fill("I'm going to kill myself tonight")
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.locator("#transcript .msg-visitor")).to_contain_text("kill myself tonight")

    top = peer.locator(".queue-item").first
    expect(top).to_contain_text("High risk")
    expect(top.locator("details.protocol")).to_have_attribute("open", "")
    expect(boss.locator("#live-alerts .message-crisis")).to_contain_text("High-risk warmline chat")
    expect(boss.locator(".queue-item").first).to_contain_text("High risk")

    top.get_by_role("button", name="Pick up").click()
    peer.wait_for_url("**/helpline/chats/**")
    expect(peer.locator("#crisis-protocol")).to_have_attribute("open", "")
    expect(peer.locator("#transcript")).to_contain_text("kill myself tonight")
    assert_no_axe_violations(peer)
    expect(visitor.locator("#chat-status")).to_contain_text("A peer is with you")

    peer.get_by_label("Your reply").fill("I'm really glad you reached out. Are you safe right now?")
    peer.get_by_role("button", name="Send").click()
    expect(visitor.locator("#transcript .msg-peer")).to_contain_text("Are you safe right now?")
    visitor.get_by_label("Your message").fill("<b>at home</b>, the pills are in the kitchen")
    visitor.get_by_role("button", name="Send").click()
    expect(peer.locator("#transcript .msg-visitor").last).to_contain_text("<b>at home</b>")
    assert visitor.locator("#transcript b").count() == 0  # shown as text, never as HTML
    assert_no_axe_violations(visitor)
