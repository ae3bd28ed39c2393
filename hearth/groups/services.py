"""Writes for groups: setting a group and its schedule up (meetings materialised as rows),
cancelling a meeting, registration with a waitlist, attendance, calendar links and due
reminders. Group notes are in ``notes.py``.

Every function is atomic and writes its audit event (object types "group",
"group_session", "group_registration", "group_attendance"; details hold codes and counts,
never names). Messages are sent by tasks enqueued after commit.

Capacity is a database guarantee, not a check-then-write: a place is taken by one
conditional ``UPDATE … SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity``
(and a CHECK constraint on the column). Two people taking the last place at the same
moment both run that statement; the database serialises them on the row, so exactly one
update matches and the other person goes on the waitlist.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can, participant_scope
from hearth.groups import schedule, tasks
from hearth.groups.models import (
    Attendance,
    CalendarLink,
    CurriculumItem,
    Group,
    GroupSession,
    Registration,
    RegistrationStatus,
    ReminderChannel,
    SessionStatus,
)
from hearth.participants.models import Participant

GROUP_FIELDS = (
    "name",
    "kind",
    "description",
    "programme",
    "audience",
    "language",
    "format",
    "facilitator_note",
    "room",
    "address",
    "video_url",
    "accessibility_notes",
    "capacity",
    "registration_required",
    "is_public",
    "is_active",
    "timezone",
    "first_date",
    "start_time",
    "duration_minutes",
    "rrule",
    "last_date",
    "completion_required",
    "cancelled_dates",
    "moved",
)
HORIZON = timedelta(days=365)


def _audit(
    actor,
    action,
    object_type,
    object_id,
    organisation_id,
    detail="",
    request=None,
    channel=Channel.WEB,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        organisation_id=organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


# --- Schedules ---------------------------------------------------------------------------


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
    return groups.update(next_start=Subquery(upcoming))


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


def _require(actor: User, perm: Perm, group: Group | None = None) -> None:
    if not can(actor, perm) or (
        group is not None and group.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied


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


@transaction.atomic
def curriculum_item_add(
    *,
    actor: User,
    group: Group,
    title: str,
    materials: str = "",
    materials_url: str = "",
    request: HttpRequest | None = None,
) -> CurriculumItem:
    """Add the next numbered session topic to a course."""
    _require(actor, Perm.GROUPS_MANAGE, group)
    locked = Group.objects.select_for_update().get(pk=group.pk)
    position = (locked.curriculum.aggregate(top=Max("position"))["top"] or 0) + 1
    item = CurriculumItem(
        group=locked,
        position=position,
        title=(title or "").strip(),
        materials=(materials or "").strip(),
        materials_url=(materials_url or "").strip(),
    )
    item.full_clean()
    item.save()
    _audit(
        actor,
        Action.UPDATE,
        "group",
        group.public_id,
        group.organisation_id,
        f"curriculum={position}",
        request,
    )
    return item


@transaction.atomic
def curriculum_item_update(
    *,
    actor: User,
    item: CurriculumItem,
    title: str,
    materials: str = "",
    materials_url: str = "",
    request: HttpRequest | None = None,
) -> CurriculumItem:
    """Change a session topic's title or materials; its number stays."""
    _require(actor, Perm.GROUPS_MANAGE, item.group)
    item.title = (title or "").strip()
    item.materials = (materials or "").strip()
    item.materials_url = (materials_url or "").strip()
    item.full_clean()
    item.save(update_fields=["title", "materials", "materials_url"])
    _audit(
        actor,
        Action.UPDATE,
        "group",
        item.group.public_id,
        item.group.organisation_id,
        f"curriculum={item.position}",
        request,
    )
    return item


@transaction.atomic
def curriculum_item_remove(
    *, actor: User, item: CurriculumItem, request: HttpRequest | None = None
) -> None:
    """Take a session topic out of a course; the topics after it move up one number, so
    the curriculum stays 1, 2, 3 … and each meeting keeps matching its topic by number.
    A certificate rule asking for more sessions than remain is refused."""
    group = item.group
    _require(actor, Perm.GROUPS_MANAGE, group)
    locked = Group.objects.select_for_update().get(pk=group.pk)
    remaining = locked.curriculum.count() - 1
    if locked.completion_required and locked.completion_required > remaining:
        raise ValidationError(
            _(
                "A certificate needs %(n)d sessions and only %(left)d topics would be left: "
                "lower the number of sessions needed first."
            )
            % {"n": locked.completion_required, "left": remaining}
        )
    position = item.position
    item.delete()
    # One row at a time, lowest first, so the unique (group, position) never collides.
    for later in locked.curriculum.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _audit(
        actor,
        Action.UPDATE,
        "group",
        group.public_id,
        group.organisation_id,
        f"curriculum_removed={position}",
        request,
    )


# --- Registration --------------------------------------------------------------------------


def _take_seat(group_id: int) -> bool:
    """One conditional UPDATE: True when a place was free and is now taken."""
    return (
        Group.objects.filter(pk=group_id, capacity__isnull=True).update(
            seats_taken=F("seats_taken") + 1
        )
        or Group.objects.filter(pk=group_id, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    ) == 1


def _register(
    *,
    actor: User,
    group: Group,
    participant: Participant | None,
    user: User | None,
    channel_choice: str,
    request,
    channel,
) -> Registration:
    if not group.is_active:
        raise ValidationError(_("This group is not running any more."))
    if channel_choice not in ReminderChannel.values:
        raise ValidationError({"reminder_channel": _("Choose how to be reminded.")})
    active = Registration.objects.filter(group=group).exclude(status=RegistrationStatus.CANCELLED)
    same = (
        active.filter(participant=participant)
        if participant
        else active.filter(user=user, participant__isnull=True)
    )
    existing = same.first()
    if existing is not None:
        return existing
    status = (
        RegistrationStatus.REGISTERED if _take_seat(group.pk) else RegistrationStatus.WAITLISTED
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                group=group,
                participant=participant,
                user=user if participant is None else None,
                status=status,
                reminder_channel=channel_choice,
                created_by=actor,
            )
    except IntegrityError as exc:
        # The same person, registering twice at the same moment: the other request won.
        raise ValidationError(_("You are already registered for this group.")) from exc
    _audit(
        actor,
        Action.CREATE,
        "group_registration",
        registration.pk,
        group.organisation_id,
        status,
        request,
        channel,
    )
    registration.group = group
    return registration


@transaction.atomic
def registration_create(
    *,
    actor: User,
    group: Group,
    participant: Participant,
    reminder_channel: str = "email",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration:
    """Staff register a participant on their caseload. A full group puts them on the
    waitlist (``status`` says which); registering twice returns the first registration."""
    if not can(actor, Perm.GROUPS_VIEW, group) or not can(
        actor, Perm.PARTICIPANT_VIEW, participant
    ):
        raise PermissionDenied
    return _register(
        actor=actor,
        group=group,
        participant=participant,
        user=None,
        channel_choice=reminder_channel,
        request=request,
        channel=channel,
    )


@transaction.atomic
def registration_join(
    *,
    actor: User,
    group: Group,
    reminder_channel: str = "email",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration:
    """A participant or community member registers themselves for a public group of
    their organisation (a participant account registers its participant record)."""
    if not can(actor, Perm.GROUPS_JOIN, group) or not group.is_public:
        raise PermissionDenied
    participant = Participant.objects.filter(
        user=actor, organisation_id=actor.organisation_id
    ).first()
    return _register(
        actor=actor,
        group=group,
        participant=participant,
        user=actor,
        channel_choice=reminder_channel,
        request=request,
        channel=channel,
    )


def _may_change_registration(actor: User, registration: Registration) -> bool:
    if registration.group.organisation_id != actor.organisation_id:
        return False
    if registration.user_id == actor.pk or (
        registration.participant_id and registration.participant.user_id == actor.pk
    ):
        return True
    if can(actor, Perm.GROUPS_MANAGE):
        return True
    return registration.participant_id is not None and can(
        actor, Perm.PARTICIPANT_VIEW, registration.participant
    )


@transaction.atomic
def registration_cancel(
    *,
    actor: User,
    registration: Registration,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration | None:
    """Give up a place (or a waitlist spot). A freed place goes to the first person on
    the waitlist, who is told after commit. Returns the promoted registration, if any."""
    if not _may_change_registration(actor, registration):
        raise PermissionDenied
    group = Group.objects.select_for_update().get(pk=registration.group_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        return None
    held_seat = current.status == RegistrationStatus.REGISTERED
    current.status = RegistrationStatus.CANCELLED
    current.save(update_fields=["status", "updated_at"])
    registration.status = current.status
    _audit(
        actor,
        Action.STATUS,
        "group_registration",
        current.pk,
        group.organisation_id,
        "cancelled",
        request,
        channel,
    )
    if not held_seat:
        return None
    Group.objects.filter(pk=group.pk).update(seats_taken=F("seats_taken") - 1)
    return _promote_next(group, actor=actor, request=request, channel=channel)


def _promote_next(group: Group, *, actor, request, channel) -> Registration | None:
    """With the group row locked: give the freed place to the longest-waiting person."""
    waiting = (
        Registration.objects.select_for_update()
        .filter(group=group, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None or not _take_seat(group.pk):
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.promoted_at = timezone.now()
    waiting.save(update_fields=["status", "promoted_at", "updated_at"])
    _audit(
        actor,
        Action.STATUS,
        "group_registration",
        waiting.pk,
        group.organisation_id,
        "promoted",
        request,
        channel,
    )
    transaction.on_commit(lambda: tasks.send_waitlist_promoted.enqueue(waiting.pk))
    return waiting


@transaction.atomic
def registration_set_channel(
    *,
    actor: User,
    registration: Registration,
    reminder_channel: str,
    request: HttpRequest | None = None,
) -> Registration:
    """Choose email, text or no reminders for one registration."""
    if not _may_change_registration(actor, registration):
        raise PermissionDenied
    if reminder_channel not in ReminderChannel.values:
        raise ValidationError({"reminder_channel": _("Choose how to be reminded.")})
    registration.reminder_channel = reminder_channel
    registration.save(update_fields=["reminder_channel", "updated_at"])
    _audit(
        actor,
        Action.UPDATE,
        "group_registration",
        registration.pk,
        registration.group.organisation_id,
        f"reminders={reminder_channel}",
        request,
    )
    return registration


# --- Attendance ------------------------------------------------------------------------------


def may_facilitate(actor: User, group: Group) -> bool:
    """Rosters and notes: the group's facilitators, and managers/admins of the org."""
    if group.organisation_id != getattr(actor, "organisation_id", None):
        return False
    if can(actor, Perm.GROUPS_MANAGE):
        return True
    return can(actor, Perm.GROUP_FACILITATE) and group.facilitators.filter(pk=actor.pk).exists()


@transaction.atomic
def attendance_mark(
    *,
    actor: User,
    session: GroupSession,
    registration: Registration,
    present: bool,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Attendance:
    """Mark a registered person present (or not) at one meeting: one tap on the roster."""
    if not may_facilitate(actor, session.group) or registration.group_id != session.group_id:
        raise PermissionDenied
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    lookup = (
        {"participant_id": registration.participant_id}
        if registration.participant_id
        else {"user_id": registration.user_id, "participant__isnull": True}
    )
    row = Attendance.objects.filter(session=session, **lookup).first()
    if row is None:
        row = Attendance(
            session=session,
            participant_id=registration.participant_id,
            user_id=None if registration.participant_id else registration.user_id,
        )
    row.present, row.marked_by, row.marked_at = present, actor, timezone.now()
    row.save()
    _audit(
        actor,
        Action.UPDATE,
        "group_attendance",
        session.public_id,
        session.group.organisation_id,
        "present" if present else "absent",
        request,
        channel,
    )
    return row


@transaction.atomic
def attendance_add_walk_in(
    *,
    actor: User,
    session: GroupSession,
    name: str = "",
    participant: Participant | None = None,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Attendance:
    """Someone came without registering: a participant (from the actor's scope) or, for
    someone who is not a participant yet, the name they gave."""
    if not may_facilitate(actor, session.group):
        raise PermissionDenied
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    name = (name or "").strip()
    if participant is None and not name:
        raise ValidationError({"name": _("Write the name they would like to be called.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Keep the name under 120 characters.")})
    if participant is not None:
        visible = Participant.objects.filter(participant_scope(actor), pk=participant.pk)
        if participant.organisation_id != session.group.organisation_id or not visible.exists():
            raise PermissionDenied
        row, _created = Attendance.objects.update_or_create(
            session=session,
            participant=participant,
            defaults={"present": True, "marked_by": actor, "marked_at": timezone.now()},
        )
    else:
        row = Attendance.objects.create(
            session=session, walk_in_name=name, marked_by=actor, marked_at=timezone.now()
        )
    _audit(
        actor,
        Action.CREATE,
        "group_attendance",
        session.public_id,
        session.group.organisation_id,
        "walk_in",
        request,
        channel,
    )
    return row


# --- Calendar links and reminders ------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_link_reset(*, actor: User, request: HttpRequest | None = None) -> str:
    """Make a new private calendar link for ``actor`` (the old one stops working).
    Returns the secret; only its hash is kept."""
    if not (can(actor, Perm.GROUPS_JOIN) or can(actor, Perm.GROUPS_VIEW)):
        raise PermissionDenied
    token = secrets.token_urlsafe(24)
    CalendarLink.objects.update_or_create(user=actor, defaults={"token_hash": token_hash(token)})
    _audit(
        actor,
        Action.UPDATE,
        "calendar_link",
        actor.public_id,
        actor.organisation_id,
        "reset",
        request,
    )
    return token


def reminders_send_due(*, now: datetime | None = None, hours: int = 24) -> dict[str, int]:
    """Enqueue a reminder for each registration of each meeting starting within
    ``hours`` that has not been reminded yet (idempotent: a meeting is marked reminded in
    the same transaction). For the periodic ``send_group_reminders`` command."""
    now = now or timezone.now()
    next_starts_refresh(now=now)
    due = GroupSession.objects.filter(
        status=SessionStatus.SCHEDULED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours),
        group__is_active=True,
    )
    sessions = messages = 0
    for session_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = GroupSession.objects.filter(pk=session_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            sessions += 1
            ids = list(
                Registration.objects.filter(
                    group__sessions__pk=session_id, status=RegistrationStatus.REGISTERED
                )
                .exclude(reminder_channel=ReminderChannel.NONE)
                .values_list("pk", flat=True)
            )
            for registration_id in ids:
                messages += 1
                transaction.on_commit(
                    lambda r=registration_id, s=session_id: tasks.send_session_reminder.enqueue(
                        r, s
                    )
                )
    return {"sessions": sessions, "reminders": messages}
