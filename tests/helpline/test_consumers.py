"""The chat and queue sockets through Channels' WebsocketCommunicator: delivery both ways,
risk and alerts, resume without loss or duplication, whispers, a failing channel layer,
bad input and who may connect."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing.websocket import WebsocketCommunicator

from hearth.accounts.middleware import MFA_OK_KEY
from hearth.core.policy import Role
from hearth.core.routing import websocket_urlpatterns
from hearth.helpline import rules
from hearth.helpline.consumers import VISITOR_SESSION_KEY
from hearth.helpline.models import Chat, Message
from tests.asyncio_helpers import run_async
from tests.factories import UserFactory
from tests.helpline.helpers import on_shift, open_line, waiting_chat

app = URLRouter(websocket_urlpatterns)
pytestmark = pytest.mark.django_db(transaction=True)


def _staff_session():
    return {MFA_OK_KEY: True}


async def _connect(path, *, user=None, session=None):
    communicator = WebsocketCommunicator(app, path)
    if user is not None:
        communicator.scope["user"] = user
    else:
        from django.contrib.auth.models import AnonymousUser

        communicator.scope["user"] = AnonymousUser()
    communicator.scope["session"] = session if session is not None else {}
    connected, code = await communicator.connect()
    return communicator, connected, code


async def _visitor(chat, token, after=0):
    session = {VISITOR_SESSION_KEY: {"id": str(chat.public_id), "token": token, "org": "riverbend"}}
    comm, ok, code = await _connect(
        f"/ws/helpline/chat/{chat.public_id}/?after={after}", session=session
    )
    assert ok, code
    hello = await comm.receive_json_from(timeout=5)
    assert hello["type"] == "hello" and "risk" not in hello  # risk is for staff only
    return comm


async def _staff(chat, user, after=0):
    comm, ok, code = await _connect(
        f"/ws/helpline/chat/{chat.public_id}/?after={after}", user=user, session=_staff_session()
    )
    assert ok, code
    hello = await comm.receive_json_from(timeout=5)
    assert hello["type"] == "hello" and "risk" in hello
    return comm


async def _next_of(comm, kind, *, timeout=5):
    while True:
        event = await comm.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


def _chat_with_token(world):
    """An open chat answered by the specialist, and the visitor's token."""
    chat, token = waiting_chat(world)
    specialist = world.users[Role.PEER_SPECIALIST]
    on_shift(specialist)
    from hearth.helpline import services

    services.chat_pick_up(actor=specialist, chat=chat)
    chat.refresh_from_db()
    return chat, token


def test_visitor_and_peer_exchange_messages_in_order(world):
    chat, token = _chat_with_token(world)
    specialist = world.users[Role.PEER_SPECIALIST]

    async def scenario():
        peer = await _staff(chat, specialist)
        joined = await _next_of(peer, "message")  # the "a peer has joined" line from the store
        assert joined["sender"] == "system"
        visitor = await _visitor(chat, token, after=joined["seq"])
        await visitor.send_json_to(
            {"type": "message", "body": "hi, can we talk about my week", "client_id": 1}
        )
        ack = await _next_of(visitor, "ack")
        assert ack == {"type": "ack", "client_id": 1, "seq": joined["seq"] + 1, "live": True}
        echoed = await _next_of(visitor, "message")
        assert echoed["body"] == "hi, can we talk about my week" and "author" not in echoed
        got = await _next_of(peer, "message")
        assert (got["seq"], got["sender"], got["body"]) == (ack["seq"], "visitor", echoed["body"])
        await visitor.send_json_to({"type": "typing"})
        assert (await _next_of(peer, "typing"))["who"] == "visitor"
        await peer.send_json_to(
            {"type": "message", "body": "Of course. I'm here.", "client_id": "a"}
        )
        reply = await _next_of(visitor, "message")
        assert (reply["sender"], reply["seq"]) == ("peer", ack["seq"] + 1)
        await visitor.disconnect()
        await peer.disconnect()

    run_async(scenario())
    assert list(Message.objects.filter(chat=chat).values_list("seq", flat=True)) == [1, 2, 3]


def test_high_risk_message_raises_the_chat_alerts_the_supervisor_and_reorders_the_queue(world):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    on_shift(supervisor)
    waiting_chat(world)  # someone already waiting, at no risk
    chat, token = waiting_chat(world)

    async def scenario():
        alerts, ok, _ = await _connect("/ws/alerts/", user=supervisor, session=_staff_session())
        assert ok
        queue, ok, _ = await _connect(
            "/ws/helpline/queue/", user=supervisor, session=_staff_session()
        )
        assert ok and (await queue.receive_json_from(timeout=5))["live"] is True
        visitor = await _visitor(chat, token)
        await visitor.send_json_to({"type": "message", "body": "I'm going to kill myself tonight"})
        await _next_of(visitor, "ack")
        assert (await queue.receive_json_from(timeout=5)) == {"type": "queue", "risk": 3}
        alert = await alerts.receive_json_from(timeout=5)
        assert alert["level"] == "crisis" and alert["url"].endswith(f"/chats/{chat.public_id}/")
        assert "kill" not in alert["message"]  # no chat content on a possibly shared screen
        for comm in (alerts, queue, visitor):
            await comm.disconnect()

    run_async(scenario())
    chat.refresh_from_db()
    assert chat.risk == 3
    from hearth.helpline.selectors import queue_for

    assert queue_for(world.users[Role.PEER_SPECIALIST])[0].pk == chat.pk


def test_reconnecting_resumes_after_the_last_seen_message_without_loss_or_duplicates(world):
    chat, token = _chat_with_token(world)
    specialist = world.users[Role.PEER_SPECIALIST]

    async def scenario():
        peer = await _staff(chat, specialist)
        seen = (await _next_of(peer, "message"))["seq"]
        await peer.disconnect()  # the peer's connection drops
        visitor = await _visitor(chat, token, after=seen)
        for n in range(3):
            await visitor.send_json_to({"type": "message", "body": f"message {n}", "client_id": n})
            await _next_of(visitor, "ack")
        peer = await _staff(chat, specialist, after=seen)
        resumed = [await _next_of(peer, "message") for _ in range(3)]
        assert [m["body"] for m in resumed] == ["message 0", "message 1", "message 2"]
        assert [m["seq"] for m in resumed] == [seen + 1, seen + 2, seen + 3]
        await visitor.send_json_to({"type": "message", "body": "and one more", "client_id": 9})
        live = await _next_of(peer, "message")
        assert live["seq"] == seen + 4
        assert await peer.receive_nothing(timeout=0.2)  # nothing twice
        await visitor.disconnect()
        await peer.disconnect()

    run_async(scenario())


def test_whispers_reach_the_peer_and_never_the_visitor(world):
    chat, token = _chat_with_token(world)
    supervisor = world.users[Role.PEER_SUPERVISOR]
    specialist = world.users[Role.PEER_SPECIALIST]

    async def scenario():
        visitor = await _visitor(chat, token, after=chat.last_seq)
        peer = await _staff(chat, specialist, after=chat.last_seq)
        monitor = await _staff(chat, supervisor, after=chat.last_seq)
        await monitor.send_json_to({"type": "message", "body": "Ask about means", "whisper": True})
        await _next_of(monitor, "ack")
        whisper = await _next_of(peer, "message")
        assert (whisper["sender"], whisper["body"]) == ("whisper", "Ask about means")
        # A supervisor monitoring silently cannot speak to the visitor without taking over.
        await monitor.send_json_to({"type": "message", "body": "hello", "client_id": 2})
        refused = await _next_of(monitor, "refused")
        assert refused["code"] == "not_yours"
        await peer.send_json_to({"type": "message", "body": "Are you safe right now?"})
        got = await _next_of(visitor, "message")
        assert got["body"] == "Are you safe right now?"  # the whisper was skipped, not queued
        for comm in (visitor, peer, monitor):
            await comm.disconnect()

    run_async(scenario())


def test_when_the_channel_layer_fails_messages_are_kept_and_arrive_on_resume(world, monkeypatch):
    chat, token = _chat_with_token(world)
    specialist = world.users[Role.PEER_SPECIALIST]
    layer = get_channel_layer()

    async def broken(*args, **kwargs):
        raise ConnectionError("redis went away")

    async def scenario():
        visitor = await _visitor(chat, token, after=chat.last_seq)
        monkeypatch.setattr(layer, "group_send", broken)
        await visitor.send_json_to(
            {"type": "message", "body": "are you still there?", "client_id": 1}
        )
        ack = await _next_of(visitor, "ack")
        assert ack["live"] is False  # the page says live delivery is paused
        own = await _next_of(visitor, "message")
        assert own["seq"] == ack["seq"]  # the sender still sees their message, once
        monkeypatch.setattr(layer, "group_add", broken)
        peer, ok, _ = await _connect(
            f"/ws/helpline/chat/{chat.public_id}/?after=0",
            user=specialist,
            session=_staff_session(),
        )
        hello = await peer.receive_json_from(timeout=5)
        assert ok and hello["live"] is False  # the console says so, and the chat still loads
        backlog = [await _next_of(peer, "message") for _ in range(ack["seq"])]
        assert backlog[-1]["body"] == "are you still there?"
        await peer.disconnect()
        monkeypatch.undo()  # the layer is back
        peer = await _staff(chat, specialist, after=ack["seq"])
        await visitor.send_json_to({"type": "message", "body": "ok good", "client_id": 2})
        assert (await _next_of(peer, "message"))["seq"] == ack["seq"] + 1
        await visitor.disconnect()
        await peer.disconnect()

    run_async(scenario())
    assert Message.objects.filter(chat=chat, body="are you still there?").count() == 1


def test_bad_input_is_refused_with_a_reason_and_the_chat_goes_on(world):
    chat, token = _chat_with_token(world)

    async def scenario():
        visitor = await _visitor(chat, token, after=chat.last_seq)
        await visitor.send_to(bytes_data=b"\x00\x01\x02")
        assert (await _next_of(visitor, "refused"))["code"] == "binary"
        await visitor.send_to(text_data="{not json")
        assert (await _next_of(visitor, "refused"))["code"] == "binary"
        await visitor.send_json_to({"type": "message", "body": "   ", "client_id": 1})
        refused = await _next_of(visitor, "refused")
        assert (refused["code"], refused["client_id"]) == ("empty", 1)
        assert "empty" in refused["detail"]
        await visitor.send_json_to({"type": "message", "body": "x" * (rules.MAX_MESSAGE_CHARS + 1)})
        assert (await _next_of(visitor, "refused"))["code"] == "too_long"
        await visitor.send_json_to({"type": "message", "body": "bad\x00byte"})
        assert (await _next_of(visitor, "refused"))["code"] == "binary"
        await visitor.send_json_to({"type": "message", "body": {"nested": 1}})
        assert (await _next_of(visitor, "refused"))["code"] == "binary"
        await visitor.send_json_to({"type": "message", "body": "<script>alert(1)</script>"})
        await _next_of(visitor, "ack")
        for n in range(rules.FLOOD_LIMIT + 2):
            await visitor.send_json_to({"type": "message", "body": f"spam {n}", "client_id": n})
        outcomes = []
        for _ in range(rules.FLOOD_LIMIT + 2):
            event = await visitor.receive_json_from(timeout=5)
            while event["type"] not in ("ack", "refused"):
                event = await visitor.receive_json_from(timeout=5)
            outcomes.append(event.get("code", "ok"))
        assert "flood" in outcomes
        # still connected and answering
        await visitor.send_json_to({"type": "resume"})
        await visitor.send_json_to({"type": "typing"})
        await visitor.disconnect()

    run_async(scenario())
    stored = list(
        Message.objects.filter(chat=chat, sender="visitor").values_list("body", flat=True)
    )
    assert stored[0] == "<script>alert(1)</script>"  # kept as typed; escaped where shown
    assert len(stored) == rules.FLOOD_LIMIT  # the script line plus the spam under the limit


def test_who_may_open_a_chat_socket(world, other_org_peer):
    chat, token = _chat_with_token(world)
    specialist = world.users[Role.PEER_SPECIALIST]
    teammate = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)

    async def scenario():
        path = f"/ws/helpline/chat/{chat.public_id}/"
        _c, ok, code = await _connect(path)  # no token
        assert (ok, code) == (False, 4403)
        _c, ok, code = await _connect(
            path, session={VISITOR_SESSION_KEY: {"id": str(chat.public_id), "token": "guess"}}
        )
        assert (ok, code) == (False, 4403)
        _c, ok, code = await _connect(path, user=specialist, session={})  # not past two-step
        assert (ok, code) == (False, 4403)
        _c, ok, code = await _connect(path, user=teammate, session=_staff_session())
        assert (ok, code) == (False, 4404)  # another peer's chat
        _c, ok, code = await _connect(path, user=other_org_peer, session=_staff_session())
        assert (ok, code) == (False, 4404)
        for role in (Role.PARTICIPANT, Role.COMMUNITY_MEMBER, Role.PROGRAMME_MANAGER):
            _c, ok, code = await _connect(
                "/ws/helpline/queue/", user=world.users[role], session=_staff_session()
            )
            assert (ok, code) == (False, 4403)

    run_async(scenario())


@pytest.fixture
def other_org_peer(world):
    return UserFactory(organisation=world.other_org, role=Role.PEER_SUPERVISOR)


def test_picking_up_moves_the_visitor_on_from_waiting(world):
    open_line(world)
    chat, token = waiting_chat(world)
    specialist = world.users[Role.PEER_SPECIALIST]
    on_shift(specialist)

    async def scenario():
        visitor = await _visitor(chat, token)
        from hearth.helpline import services

        await database_sync_to_async(services.chat_pick_up)(actor=specialist, chat=chat)
        events = [await visitor.receive_json_from(timeout=5) for _ in range(2)]
        assert {"type": "state", "status": "active"} in events
        assert any(e["type"] == "message" and e["sender"] == "system" for e in events)
        await visitor.disconnect()

    run_async(scenario())
    assert Chat.objects.get(pk=chat.pk).peer_id == specialist.pk
