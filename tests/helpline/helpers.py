"""Shared set-up for the warmline tests: Riverbend's line (open around the clock), shifts,
and chats in each state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hearth.core.policy import Role
from hearth.helpline import services
from hearth.helpline.models import Chat, Shift, Warmline


def open_line(world, *, chats_per_peer: int = 3) -> Warmline:
    line, _ = Warmline.objects.update_or_create(
        organisation=world.org,
        defaults={
            "name": "Riverbend Warmline",
            "opens_at": dt.time(0, 0),
            "closes_at": dt.time(0, 0),
            "chats_per_peer": chats_per_peer,
        },
    )
    return line


def on_shift(user, *, hours: int = 4) -> Shift:
    now = timezone.now()
    return Shift.objects.create(
        organisation_id=user.organisation_id,
        peer=user,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=hours),
    )


def waiting_chat(world, *, topic: str = "", language: str = "en") -> tuple[Chat, str]:
    open_line(world)
    return services.chat_start(organisation=world.org, language=language, topic=topic)


def active_chat(world, peer=None) -> Chat:
    peer = peer or world.users[Role.PEER_SPECIALIST]
    chat, _token = waiting_chat(world)
    if not Shift.objects.filter(peer=peer).exists():
        on_shift(peer)
    return services.chat_pick_up(actor=peer, chat=chat)
