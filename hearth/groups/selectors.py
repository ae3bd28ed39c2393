"""Reads for groups. Public reads return only public, active groups; staff reads are
limited to the user's organisation; rosters and notes only to those who may facilitate
(``services.may_facilitate``). Anything outside is a 404, as if it did not exist."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.groups.models import (
    Attendance,
    CalendarLink,
    Group,
    GroupSession,
    Registration,
    RegistrationStatus,
    SessionStatus,
)
from hearth.groups.schedule import clashes
from hearth.groups.services import may_facilitate, next_starts_refresh, token_hash
from hearth.participants.selectors import participants_for

PAGE_SIZE = 25
#: What a row of the public listing shows (nothing else is loaded).
LISTING_FIELDS = (
    "name",
    "public_id",
    "next_start",
    "timezone",
    "audience",
    "language",
    "format",
    "programme__name",
)


def public_groups(
    *,
    day: int | None = None,
    audience: str = "",
    language: str = "",
    format: str = "",
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> QuerySet[Group]:
    """Public, active groups with a meeting still to come, soonest first, with
    ``next_start`` annotated. Filters: local weekday (0 = Monday), audience, language,
    format ("in_person" also matches hybrid, "online" too)."""
    now = now or timezone.now()
    # At most once a minute, roll forward the groups whose next meeting has just passed.
    if cache.add("groups:next-start-refresh", True, 60):
        next_starts_refresh(now=now)
    groups = Group.objects.filter(is_public=True, is_active=True, next_start__isnull=False)
    if organisation_id:
        groups = groups.filter(organisation_id=organisation_id)
    if day is not None:
        groups = groups.filter(meeting_days__contains=str(day))
    if audience:
        groups = groups.filter(audience=audience)
    if language:
        groups = groups.filter(language=language)
    if format:
        groups = groups.filter(format__in=[format, "hybrid"])
    return groups.select_related("organisation", "programme").order_by("next_start", "name", "pk")


def get_public_group(public_id) -> Group:
    group = Group.objects.filter(public_id=public_id, is_public=True, is_active=True).first()
    if group is None:
        raise Http404
    return group


def groups_for(user: User) -> QuerySet[Group]:
    """Staff list: the organisation's groups with counts (no per-row queries)."""
    return (
        Group.objects.filter(organisation_id=user.organisation_id)
        .annotate(
            waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
        .select_related("programme")
        .order_by("-is_active", "name", "pk")
    )


def get_group_for(user: User, public_id) -> Group:
    group = Group.objects.filter(public_id=public_id, organisation_id=user.organisation_id).first()
    if group is None:
        raise Http404
    return group


def get_session_for_facilitator(user: User, public_id) -> GroupSession:
    session = (
        GroupSession.objects.select_related("group", "group__organisation", "group__programme")
        .filter(public_id=public_id, group__organisation_id=user.organisation_id)
        .first()
    )
    if session is None or not may_facilitate(user, session.group):
        raise Http404
    return session


def upcoming_sessions(group: Group, *, limit: int = 12) -> list[GroupSession]:
    since = timezone.now() - timedelta(days=1)
    return list(group.sessions.filter(ends_at__gte=since).order_by("starts_at")[:limit])


def past_sessions(group: Group, *, limit: int = 12) -> list[GroupSession]:
    return list(
        group.sessions.filter(starts_at__lt=timezone.now(), status=SessionStatus.SCHEDULED)
        .annotate(came=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-starts_at")[:limit]
    )


def registrations_of(group: Group) -> list[Registration]:
    return list(
        group.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("participant", "user")
        .order_by("status", "created_at", "pk")
    )


def roster(session: GroupSession) -> tuple[list[tuple[Registration, bool]], list[Attendance]]:
    """Registered people with whether each is marked present, and the walk-ins."""
    marks = list(Attendance.objects.filter(session=session).select_related("participant"))
    by_participant = {a.participant_id: a for a in marks if a.participant_id}
    by_user = {a.user_id: a for a in marks if a.user_id and not a.participant_id}
    rows = []
    registered_participants = set()
    for registration in (
        session.group.registrations.filter(status=RegistrationStatus.REGISTERED)
        .select_related("participant", "user")
        .order_by("created_at", "pk")
    ):
        if registration.participant_id:
            registered_participants.add(registration.participant_id)
            mark = by_participant.get(registration.participant_id)
        else:
            mark = by_user.get(registration.user_id)
        rows.append((registration, bool(mark and mark.present)))
    walk_ins = [
        a for a in marks if not a.user_id and a.participant_id not in registered_participants
    ]
    return rows, walk_ins


WALK_IN_MATCHES = 8


def walk_in_candidates(user: User, session: GroupSession, term: str) -> list:
    """Participants ``user`` may see whose name matches ``term``, for adding someone who
    came without registering: at most a handful, never those already on the roster."""
    term = (term or "").strip()[:80]
    if len(term) < 2:
        return []
    on_roster = set(
        Attendance.objects.filter(session=session, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    ) | set(
        session.group.registrations.filter(
            status=RegistrationStatus.REGISTERED, participant__isnull=False
        ).values_list("participant_id", flat=True)
    )
    found = participants_for(user, search=term).exclude(pk__in=on_roster)
    return list(found.only("pk", "public_id", "name", "preferred_name")[:WALK_IN_MATCHES])


def overlaps_for(group: Group, sessions: list[GroupSession]) -> dict[int, list[GroupSession]]:
    """For each of ``sessions``, the other groups' meetings that clash with it on a shared
    facilitator or the same room (one query, then ``schedule.clashes``)."""
    live = [s for s in sessions if not s.is_cancelled]
    if not live:
        return {}
    lo, hi = min(s.starts_at for s in live), max(s.ends_at for s in live)
    facilitator_ids = set(group.facilitators.values_list("pk", flat=True))
    shared = Q(group__facilitators__in=facilitator_ids) if facilitator_ids else Q(pk__in=[])
    if group.room:
        shared |= Q(group__room__iexact=group.room)
    others = list(
        GroupSession.objects.filter(
            shared,
            group__organisation_id=group.organisation_id,
            status=SessionStatus.SCHEDULED,
            starts_at__lt=hi,
            ends_at__gt=lo,
        )
        .exclude(group=group)
        .select_related("group")
        .distinct()
    )
    if not others:
        return {}
    other_facilitators: dict[int, set[int]] = {}
    for gid, uid in Group.facilitators.through.objects.filter(
        group_id__in={o.group_id for o in others}
    ).values_list("group_id", "user_id"):
        other_facilitators.setdefault(gid, set()).add(uid)
    intervals = []
    for s in live:
        intervals += [(("mine", s.pk), ("f", f), s.starts_at, s.ends_at) for f in facilitator_ids]
        if group.room:
            intervals.append((("mine", s.pk), ("r", group.room.lower()), s.starts_at, s.ends_at))
    for o in others:
        for f in other_facilitators.get(o.group_id, set()) & facilitator_ids:
            intervals.append((("other", o.pk), ("f", f), o.starts_at, o.ends_at))
        if group.room and o.group.room.lower() == group.room.lower():
            intervals.append((("other", o.pk), ("r", group.room.lower()), o.starts_at, o.ends_at))
    found = clashes(intervals)
    by_pk = {o.pk: o for o in others}
    result: dict[int, list[GroupSession]] = {}
    for (side, pk), keys in found.items():
        if side == "mine":
            result[pk] = sorted(
                (by_pk[k[1]] for k in keys if k[0] == "other"), key=lambda o: o.starts_at
            )
    return {k: v for k, v in result.items() if v}


def my_registrations(user: User) -> list[Registration]:
    return list(
        Registration.objects.filter(Q(user=user) | Q(participant__user=user))
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("group")
        .annotate(
            attended=Count(
                "group__sessions__attendance",
                filter=Q(group__sessions__attendance__present=True)
                & (
                    Q(group__sessions__attendance__participant__user=user)
                    | Q(group__sessions__attendance__user=user)
                ),
            )
        )
        .order_by("group__name")
    )


def user_for_calendar_token(token: str) -> User | None:
    link = CalendarLink.objects.filter(token_hash=token_hash(token)).select_related("user").first()
    if link is None or not link.user.is_active:
        return None
    return link.user


def person_feed_sessions(user: User) -> QuerySet[GroupSession]:
    """A person's calendar: groups they have a place in, and groups they facilitate."""
    mine = Registration.objects.filter(
        Q(user=user) | Q(participant__user=user), status=RegistrationStatus.REGISTERED
    ).values("group_id")
    return (
        GroupSession.objects.filter(
            Q(group_id__in=mine) | Q(group__facilitators=user),
            group__organisation_id=user.organisation_id,
            group__is_active=True,
        )
        .distinct()
        .order_by("starts_at")
    )


def attended_count(registration: Registration) -> int:
    sessions = Attendance.objects.filter(session__group_id=registration.group_id, present=True)
    if registration.participant_id:
        return sessions.filter(participant_id=registration.participant_id).count()
    return sessions.filter(user_id=registration.user_id, participant__isnull=True).count()


def attendance_history_for_participant(participant) -> list[Attendance]:
    return list(
        Attendance.objects.filter(participant=participant)
        .select_related("session", "session__group")
        .order_by("-session__starts_at")
    )


def attendance_grid(
    group: Group,
) -> tuple[list[GroupSession], list[tuple[Registration, list[bool]]]]:
    """Past meetings × registered people, present or not (two queries)."""
    sessions = list(
        group.sessions.filter(
            starts_at__lt=timezone.now(), status=SessionStatus.SCHEDULED
        ).order_by("starts_at")
    )
    marks = set(
        Attendance.objects.filter(session__group=group, present=True).values_list(
            "session_id", "participant_id", "user_id"
        )
    )
    by_participant = {(s, p) for s, p, _u in marks if p}
    by_user = {(s, u) for s, p, u in marks if u and not p}
    rows = []
    for registration in registrations_of(group):
        if registration.participant_id:
            cells = [(s.pk, registration.participant_id) in by_participant for s in sessions]
        else:
            cells = [(s.pk, registration.user_id) in by_user for s in sessions]
        rows.append((registration, cells))
    return sessions, rows
