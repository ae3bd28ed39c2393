"""Setting a group and its schedule up: meetings materialised as rows from the RRULE,
kept in step when the group changes; one meeting cancelled or moved."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import Perm
from hearth.groups import schedule, tasks
from hearth.groups.models import (
    Group,
    GroupSession,
    Registration,
    RegistrationStatus,
    SessionStatus,
)
from hearth.groups.services._base import GROUP_FIELDS, HORIZON, _audit, _require


def _local(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=None)


def expand_group(group: Group) -> list[schedule.Occurrence]:
    """The group's meetings from its schedule fields (``ScheduleError`` when unusable)."""
    dtstart = datetime.combine(group.first_date, group.start_time)
    last = group.last_date or (group.first_date + HORIZON)
    horizon_end = datetime.combine(last, time.max)
    rule = group.rrule.strip() or "FREQ=DAILY;COUNT=1"
    try:
        cancelled = [date.fromisoformat(d) for d in group.cancelled_dates]
        moves = {_local(k): _local(v) for k, v in (group.moved or {}).items()}
    except (TypeError, ValueError) as exc:
        raise schedule.ScheduleError(
            "invalid", _("A cancelled or moved date is not a date.")
        ) from exc
    return schedule.expand(
        rule=rule,
        dtstart=dtstart,
        tz_name=group.timezone,
        duration=timedelta(minutes=group.duration_minutes),
        horizon_end=horizon_end,
        exdates=cancelled,
        moves=moves,
    )


def schedule_errors(group: Group) -> dict[str, list[str]]:
    try:
        expand_group(group)
    except schedule.ScheduleError as exc:
        field = {"zone": "timezone", "moved": "rrule"}.get(exc.code, "rrule")
        return {field: [_schedule_message(exc)]}
    return {}


def _schedule_message(exc: schedule.ScheduleError) -> str:
    """The reason in the reader's language for the common codes."""
    return {
        "none": _(
            "This repeat rule makes no meetings between the first date and the end of the "
            "schedule. Check the first date, BYDAY and UNTIL."
        ),
        "too_many": _(
            "This repeat rule makes more than %(max)d meetings in a year. Check FREQ and "
            "INTERVAL, or add COUNT or UNTIL."
        )
        % {"max": schedule.MAX_OCCURRENCES},
        "zone": _("Choose a time zone from the list."),
    }.get(exc.code, str(exc))


def group_schedule_sync(group: Group, *, now: datetime | None = None) -> dict[str, int]:
    """Make the group's session rows match its schedule. Meetings that have started are
    history and never change. Of the rest: new meetings are added; a meeting whose time
    changed keeps its row (matched by its original time, else by its original local
    date — a new start time moves the row rather than replacing it) with SEQUENCE + 1;
    rows no longer in the schedule are cancelled, never deleted. Returns counts."""
    now = now or timezone.now()
    tz = schedule.zone(group.timezone)
    everything = expand_group(group)
    rows = list(group.sessions.all())
    history_days = {s.original_start.astimezone(tz).date() for s in rows if s.starts_at <= now}
    history_keys = {s.original_start for s in rows}
    # A past meeting is only ever added (a group set up after it began), never changed.
    new = [
        GroupSession(group=group, original_start=o.original_start, starts_at=o.start, ends_at=o.end)
        for o in everything
        if o.start <= now
        and o.original_start not in history_keys
        and o.original_start.astimezone(tz).date() not in history_days
    ]
    occurrences = [o for o in everything if o.start > now]
    existing = [s for s in rows if s.starts_at > now]
    by_key = {s.original_start: s for s in existing}
    by_day: dict[date, list[GroupSession]] = {}
    for s in existing:
        by_day.setdefault(s.original_start.astimezone(tz).date(), []).append(s)
    started = {s.original_start for s in rows if s.starts_at <= now}
    counts = {"added": len(new), "moved": 0, "cancelled": 0}
    matched: set[int] = set()
    for occ in occurrences:
        if occ.original_start in started:
            continue
        session = by_key.get(occ.original_start)
        if session is None or session.pk in matched:
            day = occ.original_start.astimezone(tz).date()
            session = next(
                (
                    s
                    for s in by_day.get(day, [])
                    if s.pk not in matched
                    and s.original_start not in {o.original_start for o in occurrences}
                ),
                None,
            )
        if session is None:
            new.append(
                GroupSession(
                    group=group,
                    original_start=occ.original_start,
                    starts_at=occ.start,
                    ends_at=occ.end,
                )
            )
            counts["added"] += 1
            continue
        matched.add(session.pk)
        revived = session.status == SessionStatus.CANCELLED and not session.cancel_reason
        if revived or (session.original_start, session.starts_at, session.ends_at) != (
            occ.original_start,
            occ.start,
            occ.end,
        ):
            session.original_start, session.starts_at, session.ends_at = (
                occ.original_start,
                occ.start,
                occ.end,
            )
            if revived:
                session.status = SessionStatus.SCHEDULED
            session.sequence += 1
            session.save(
                update_fields=[
                    "original_start",
                    "starts_at",
                    "ends_at",
                    "status",
                    "sequence",
                    "updated_at",
                ]
            )
            counts["moved"] += 1
    GroupSession.objects.bulk_create(new)
    for session in existing:
        if session.pk not in matched and session.status != SessionStatus.CANCELLED:
            session.status = SessionStatus.CANCELLED
            session.sequence += 1
            session.save(update_fields=["status", "sequence", "updated_at"])
            counts["cancelled"] += 1
    _renumber(group)
    next_starts_refresh(group_ids=[group.pk], now=now)
    group.meeting_days = ",".join(str(d) for d in schedule.weekdays(everything, group.timezone))
    Group.objects.filter(pk=group.pk).update(meeting_days=group.meeting_days)
    return counts


def next_starts_refresh(*, group_ids=None, now: datetime | None = None) -> int:
    """Set ``Group.next_start`` to each group's next scheduled meeting: for the groups
    given, or else for every group whose stored next meeting has passed (a handful at a
    time: each group's meeting passes once a week). One UPDATE; returns rows changed."""
    now = now or timezone.now()
    upcoming = (
        GroupSession.objects.filter(
            group=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    groups = Group.objects.all()
    if group_ids is not None:
        groups = groups.filter(pk__in=list(group_ids))
    else:
        groups = groups.filter(next_start__lt=now)
    changed = groups.update(next_start=Subquery(upcoming))
    if changed or group_ids is not None:
        listing_changed()
    return changed


#: The public listing's cache generation (see ``hearth.groups.views.public``).
LISTING_VERSION_KEY = "groups:listing-version"


def listing_changed(**_signal_kwargs) -> None:
    """Start a new generation of the cached public listing: a group, one of its meetings
    or its programme changed, or a meeting passed. Once now (this transaction's own reads)
    and again after commit, so a page read meanwhile by someone who could not see the
    change yet is never cached under the generation that follows it."""

    def bump() -> None:
        cache.set(LISTING_VERSION_KEY, clock.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def listing_version() -> int:
    return cache.get_or_set(LISTING_VERSION_KEY, clock.time_ns, None)


def _renumber(group: Group) -> None:
    """Course session numbers follow the scheduled meetings in time order."""
    scheduled = list(
        group.sessions.filter(status=SessionStatus.SCHEDULED).order_by("starts_at", "pk")
    )
    changed = []
    for number, session in enumerate(scheduled, start=1):
        if session.number != number:
            session.number = number
            changed.append(session)
    GroupSession.objects.bulk_update(changed, ["number"])


def _validate_group(group: Group, facilitators) -> None:
    errors: dict[str, list[str]] = {}
    try:
        group.full_clean(exclude=["organisation", "facilitators"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if group.programme_id and group.programme.organisation_id != group.organisation_id:
        errors.setdefault("programme", []).append(_("Choose a programme from your organisation."))
    if any(f.organisation_id != group.organisation_id for f in facilitators):
        errors.setdefault("facilitators", []).append(
            _("Choose facilitators from your organisation.")
        )
    if group.capacity is not None and group.capacity < group.seats_taken:
        errors.setdefault("capacity", []).append(
            _("%(n)d people already have a place: the number of places can't be lower.")
            % {"n": group.seats_taken}
        )
    if not errors:
        errors.update(schedule_errors(group))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    actor: User,
    data: dict[str, Any],
    facilitators=(),
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Group:
    """Set up a group and materialise its meetings. A schedule that makes no meetings or
    more than a thousand is refused with the reason on the ``rrule`` field."""
    _require(actor, Perm.GROUPS_MANAGE)
    unknown = set(data) - set(GROUP_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    facilitators = list(facilitators)
    group = Group(organisation_id=actor.organisation_id, **data)
    _validate_group(group, facilitators)
    group.save()
    group.facilitators.set(facilitators)
    counts = group_schedule_sync(group)
    _audit(
        actor,
        Action.CREATE,
        "group",
        group.public_id,
        group.organisation_id,
        f"sessions={counts['added']}",
        request,
        channel,
    )
    return group


@transaction.atomic
def group_update(
    *,
    actor: User,
    group: Group,
    data: dict[str, Any],
    facilitators=None,
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> tuple[Group, dict[str, int]]:
    """Change a group (a stale ``expected_version`` raises ``ValidationError`` and writes
    nothing); the schedule is re-synced and everyone registered is told of meetings
    that the change cancelled."""
    _require(actor, Perm.GROUPS_MANAGE, group)
    current = Group.objects.select_for_update().get(pk=group.pk)
    if current.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this group while you were editing. Your changes were not "
                "saved: here is the group as it is now."
            )
        )
    for field, value in data.items():
        if field not in GROUP_FIELDS:
            raise ValidationError(f"Unknown field: {field}")
        setattr(current, field, value)
    facilitators = list(facilitators) if facilitators is not None else None
    _validate_group(current, facilitators or [])
    current.version += 1
    current.save()
    if facilitators is not None:
        current.facilitators.set(facilitators)
    before = set(
        current.sessions.filter(status=SessionStatus.CANCELLED).values_list("pk", flat=True)
    )
    counts = group_schedule_sync(current)
    newly = current.sessions.filter(status=SessionStatus.CANCELLED).exclude(pk__in=before)
    for session in newly.filter(starts_at__gt=timezone.now()):
        _notify_cancelled(session)
    _audit(
        actor,
        Action.UPDATE,
        "group",
        current.public_id,
        current.organisation_id,
        ",".join(f"{k}={v}" for k, v in counts.items()),
        request,
        channel,
    )
    return current, counts


def _notify_cancelled(session: GroupSession) -> None:
    ids = list(
        Registration.objects.filter(
            group_id=session.group_id,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        ).values_list("pk", flat=True)
    )
    for registration_id in ids:
        transaction.on_commit(
            lambda r=registration_id: tasks.send_session_cancelled.enqueue(r, session.pk)
        )


@transaction.atomic
def session_cancel(
    *,
    actor: User,
    session: GroupSession,
    reason: str = "",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> int:
    """Cancel one meeting (kept as a cancelled row, STATUS:CANCELLED in feeds) and tell
    everyone registered or waiting. Returns how many were told."""
    group = session.group
    _require(actor, Perm.GROUPS_MANAGE, group)
    locked = GroupSession.objects.select_for_update().get(pk=session.pk)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."))
    locked.status = SessionStatus.CANCELLED
    locked.cancel_reason = (reason or "").strip()[:200] or _("Cancelled")
    locked.sequence += 1
    locked.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    _renumber(group)
    next_starts_refresh(group_ids=[group.pk])
    _notify_cancelled(locked)
    told = Registration.objects.filter(
        group=group, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    ).count()
    _audit(
        actor,
        Action.STATUS,
        "group_session",
        locked.public_id,
        group.organisation_id,
        f"cancelled,notified={told}",
        request,
        channel,
    )
    session.status, session.sequence = locked.status, locked.sequence
    return told


@transaction.atomic
def session_move(
    *,
    actor: User,
    session: GroupSession,
    new_start: datetime,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> GroupSession:
    """Move one meeting to ``new_start`` (naive, the group's wall-clock time): recorded
    as a RECURRENCE-ID override in the schedule, the row keeps its id and its
    registrations, its SEQUENCE goes up, and everyone registered is told."""
    group = session.group
    _require(actor, Perm.GROUPS_MANAGE, group)
    if new_start.tzinfo is not None:
        raise ValueError("new_start is a naive wall-clock time")
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: it can't be moved."))
    tz = schedule.zone(group.timezone)
    if session.starts_at <= timezone.now() or schedule.place(new_start, tz) <= timezone.now():
        raise ValidationError(
            {"new_start": _("Only a meeting still to come can be moved, to a time still to come.")}
        )
    current = Group.objects.select_for_update().get(pk=group.pk)
    original = session.original_start.astimezone(tz).replace(tzinfo=None)
    moved = dict(current.moved or {})
    moved[original.isoformat()] = new_start.isoformat()
    current.moved = moved
    current.save(update_fields=["moved", "updated_at"])
    group_schedule_sync(current)
    session.refresh_from_db()
    ids = list(
        Registration.objects.filter(group=group, status=RegistrationStatus.REGISTERED).values_list(
            "pk", flat=True
        )
    )
    for registration_id in ids:
        transaction.on_commit(
            lambda r=registration_id: tasks.send_session_moved.enqueue(r, session.pk)
        )
    _audit(
        actor,
        Action.UPDATE,
        "group_session",
        session.public_id,
        group.organisation_id,
        f"moved,notified={len(ids)}",
        request,
        channel,
    )
    return session
