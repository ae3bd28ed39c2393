"""WebSockets for the warmline: one socket per chat (visitor or staff side) and one for the
peer console's queue.

A client connects with ``?after=<last sequence seen>`` and first receives every stored
message after it, then live ones; each message goes out exactly once and in order (a gap
in live delivery is filled from the database). Staff must be signed in past two-step
sign-in and have the chat in their scope; a visitor must hold the chat's token in their
session. Anyone else is refused with close code 4403 (4404 for an unknown chat).
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hearth.audit.models import Channel
from hearth.core.consumers import signed_in_staff
from hearth.core.policy import Perm, can
from hearth.helpline import realtime, rules, selectors, services
from hearth.helpline.models import Chat, ChatStatus
from hearth.helpline.texts import refusal_text

logger = logging.getLogger(__name__)
VISITOR_SESSION_KEY = "helpline_chat"


def _after(scope) -> int:
    values = parse_qs(scope.get("query_string", b"").decode()).get("after", ["0"])
    try:
        return max(0, int(values[0]))
    except ValueError:
        return 0


class ChatConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    @database_sync_to_async
    def _authorise(self, public_id):
        """(chat, role, language) for this socket, or (None, close code, None)."""
        user = signed_in_staff(self.scope)
        if user is not None and can(user, Perm.HELPLINE_CONSOLE):
            chat = Chat.objects.filter(selectors.chat_scope(user), public_id=public_id).first()
            if chat is None:
                return None, 4404, None
            services.chat_viewed(actor=user, chat=chat, channel=Channel.API)
            return chat, "staff", user.preferred_language or "en"
        session = self.scope.get("session")
        held = session.get(VISITOR_SESSION_KEY) if session is not None else None
        if not held or held.get("id") != str(public_id):
            return None, 4403, None
        chat = Chat.objects.filter(public_id=public_id).first()
        if chat is None or not services.token_matches(chat, held.get("token")):
            return None, 4403, None
        return chat, "visitor", chat.language

    async def connect(self):
        self.groups_joined = []
        chat, role, language = await self._authorise(self.scope["url_route"]["kwargs"]["public_id"])
        if chat is None:
            await self.close(code=role)
            return
        self.chat, self.role, self.language = chat, role, language
        self.staff = role == "staff"
        self.sent_upto = _after(self.scope)
        live = True
        try:
            group = realtime.chat_group(chat.pk, staff=self.staff)
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        except Exception as exc:  # noqa: BLE001 — Redis away: the chat still works, not live
            logger.warning("helpline: channel layer unavailable (%s)", type(exc).__name__)
            live = False
        await self.accept()
        hello = {"type": "hello", "live": live, "status": chat.status}
        if self.staff:
            hello["risk"] = chat.risk
        await self.send_json(hello)
        await self._catch_up()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # noqa: BLE001, S110 — the layer is gone; nothing to discard
                pass

    @database_sync_to_async
    def _missing(self):
        return selectors.messages_for(self.chat, after=self.sent_upto, staff=self.staff)

    async def _catch_up(self):
        for message in await self._missing():
            if message.seq > self.sent_upto:
                await self._emit(realtime.message_event(message))

    async def _send_message(self, event):
        if event["seq"] <= self.sent_upto:
            return  # already sent (from the backlog or a duplicate publish)
        if event["seq"] > self.sent_upto + 1:
            # A gap: fill it from the store first (for a visitor it may only be a whisper).
            await self._catch_up()
            if event["seq"] <= self.sent_upto:
                return
        await self._emit(event)

    async def _emit(self, event):
        self.sent_upto = event["seq"]
        payload = {k: event[k] for k in ("seq", "sender", "body", "at")}
        payload["type"] = "message"
        if self.staff:
            payload["author"] = event.get("author", "")
        await self.send_json(payload)

    # --- from the client ---------------------------------------------------------------------

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "message":
            await self._post(content)
        elif kind == "typing":
            await self._typing()
        elif kind == "resume":
            await self._catch_up()

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Binary frames and malformed JSON are refused with a reason, not a crash."""
        if bytes_data is not None or text_data is None:
            await self._refuse(None, "binary")
            return
        if len(text_data) > rules.MAX_MESSAGE_CHARS * 6 + 200:
            await self._refuse(None, "too_long")
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            await self._refuse(None, "binary")
            return
        await self.receive_json(content)

    async def _refuse(self, client_id, code):
        with translation.override(self.language):
            detail = str(refusal_text(code))
        await self.send_json(
            {"type": "refused", "client_id": client_id, "code": code, "detail": detail}
        )

    def _store_sync(self, body, whisper):
        chat = self.chat  # the service locks and re-reads the row it needs
        if self.staff:
            user = signed_in_staff(self.scope)
            return services.peer_message_post(
                actor=user, chat=chat, body=body, whisper=whisper, deliver=False
            )
        return services.visitor_message_post(chat=chat, body=body, deliver=False)

    async def _store(self, body, whisper):
        # Not thread-sensitive: storing a message is mostly waiting for the commit, so
        # messages of different chats are stored in parallel threads (each with its own
        # connection); the chat's row lock keeps one chat's sequence numbers in order.
        return await database_sync_to_async(self._store_sync, thread_sensitive=False)(body, whisper)

    async def _post(self, content):
        client_id = content.get("client_id")
        if not isinstance(client_id, str | int | None):
            client_id = None
        try:
            message = await self._store(content.get("body"), bool(content.get("whisper")))
        except rules.MessageRefused as exc:
            await self._refuse(client_id, exc.code)
            return
        except (PermissionDenied, ValidationError):
            await self._refuse(client_id, "not_yours")
            return
        live = await realtime.apublish_message(message)
        await self.send_json(
            {"type": "ack", "client_id": client_id, "seq": message.seq, "live": live}
        )
        if not live:
            await self._send_message(realtime.message_event(message))

    async def _typing(self):
        try:
            await self.channel_layer.group_send(
                realtime.chat_group(self.chat.pk, staff=not self.staff),
                {"type": "chat.typing", "who": "peer" if self.staff else "visitor"},
            )
        except Exception:  # noqa: BLE001, S110 — typing is best effort
            pass

    # --- from the channel layer --------------------------------------------------------------

    async def chat_message(self, event):
        await self._send_message(event)

    async def chat_typing(self, event):
        await self.send_json({"type": "typing", "who": event.get("who")})

    async def chat_state(self, event):
        state = {"type": "state", "status": event.get("status")}
        if self.staff and "risk" in event:
            state["risk"] = event["risk"]
        await self.send_json(state)
        if event.get("status") == ChatStatus.ENDED:
            await self._catch_up()


class QueueConsumer(AsyncJsonWebsocketConsumer):
    """Tells the peer console that the queue changed (a chat arrived, was picked up, or its
    risk rose), so it re-reads the queue at once. Carries no chat content."""

    async def connect(self):
        user = signed_in_staff(self.scope)
        if user is None or not can(user, Perm.HELPLINE_CONSOLE):
            await self.close(code=4403)
            return
        self.group = realtime.queue_group(user.organisation_id)
        live = True
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
        except Exception:  # noqa: BLE001
            live = False
        await self.accept()
        await self.send_json({"type": "hello", "live": live})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:  # noqa: BLE001, S110
                pass

    async def queue_changed(self, event):
        await self.send_json({"type": "queue", "risk": event.get("risk")})
