from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from hearth.core.consumers import user_group


def send_alert(*, user_id: int, message: str, level: str = "info", url: str = "") -> None:
    """Push an alert to a staff member's open pages once the current transaction commits.
    ``message`` must not contain personal data: alerts can show on a shared screen."""

    def push():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                user_group(user_id),
                {"type": "alert", "level": level, "message": message, "url": url},
            )

    transaction.on_commit(push)
