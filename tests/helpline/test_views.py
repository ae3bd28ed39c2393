"""The warmline pages through the test client: the visitor's whole visit, after hours,
the console and its queue, transcripts (audited, 404 outside scope), bad input over the
plain-HTTP fallback, and flat query counts on the list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.helpline import services
from hearth.helpline.models import Chat, Message, Warmline
from tests.factories import UserFactory
from tests.helpline.helpers import active_chat, on_shift, open_line, waiting_chat

pytestmark = pytest.mark.django_db


def _start(client, world, **data):
    open_line(world)
    payload = {"language": "en", "topic": "", **data}
    return client.post(reverse("helpline:visit", args=["riverbend"]), payload)


def test_a_visitor_chats_anonymously_from_start_to_feedback(world, client_for):
    visitor = Client()
    open_line(world)
    on_shift(world.users[Role.PEER_SPECIALIST])
    door = visitor.get(reverse("helpline:visit", args=["riverbend"]))
    html = door.content.decode()
    assert door.status_code == 200
    assert html.index("In danger right now? Call 911.") < html.index("<h1>Talk with a peer")
    assert "1 peer is on shift. A likely wait: about" in html
    response = _start(visitor, world, topic="lonely tonight")
    assert response.status_code == 302
    chat = Chat.objects.get()
    assert chat.topic == "lonely tonight" and chat.status == "waiting"
    page = visitor.get(response["Location"]).content.decode()
    assert "You are in the queue" in page and "Things that can help while you wait" in page
    assert (
        visitor.post(
            reverse("helpline:visitor_send", args=["riverbend"]), {"body": "<b>hello</b>"}
        ).status_code
        == 302
    )
    page = visitor.get(reverse("helpline:visitor_chat", args=["riverbend"])).content.decode()
    assert "&lt;b&gt;hello&lt;/b&gt;" in page and "<b>hello</b>" not in page
    polled = visitor.get(
        reverse("helpline:visitor_messages", args=["riverbend"]), {"after": 0}
    ).json()
    assert [m["body"] for m in polled["messages"]] == ["<b>hello</b>"]  # JSON; shown as text
    assert polled["wait"]["low"] >= 1
    services.chat_pick_up(actor=world.users[Role.PEER_SPECIALIST], chat=chat)
    services.chat_end(
        actor=world.users[Role.PEER_SPECIALIST],
        chat=chat,
        topics=["loneliness"],
        risk=0,
        resources=[],
        follow_up=False,
    )
    page = visitor.get(reverse("helpline:visitor_chat", args=["riverbend"])).content.decode()
    assert "Did this chat help?" in page
    done = visitor.post(reverse("helpline:visitor_feedback", args=["riverbend"]), {"helped": "3"})
    assert done.status_code == 302
    assert Chat.objects.get().feedback == 3
    # The session no longer holds the chat: the visitor is back at the front door.
    assert (
        "Start the chat"
        in visitor.get(reverse("helpline:visitor_chat", args=["riverbend"])).content.decode()
    )


def test_another_visitor_cannot_read_or_write_someone_elses_chat(world):
    first = Client()
    _start(first, world)
    stranger = Client()
    assert stranger.get(reverse("helpline:visitor_messages", args=["riverbend"])).status_code == 404
    assert (
        stranger.post(
            reverse("helpline:visitor_send", args=["riverbend"]), {"body": "hi"}
        ).status_code
        == 404
    )
    assert not Message.objects.exists()


def test_bad_input_over_http_is_refused_with_a_reason(world):
    visitor = Client()
    _start(visitor, world)
    url = reverse("helpline:visitor_send", args=["riverbend"])
    json = {"HTTP_ACCEPT": "application/json"}
    for body, code in [("", "empty"), ("x" * 5000, "too_long"), ("a\x00b", "binary")]:
        response = visitor.post(url, {"body": body}, **json)
        assert response.status_code == 400 and response.json()["code"] == code
    response = visitor.post(url, {"body": "   "})
    page = visitor.get(response["Location"]).content.decode()
    assert "Your message was empty, so nothing was sent." in page
    assert visitor.post(url, {"body": "still fine"}, **json).json() == {"seq": 1}


def test_spanish_visitor_is_told_why_in_spanish(world):
    visitor = Client()
    _start(visitor, world, language="es")
    response = visitor.post(
        reverse("helpline:visitor_send", args=["riverbend"]),
        {"body": ""},
        HTTP_ACCEPT="application/json",
    )
    assert "vacío" in response.json()["detail"]
    page = visitor.get(reverse("helpline:visitor_chat", args=["riverbend"])).content.decode()
    assert 'lang="es"' in page and "Estás en la fila" in page


def test_after_hours_the_door_shows_988_and_crisis_text_line(world):
    Warmline.objects.create(
        organisation=world.org,
        name="Riverbend Warmline",
        opens_at=dt.time(0, 0),
        closes_at=dt.time(0, 0, 1),
    )
    visitor = Client()
    page = visitor.get(reverse("helpline:visit", args=["riverbend"])).content.decode()
    assert "We are closed right now" in page
    assert 'href="tel:988"' in page and "741741" in page
    assert "Start the chat" not in page
    response = visitor.post(reverse("helpline:visit", args=["riverbend"]), {"language": "en"})
    assert response.status_code == 400 and not Chat.objects.exists()


def test_an_organisation_without_a_warmline_has_no_door(world):
    assert Client().get(reverse("helpline:visit", args=["harbor"])).status_code == 404


def test_the_console_shows_the_queue_high_risk_first_with_the_protocol(world, client_for):
    specialist = world.users[Role.PEER_SPECIALIST]
    on_shift(specialist)
    waiting_chat(world)
    high, _ = waiting_chat(world)
    services.visitor_message_post(
        chat=high, body="I have the pills counted out, tonight is the night"
    )
    page = client_for(specialist).get(reverse("helpline:console")).content.decode()
    first = page.index("queue-item")
    assert page.index("High risk", first) < page.index("No risk seen", first)
    assert "Crisis protocol" in page and "Ask directly about suicide." in page
    assert "Waiting: 2 chats" in page


def test_picking_up_and_answering_from_the_console(world, client_for):
    specialist = world.users[Role.PEER_SPECIALIST]
    on_shift(specialist)
    chat, _ = waiting_chat(world)
    client = client_for(specialist)
    response = client.post(reverse("helpline:pick_up", args=[chat.public_id]))
    assert response["Location"] == reverse("helpline:chat", args=[chat.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "Canned responses" in page and "End the chat and save" in page
    client.post(reverse("helpline:chat_send", args=[chat.public_id]), {"body": "Hi, I'm Sam."})
    assert Message.objects.filter(chat=chat, sender="peer").count() == 1
    ended = client.post(
        reverse("helpline:end", args=[chat.public_id]),
        {"topics": ["loneliness"], "risk": "1", "resources": ["988"], "follow_up": "on"},
    )
    assert ended.status_code == 302
    chat.refresh_from_db()
    assert chat.status == "ended" and chat.follow_up


def test_opening_a_transcript_is_audited_and_outsiders_get_404(world, client_for):
    chat = active_chat(world)
    url = reverse("helpline:chat", args=[chat.public_id])
    assert client_for(world.users[Role.PEER_SPECIALIST]).get(url).status_code == 200
    assert AuditEvent.objects.filter(
        object_type="helpline_chat", object_id=str(chat.public_id), action="view"
    ).exists()
    teammate = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    outsider = UserFactory(organisation=world.other_org, role=Role.ORG_ADMIN)
    for user in (teammate, outsider):
        assert client_for(user).get(url).status_code == 404
        assert (
            client_for(user)
            .get(reverse("helpline:chat_messages", args=[chat.public_id]))
            .status_code
            == 404
        )


def test_the_supervisor_sees_the_floor_and_can_take_over(world, client_for):
    chat = active_chat(world)
    supervisor = world.users[Role.PEER_SUPERVISOR]
    client = client_for(supervisor)
    assert "All open chats" in client.get(reverse("helpline:console")).content.decode()
    page = client.get(reverse("helpline:chat", args=[chat.public_id])).content.decode()
    assert "Whisper to the peer" in page and "Take over this chat" in page
    client.post(
        reverse("helpline:chat_send", args=[chat.public_id]),
        {"body": "ask about sleep", "whisper": "1"},
    )
    assert Message.objects.get(chat=chat, sender="whisper").author_id == supervisor.pk
    client.post(reverse("helpline:take_over", args=[chat.public_id]))
    assert Chat.objects.get(pk=chat.pk).peer_id == supervisor.pk


def test_shifts_page_and_scheduling(world, client_for):
    open_line(world)
    supervisor = world.users[Role.PEER_SUPERVISOR]
    client = client_for(supervisor)
    bad = client.post(
        reverse("helpline:shifts"),
        {
            "peer": world.users[Role.PEER_SPECIALIST].pk,
            "starts_at": "2026-12-03T18:00",
            "ends_at": "2026-12-03T17:00",
        },
    )
    assert bad.status_code == 400 and "A shift must end after it starts." in bad.content.decode()
    ok = client.post(
        reverse("helpline:shifts"),
        {
            "peer": world.users[Role.PEER_SPECIALIST].pk,
            "starts_at": "2030-12-03T18:00",
            "ends_at": "2030-12-03T22:00",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("helpline:shifts")).content.decode()
    assert "Coverage gaps in the next seven days" in page and "Nobody is on shift." in page
    manager = client_for(world.users[Role.PROGRAMME_MANAGER])
    assert "Schedule a shift" not in manager.get(reverse("helpline:shifts")).content.decode()
    assert manager.post(reverse("helpline:shifts"), {}).status_code == 403


def _queries(client, url, *, warm=False):
    if warm:
        client.get(url)  # the first request of a session loads it and its user
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ["helpline:console", "helpline:queue"])
def test_console_query_count_stays_flat(world, client_for, route):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    client = client_for(supervisor)
    url = reverse(route)
    waiting_chat(world)
    active_chat(world)
    first = _queries(client, url, warm=True)
    for _ in range(5):
        waiting_chat(world)
    peer = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    for _ in range(3):
        active_chat(world, peer=peer)
    assert _queries(client, url) == first


def test_shifts_query_count_stays_flat(world, client_for):
    open_line(world)
    client = client_for(world.users[Role.PEER_SUPERVISOR])
    on_shift(world.users[Role.PEER_SPECIALIST])
    first = _queries(client, reverse("helpline:shifts"), warm=True)
    for _ in range(4):
        on_shift(UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST))
    assert _queries(client, reverse("helpline:shifts")) == first


def test_transcript_query_count_stays_flat(world, client_for):
    chat = active_chat(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("helpline:chat", args=[chat.public_id])
    first = _queries(client, url, warm=True)
    for n in range(6):
        services.peer_message_post(actor=world.users[Role.PEER_SPECIALIST], chat=chat, body=f"m{n}")
    assert _queries(client, url) == first
