"""Demo data for the warmline, loaded by ``seed_demo`` for the Riverbend organisation.

Riverbend's warmline is open around the clock in the demo (so it can be tried at any
hour). Marcus (peer specialist) and Grace (supervisor) are on shift from an hour ago for
the next eight hours, Lucía has a shift tomorrow evening, three visitors are waiting, and
yesterday's shift has a few ended chats for the statistics. Then a visitor who types
"I have the pills counted out, tonight is the night" jumps to the top of the queue.

Idempotent: a current shift, waiting chats or ended chats are only added when missing.
"""

from __future__ import annotations

import datetime as dt

from hearth.helpline import services
from hearth.helpline.models import Chat, ChatStatus, Shift, Warmline

WAITING = [
    ("en", "Rough day at work, just want to talk", 14),
    ("es", "No puedo dormir otra vez", 9),
    ("en", "Feeling lonely since the move", 4),
]
YESTERDAY = [
    ("en", "loneliness", 0, 3),
    ("en", "substance_use", 1, 6),
    ("es", "relationships", 0, 2),
]


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: only what is missing)."""
    Warmline.objects.get_or_create(
        organisation=org,
        defaults={
            "name": "Riverbend Warmline",
            "opens_at": dt.time(0, 0),
            "closes_at": dt.time(0, 0),
            "chats_per_peer": 3,
        },
    )
    specialist, supervisor = accounts["specialist"], accounts["supervisor"]
    for peer in (specialist, supervisor):
        if not Shift.objects.filter(peer=peer, starts_at__lte=now, ends_at__gt=now).exists():
            Shift.objects.create(
                organisation=org,
                peer=peer,
                starts_at=now - dt.timedelta(hours=1),
                ends_at=now + dt.timedelta(hours=8),
            )
    if (
        "especialista" in accounts
        and not Shift.objects.filter(peer=accounts["especialista"], starts_at__gt=now).exists()
    ):
        tomorrow = (now + dt.timedelta(days=1)).replace(hour=22, minute=0, second=0, microsecond=0)
        Shift.objects.create(
            organisation=org,
            peer=accounts["especialista"],
            starts_at=tomorrow,
            ends_at=tomorrow + dt.timedelta(hours=6),
        )
    made = 0
    if not Chat.objects.filter(organisation=org, status=ChatStatus.ENDED).exists():
        made += _yesterday(org, specialist, now=now)
    if not Chat.objects.filter(organisation=org, status=ChatStatus.WAITING).exists():
        for language, topic, minutes in WAITING:
            chat, _token = services.chat_start(organisation=org, language=language, topic=topic)
            Chat.objects.filter(pk=chat.pk).update(created_at=now - dt.timedelta(minutes=minutes))
            made += 1
    created["warmline chats"] = created.get("warmline chats", 0) + made


def _yesterday(org, peer, *, now) -> int:
    start = now - dt.timedelta(days=1, hours=2)
    shift = Shift.objects.create(
        organisation=org, peer=peer, starts_at=start, ends_at=start + dt.timedelta(hours=6)
    )
    for n, (language, topic, risk, waited) in enumerate(YESTERDAY):
        chat, _token = services.chat_start(organisation=org, language=language)
        chat.status, chat.peer = ChatStatus.ACTIVE, peer
        opened = shift.starts_at + dt.timedelta(minutes=30 + 60 * n)
        Chat.objects.filter(pk=chat.pk).update(
            status=ChatStatus.ENDED,
            peer=peer,
            created_at=opened,
            picked_up_at=opened + dt.timedelta(minutes=waited),
            ended_at=opened + dt.timedelta(minutes=waited + 25),
            topics=[topic],
            disposition_risk=risk,
            risk=risk,
            resources_given=["peer_support"],
            feedback=3,
        )
    return len(YESTERDAY)
