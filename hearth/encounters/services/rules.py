"""Rules and checks shared by the encounter and note writers: billing arithmetic,
validation that collects every problem at once, who may act, and the audit helper."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.accounts.models import User
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, Role, can, may_cosign, role_of
from hearth.encounters.billing import units_for
from hearth.encounters.models import (
    BILLABLE_KINDS,
    Encounter,
    EncounterKind,
    Intervention,
    Payer,
    ProgressNote,
)
from hearth.organisations.models import Organisation
from hearth.participants.models import Participant
from hearth.plans.models import RecoveryGoal

ENCOUNTER_FIELDS = (
    "kind",
    "mode",
    "place_of_service",
    "location_note",
    "programme",
    "payer",
    "starts_at",
    "ends_at",
)
NOTE_FIELDS = ("summary", "participant_response", "next_steps")
MAX_SESSION = timedelta(hours=8)
#: A peer logging a session the moment it ends may type an end time a minute or two
#: ahead of the server's clock; more than this is a session that has not happened yet.
FUTURE_GRACE = timedelta(minutes=5)


def locked_message() -> str:
    return _("Signed notes can't change. Add an addendum instead.")


class ConcurrentEditError(Exception):
    """The encounter or its note was saved by someone else after this edit started.
    ``current`` is the record as it is now saved."""

    def __init__(self, current: Encounter | ProgressNote):
        super().__init__("The encounter or its note was changed by someone else")
        self.current = current


# --- Small pure-ish helpers (also used by views and selectors) ------------------------------


def org_zone(organisation: Organisation) -> ZoneInfo:
    """The organisation's time zone; session dates and daily caps are local to it."""
    try:
        return ZoneInfo(organisation.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, time.min, tzinfo=zone),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
    )


def minutes_between(starts_at: datetime, ends_at: datetime) -> int:
    return max(0, int((ends_at - starts_at).total_seconds() // 60))


def units_for_encounter(*, kind: str, payer: Payer | None, minutes: int) -> int:
    """Billable units: none without a payer or for kinds that are never billed
    (outreach, contact attempts), else the payer's rounding rule (before any daily cap)."""
    if payer is None or kind not in BILLABLE_KINDS:
        return 0
    return units_for(minutes, payer.unit_rule)


def units_text(*, kind: str, payer: Payer | None, minutes: int) -> str:
    """What the session form shows next to the times, e.g. "≈ 2 units (30 minutes)"."""
    units = units_for_encounter(kind=kind, payer=payer, minutes=minutes)
    length = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if payer is None:
        return _("%(length)s, not billed (no payer)") % {"length": length}
    if kind not in BILLABLE_KINDS:
        return _("%(length)s, not billed (this type of contact)") % {"length": length}
    count = ngettext("%(n)d unit", "%(n)d units", units) % {"n": units}
    return _("≈ %(units)s (%(length)s)") % {"units": count, "length": length}


def credential_on(user: User, day: date) -> str:
    """The credential to stamp on a signature: a certification valid on ``day``, else
    the credential on the user's profile (which may be blank)."""
    for certification in user.certifications.all():
        if certification.valid_on(day):
            return certification.name
    return user.credential


def may_edit(user: User, encounter: Encounter) -> bool:
    """Only the peer who held the session edits it (and only while the note is a draft)."""
    return can(user, Perm.ENCOUNTER_WRITE) and encounter.peer_id == user.pk


def may_add_addendum(user: User, encounter: Encounter) -> bool:
    """The peer, their supervisor, or an organisation admin."""
    if role_of(user) is None or user.organisation_id != encounter.organisation_id:
        return False
    if encounter.peer_id == user.pk:
        return can(user, Perm.ENCOUNTER_WRITE)
    if role_of(user) == Role.ORG_ADMIN:
        return True
    return may_cosign(user, encounter.peer)


# --- Validation --------------------------------------------------------------------------------

Errors = dict[str, list[str]]


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def merge_errors(errors: Errors, more: Errors) -> Errors:
    for field, messages in more.items():
        for message in messages:
            add_error(errors, field, message)
    return errors


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def check_keys(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")


def encounter_errors(
    encounter: Encounter, *, organisation: Organisation, previous: Encounter | None = None
) -> Errors:
    """Everything wrong with ``encounter`` as it would be saved. Fills in ``minutes``
    and ``units`` when the times make sense."""
    errors: Errors = {}
    try:
        encounter.full_clean(exclude=["participant", "peer", "organisation", "created_by"])
    except ValidationError as exc:
        merge_errors(errors, exc.message_dict)
    for name, label in (("payer", _("payer")), ("programme", _("programme"))):
        chosen = getattr(encounter, name)
        if chosen is None:
            continue
        unchanged = previous is not None and getattr(previous, f"{name}_id") == chosen.pk
        if chosen.organisation_id != organisation.pk or not (chosen.is_active or unchanged):
            add_error(
                errors,
                name,
                _("Choose a %(what)s from your organisation's list.") % {"what": label},
            )
    if encounter.kind == EncounterKind.GROUP and encounter.group_note_id is None:
        add_error(
            errors,
            "kind",
            _("Group sessions are documented from the group's roster, with one group note."),
        )
    start, end = encounter.starts_at, encounter.ends_at
    if start is None or end is None:
        return errors
    now = timezone.now()
    if end <= start:
        add_error(errors, "ends_at", _("The end time must be after the start time."))
    elif end - start > MAX_SESSION:
        add_error(
            errors,
            "ends_at",
            _("A session can't be longer than 8 hours. Check the times, or log separate sessions."),
        )
    if start > now:
        add_error(
            errors,
            "starts_at",
            _("This session starts in the future. Log it once it has happened."),
        )
    elif end > now + FUTURE_GRACE:
        add_error(
            errors, "ends_at", _("This session ends in the future. Log it once it has happened.")
        )
    encounter.minutes = minutes_between(start, end)
    encounter.units = units_for_encounter(
        kind=encounter.kind, payer=encounter.payer, minutes=encounter.minutes
    )
    if not errors:
        merge_errors(errors, _daily_cap_errors(encounter, organisation=organisation))
    return errors


def _daily_cap_errors(encounter: Encounter, *, organisation: Organisation) -> Errors:
    """Refuse units that would take the participant's day over the payer's cap (units of
    every other encounter with the same participant, payer and local date count)."""
    payer = encounter.payer
    if payer is None or payer.daily_unit_cap is None or encounter.units == 0:
        return {}
    # Serialise cap checks for one participant, so two sessions saved at once cannot
    # both squeeze under the cap (a no-op on SQLite, which serialises writers anyway).
    list(
        Participant.objects.select_for_update()
        .filter(pk=encounter.participant_id)
        .values_list("pk", flat=True)
    )
    zone = org_zone(organisation)
    day = encounter.starts_at.astimezone(zone).date()
    day_start, day_end = local_day_bounds(day, zone)
    used = (
        Encounter.objects.filter(
            participant_id=encounter.participant_id,
            payer_id=payer.pk,
            starts_at__gte=day_start,
            starts_at__lt=day_end,
        )
        .exclude(pk=encounter.pk)
        .aggregate(total=Sum("units"))["total"]
        or 0
    )
    if used + encounter.units <= payer.daily_unit_cap:
        return {}
    message = ngettext(
        "%(payer)s pays for at most %(cap)d unit a day for one person.",
        "%(payer)s pays for at most %(cap)d units a day for one person.",
        payer.daily_unit_cap,
    ) % {"payer": payer.name, "cap": payer.daily_unit_cap}
    message += " " + _(
        "Already logged for this day: %(used)d; this session adds %(units)d. Shorten the "
        "session, or log it without a payer."
    ) % {"used": used, "units": encounter.units}
    return {"ends_at": [message]}


def note_choice_errors(
    *,
    participant_id: int,
    organisation_id: int,
    goals: list[RecoveryGoal],
    interventions: list[Intervention],
    note: ProgressNote | None = None,
) -> Errors:
    """Goals from this participant's recovery plans; interventions from the
    organisation's active list (ones already on the note may stay if since retired)."""
    errors: Errors = {}
    wanted = {g.pk for g in goals}
    if wanted and RecoveryGoal.objects.filter(
        pk__in=wanted, plan__participant_id=participant_id
    ).count() != len(wanted):
        add_error(errors, "goals_addressed", _("Choose goals from this person's recovery plan."))
    kept = set(note.interventions.values_list("pk", flat=True)) if note and note.pk else set()
    if any(
        i.organisation_id != organisation_id or not (i.is_active or i.pk in kept)
        for i in interventions
    ):
        add_error(
            errors, "interventions", _("Choose from your organisation's list of interventions.")
        )
    return errors


def signing_errors(
    *, kind: str, values: dict[str, str], goal_count: int, intervention_count: int
) -> Errors:
    """What a note needs before it can be signed (what a Medicaid auditor looks for)."""
    errors: Errors = {}
    if intervention_count < 1:
        add_error(errors, "interventions", _("Tick at least one thing you did in this session."))
    if not (values.get("participant_response") or "").strip():
        add_error(
            errors,
            "participant_response",
            _("Write how the participant responded, in their own words."),
        )
    if not (values.get("next_steps") or "").strip():
        add_error(errors, "next_steps", _("Write the plan and next steps."))
    if kind in BILLABLE_KINDS and goal_count < 1:
        add_error(
            errors,
            "goals_addressed",
            _(
                "Tick the recovery plan goal this session worked on: a billable note must be "
                "tied to the plan. (Outreach and contact attempts don't need one.)"
            ),
        )
    return errors


# --- Checks shared by the writers ----------------------------------------------------------


def require_write_for(actor: User, participant: Participant) -> None:
    if not can(actor, Perm.ENCOUNTER_WRITE, participant):
        raise PermissionDenied


def require_peer(actor: User, encounter: Encounter) -> None:
    if not may_edit(actor, encounter):
        raise PermissionDenied


def audit(
    *,
    actor: User,
    action: str,
    object_type: str,
    encounter: Encounter,
    detail: str = "",
    request: HttpRequest | None,
    channel: str,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=encounter.public_id,
        organisation_id=encounter.organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def locked_note(note: ProgressNote) -> ProgressNote:
    """The note as saved now, its row locked until commit (PostgreSQL)."""
    return ProgressNote.objects.select_for_update().get(pk=note.pk)
