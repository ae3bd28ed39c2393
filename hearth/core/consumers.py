"""Real-time plumbing: each signed-in staff member joins a personal group, so any feature
can push an alert to them after commit with ``hearth.core.realtime.send_alert``.

A socket is the same door as a page: staff must be signed in *and* past two-step sign-in
(the session flag the MFA middleware sets), or the socket is refused with 4403."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hearth.accounts.middleware import MFA_OK_KEY
from hearth.core.policy import is_staff_role


def signed_in_staff(scope):
    """The staff member behind a socket, or ``None`` if signed out, not staff, or not yet
    past two-step sign-in."""
    user = scope.get("user")
    session = scope.get("session")
    if user is None or not user.is_authenticated or not is_staff_role(user):
        return None
    if session is None or not session.get(MFA_OK_KEY):
        return None
    return user


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


class AlertsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = signed_in_staff(self.scope)
        if user is None:
            await self.close(code=4403)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def alert(self, event):
        """Forward a server-side alert ({"type": "alert", "level", "message", "url"})."""
        await self.send_json({k: event.get(k) for k in ("level", "message", "url")})
