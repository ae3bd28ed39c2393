"""Reads for the warmline, each taking the acting user and returning only what they may see.

Transcripts (a chat's messages) are visible to the peer answering it, that peer's
supervisor, and organisation admins. While a chat is waiting or open, every supervisor of
the line may see it too (they watch the whole floor and must be able to step in at once).
Peers on the console see the waiting queue's metadata (language, risk, wait), never a
transcript they are not answering. Anything outside a user's scope is a 404.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.core.policy import Perm, Role, can, role_of
from hearth.helpline import rules
from hearth.helpline.models import Chat, ChatStatus, Message, Sender, Shift, Warmline
from hearth.triage import Risk


def chat_scope(user) -> Q:
    """The chats whose transcript ``user`` may read, as a ``Q``."""
    nothing = Q(pk__in=[])
    role = role_of(user)
    if role is None or not can(user, Perm.HELPLINE_CONSOLE):
        return nothing
    in_org = Q(organisation_id=user.organisation_id)
    if role == Role.ORG_ADMIN:
        return in_org
    if role == Role.PEER_SUPERVISOR:
        live = Q(status__in=[ChatStatus.WAITING, ChatStatus.ACTIVE])
        return in_org & (live | Q(peer=user) | Q(peer__supervisor=user))
    return in_org & Q(peer=user)


def get_chat_for(user, public_id) -> Chat:
    chat = Chat.objects.filter(chat_scope(user), public_id=public_id).select_related("peer").first()
    if chat is None:
        raise Http404
    return chat


def get_waiting_chat_for(user, public_id) -> Chat:
    """A waiting chat a peer on the console may pick up (its metadata only)."""
    if not can(user, Perm.HELPLINE_CONSOLE):
        raise Http404
    chat = Chat.objects.filter(
        organisation_id=user.organisation_id, public_id=public_id, status=ChatStatus.WAITING
    ).first()
    if chat is None:
        raise Http404
    return chat


def queue_for(user) -> list[Chat]:
    """Waiting chats of the user's warmline: highest risk first, then longest waiting."""
    if not can(user, Perm.HELPLINE_CONSOLE):
        return []
    return list(
        Chat.objects.filter(organisation_id=user.organisation_id, status=ChatStatus.WAITING)
        .only("public_id", "language", "risk", "risk_reasons", "created_at", "organisation_id")
        .order_by("-risk", "created_at")
    )


def my_chats(user) -> list[Chat]:
    return list(
        Chat.objects.filter(peer=user, status=ChatStatus.ACTIVE).order_by("-risk", "picked_up_at")
    )


def floor_for(user) -> list[Chat]:
    """Every open chat of the line, for a supervisor watching the floor."""
    if not can(user, Perm.HELPLINE_SUPERVISE):
        return []
    return list(
        Chat.objects.filter(organisation_id=user.organisation_id, status=ChatStatus.ACTIVE)
        .select_related("peer")
        .order_by("-risk", "picked_up_at")
    )


def messages_for(chat: Chat, *, after: int = 0, staff: bool) -> list[Message]:
    """The chat's messages after sequence ``after``; whispers only for staff."""
    qs = chat.messages.filter(seq__gt=after).select_related("author")
    if not staff:
        qs = qs.exclude(sender=Sender.WHISPER)
    return list(qs.order_by("seq"))


def on_shift(organisation_id: int, *, at: dt.datetime | None = None) -> QuerySet[Shift]:
    at = at or timezone.now()
    return Shift.objects.filter(
        organisation_id=organisation_id, starts_at__lte=at, ends_at__gt=at
    ).select_related("peer")


def handover_candidates(user, chat: Chat) -> list:
    """People on shift now, other than the chat's peer, to transfer a chat to."""
    return [
        s.peer
        for s in on_shift(chat.organisation_id)
        if s.peer_id != chat.peer_id and s.peer.is_active
    ]


@dataclass(frozen=True)
class LineStatus:
    open_now: bool
    line: Warmline | None
    peers_on_shift: int
    estimate: rules.WaitEstimate
    ahead: int


def line_status(organisation, *, chat: Chat | None = None) -> LineStatus:
    """Whether the line is open, who is on, and an honest wait estimate for ``chat`` (or
    for someone joining now): the median wait of chats picked up in the last two hours,
    the chats ahead, and the free places of the peers on shift."""
    line = Warmline.objects.filter(organisation=organisation).first()
    now = timezone.now()
    local = timezone.localtime(now).time()
    open_now = line is not None and rules.is_open(
        at=local, opens=line.opens_at, closes=line.closes_at
    )
    peers = list(on_shift(organisation.pk).values_list("peer_id", flat=True).distinct())
    waiting = Chat.objects.filter(organisation=organisation, status=ChatStatus.WAITING)
    if chat is not None:
        ahead = waiting.filter(
            Q(risk__gt=chat.risk) | Q(risk=chat.risk, created_at__lt=chat.created_at)
        ).count()
    else:
        ahead = waiting.count()
    busy = Chat.objects.filter(peer_id__in=peers, status=ChatStatus.ACTIVE).count()
    limit = line.chats_per_peer if line else 1
    free = max(0, len(peers) * limit - busy)
    since = now - dt.timedelta(hours=2)
    recent = Chat.objects.filter(organisation=organisation, picked_up_at__gte=since)
    waits = [
        (picked - created).total_seconds()
        for created, picked in recent.values_list("created_at", "picked_up_at")[:200]
    ]
    estimate = rules.estimate_wait(
        ahead=ahead, recent_waits=waits, free_slots=free, peers_on_shift=len(peers)
    )
    return LineStatus(open_now, line, len(peers), estimate, ahead)


@dataclass(frozen=True)
class ShiftStats:
    shift: Shift
    chats: int
    median_wait_minutes: float | None
    escalations: int


def shift_overview(user, *, days: int = 7) -> dict:
    """Who is on now, the shifts of the last and next ``days`` days with their statistics
    (chats picked up, median wait, high-risk chats), and the coverage gaps ahead."""
    if not can(user, Perm.HELPLINE_SHIFTS):
        raise Http404
    org_id = user.organisation_id
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(
            organisation_id=org_id,
            ends_at__gt=now - dt.timedelta(days=days),
            starts_at__lt=now + dt.timedelta(days=days),
        )
        .select_related("peer")
        .order_by("starts_at")
    )
    chats = list(
        Chat.objects.filter(
            organisation_id=org_id,
            picked_up_at__gte=now - dt.timedelta(days=days),
            picked_up_at__isnull=False,
        ).values_list("peer_id", "created_at", "picked_up_at", "risk")
    )
    stats = []
    for shift in shifts:
        mine = [
            c for c in chats if c[0] == shift.peer_id and shift.starts_at <= c[2] < shift.ends_at
        ]
        waits = [(c[2] - c[1]).total_seconds() / 60 for c in mine]
        stats.append(
            ShiftStats(
                shift=shift,
                chats=len(mine),
                median_wait_minutes=round(statistics.median(waits), 1) if waits else None,
                escalations=sum(1 for c in mine if c[3] >= Risk.HIGH),
            )
        )
    line = Warmline.objects.filter(organisation_id=org_id).first()
    gaps = []
    if line is not None:
        local_now = timezone.localtime(now)
        windows = [
            (max(b, local_now), e)
            for b, e in rules.open_windows(
                start=local_now, days=days, opens=line.opens_at, closes=line.closes_at
            )
            if e > local_now
        ]
        gaps = rules.coverage_gaps(
            windows=windows, shifts=[(s.starts_at, s.ends_at) for s in shifts]
        )
    return {
        "now": [s for s in shifts if s.starts_at <= now < s.ends_at],
        "past": [st for st in stats if st.shift.ends_at <= now or st.shift.starts_at <= now],
        "upcoming": [s for s in shifts if s.starts_at > now],
        "gaps": gaps,
        "line": line,
        "totals": Chat.objects.filter(
            organisation_id=org_id, created_at__gte=now - dt.timedelta(days=days)
        ).aggregate(
            chats=Count("pk"),
            escalations=Count("pk", filter=Q(risk__gte=Risk.HIGH)),
            follow_ups=Count("pk", filter=Q(follow_up=True)),
        ),
    }
