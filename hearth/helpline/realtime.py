"""Publishing warmline events to the channel layer.

Every publish happens after the message is committed, and a failing layer (Redis gone)
never loses anything: the message is already stored, the failure is logged without
personal data, and clients catch up from their last sequence number when they reconnect.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def chat_group(chat_id: int, *, staff: bool) -> str:
    return f"helpline.chat.{chat_id}.{'staff' if staff else 'visitor'}"


def queue_group(organisation_id: int) -> str:
    return f"helpline.queue.{organisation_id}"


def message_event(message) -> dict:
    return {
        "type": "chat.message",
        "seq": message.seq,
        "sender": message.sender,
        "body": message.body,
        "at": message.created_at.isoformat(),
        "author": message.author.get_short_name() if message.author_id else "",
    }


def publish(groups: list[str], event: dict) -> bool:
    """Send ``event`` to each group; False (and a log line) when the layer is unavailable."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        for group in groups:
            async_to_sync(layer.group_send)(group, event)
    except Exception as exc:  # noqa: BLE001 — any layer failure means "not delivered live"
        logger.warning("helpline: channel layer unavailable (%s)", type(exc).__name__)
        return False
    return True


def _message_groups(message) -> list[str]:
    groups = [chat_group(message.chat_id, staff=True)]
    if not message.staff_only:
        groups.append(chat_group(message.chat_id, staff=False))
    return groups


def publish_message(message) -> bool:
    return publish(_message_groups(message), message_event(message))


async def apublish_message(message) -> bool:
    """``publish_message`` from a consumer's event loop (no thread hop)."""
    layer = get_channel_layer()
    if layer is None:
        return False
    event = message_event(message)
    try:
        await asyncio.gather(*(layer.group_send(g, event) for g in _message_groups(message)))
    except Exception as exc:  # noqa: BLE001
        logger.warning("helpline: channel layer unavailable (%s)", type(exc).__name__)
        return False
    return True


def publish_queue_changed(organisation_id: int, *, chat_id: int, risk: int) -> bool:
    return publish(
        [queue_group(organisation_id)], {"type": "queue.changed", "chat": chat_id, "risk": risk}
    )


def publish_chat_state(chat) -> bool:
    """The chat's status to both sides; its risk level to staff only."""
    staff = {"type": "chat.state", "status": chat.status, "risk": chat.risk}
    visitor = {"type": "chat.state", "status": chat.status}
    return publish([chat_group(chat.pk, staff=True)], staff) and publish(
        [chat_group(chat.pk, staff=False)], visitor
    )
