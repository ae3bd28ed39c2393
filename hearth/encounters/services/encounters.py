"""Writing encounters: log (with the note, optionally signed, all or nothing), correct
while the note is a draft, and account for reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import Perm, can
from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    Intervention,
    ProgressNote,
)
from hearth.encounters.services.notes import sign_note, write_note_draft
from hearth.encounters.services.rules import (
    ENCOUNTER_FIELDS,
    NOTE_FIELDS,
    ConcurrentEditError,
    Errors,
    audit,
    check_keys,
    encounter_errors,
    locked_message,
    locked_note,
    merge_errors,
    note_choice_errors,
    raise_if,
    require_peer,
    require_write_for,
    signing_errors,
)
from hearth.participants.models import Participant
from hearth.plans.models import RecoveryGoal


def _build_encounter(actor: User, participant: Participant, data: dict[str, Any]) -> Encounter:
    check_keys(data, ENCOUNTER_FIELDS)
    return Encounter(
        organisation_id=participant.organisation_id,
        participant=participant,
        peer=actor,
        created_by=actor,
        **data,
    )


def _save_new_encounter(
    actor: User, encounter: Encounter, *, request: HttpRequest | None, channel: str
) -> Encounter:
    encounter.save()
    ProgressNote.objects.create(encounter=encounter)
    encounter.overlapping = _overlaps(encounter)
    flags = ",overlap" if encounter.overlapping else ""
    audit(
        actor=actor,
        action=Action.CREATE,
        object_type="encounter",
        encounter=encounter,
        detail=f"kind={encounter.kind},units={encounter.units}{flags}",
        request=request,
        channel=channel,
    )
    return encounter


def _overlaps(encounter: Encounter) -> list[Encounter]:
    from hearth.encounters.selectors import overlapping_encounters

    return list(overlapping_encounters(encounter))


@transaction.atomic
def encounter_create(
    *,
    actor: User,
    participant: Participant,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Encounter:
    """Log a contact with ``participant``, held by ``actor``, with an empty draft note.

    Refused (``ValidationError`` on the field) for an end before the start, more than
    8 hours, a session in the future, a payer or programme from elsewhere, or units over
    the payer's daily cap. Overlapping another of the peer's sessions is allowed but
    flagged: the returned encounter's ``overlapping`` lists the others."""
    require_write_for(actor, participant)
    encounter = _build_encounter(actor, participant, data)
    raise_if(encounter_errors(encounter, organisation=participant.organisation))
    return _save_new_encounter(actor, encounter, request=request, channel=channel)


@transaction.atomic
def encounter_log(
    *,
    actor: User,
    participant: Participant,
    data: dict[str, Any],
    note_data: dict[str, str],
    goals: Iterable[RecoveryGoal] = (),
    interventions: Iterable[Intervention] = (),
    sign: bool = False,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Encounter:
    """The one-page "log a session" flow: the encounter, its note, and (with ``sign``)
    the signature, all or nothing. Every problem is reported at once, so a peer on a
    phone fixes them in one pass."""
    require_write_for(actor, participant)
    check_keys(note_data, NOTE_FIELDS)
    goals, interventions = list(goals), list(interventions)
    encounter = _build_encounter(actor, participant, data)
    errors = encounter_errors(encounter, organisation=participant.organisation)
    merge_errors(
        errors,
        note_choice_errors(
            participant_id=participant.pk,
            organisation_id=participant.organisation_id,
            goals=goals,
            interventions=interventions,
        ),
    )
    if sign:
        merge_errors(
            errors,
            signing_errors(
                kind=encounter.kind,
                values=note_data,
                goal_count=len(goals),
                intervention_count=len(interventions),
            ),
        )
    raise_if(errors)
    _save_new_encounter(actor, encounter, request=request, channel=channel)
    note = encounter.note
    write_note_draft(
        actor,
        note,
        note_data,
        goals,
        interventions,
        expected_version=note.version,
        request=request,
        channel=channel,
    )
    if sign:
        sign_note(actor, note, request=request, channel=channel)
    return encounter


@transaction.atomic
def group_encounter_create(
    *,
    actor: User,
    participant: Participant,
    group_note: Any,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Encounter:
    """One attendee's share of a group session, with an empty draft note, held by the
    facilitator ``actor``. Only ``hearth.groups.notes`` calls this, after checking that
    ``actor`` facilitated the session and ``participant`` attended it (the facilitator
    need not have the participant on their caseload). Validated like any encounter."""
    if not can(actor, Perm.ENCOUNTER_WRITE) or participant.organisation_id != actor.organisation_id:
        raise PermissionDenied
    encounter = _build_encounter(actor, participant, {**data, "kind": EncounterKind.GROUP})
    encounter.group_note = group_note
    raise_if(encounter_errors(encounter, organisation=participant.organisation))
    return _save_new_encounter(actor, encounter, request=request, channel=channel)


def _apply_encounter_changes(
    actor: User, encounter: Encounter, data: dict[str, Any]
) -> tuple[Encounter, Errors, list[str]]:
    check_keys(data, ENCOUNTER_FIELDS)
    previous = Encounter.objects.get(pk=encounter.pk)
    changed = [f for f, v in data.items() if getattr(previous, f) != v]
    for field, value in data.items():
        setattr(encounter, field, value)
    errors = encounter_errors(encounter, organisation=encounter.organisation, previous=previous)
    return encounter, errors, changed


def _write_encounter_update(
    actor: User,
    encounter: Encounter,
    changed: list[str],
    *,
    expected_version: int,
    request: HttpRequest | None,
    channel: str,
) -> Encounter:
    values = {f: getattr(encounter, f) for f in ENCOUNTER_FIELDS}
    rows = Encounter.objects.filter(pk=encounter.pk, version=expected_version).update(
        **values,
        minutes=encounter.minutes,
        units=encounter.units,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if rows == 0:
        raise ConcurrentEditError(Encounter.objects.get(pk=encounter.pk))
    encounter.version = expected_version + 1
    encounter.overlapping = _overlaps(encounter)
    flags = ",overlap" if encounter.overlapping else ""
    audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="encounter",
        encounter=encounter,
        detail=",".join(sorted(changed)) + flags,
        request=request,
        channel=channel,
    )
    return encounter


@transaction.atomic
def encounter_update(
    *,
    actor: User,
    encounter: Encounter,
    data: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Encounter:
    """Correct an encounter's facts while its note is a draft (by the peer only).
    A stale ``expected_version`` writes nothing and raises ``ConcurrentEditError``."""
    require_peer(actor, encounter)
    if locked_note(encounter.note).is_locked:
        raise ValidationError(locked_message())
    encounter, errors, changed = _apply_encounter_changes(actor, encounter, data)
    raise_if(errors)
    return _write_encounter_update(
        actor,
        encounter,
        changed,
        expected_version=expected_version,
        request=request,
        channel=channel,
    )


@transaction.atomic
def encounter_revise(
    *,
    actor: User,
    encounter: Encounter,
    data: dict[str, Any],
    note_data: dict[str, str],
    goals: Iterable[RecoveryGoal],
    interventions: Iterable[Intervention],
    encounter_version: int,
    note_version: int,
    sign: bool = False,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Encounter:
    """The edit page: encounter facts, the draft note and (with ``sign``) the
    signature, all or nothing, every problem reported at once."""
    require_peer(actor, encounter)
    check_keys(note_data, NOTE_FIELDS)
    note = locked_note(encounter.note)
    if note.is_locked:
        raise ValidationError(locked_message())
    goals, interventions = list(goals), list(interventions)
    encounter, errors, changed = _apply_encounter_changes(actor, encounter, data)
    merge_errors(
        errors,
        note_choice_errors(
            participant_id=encounter.participant_id,
            organisation_id=encounter.organisation_id,
            goals=goals,
            interventions=interventions,
            note=note,
        ),
    )
    if sign:
        merge_errors(
            errors,
            signing_errors(
                kind=encounter.kind,
                values=note_data,
                goal_count=len(goals),
                intervention_count=len(interventions),
            ),
        )
    raise_if(errors)
    if note.version != note_version:
        raise ConcurrentEditError(note)
    _write_encounter_update(
        actor,
        encounter,
        changed,
        expected_version=encounter_version,
        request=request,
        channel=channel,
    )
    write_note_draft(
        actor,
        note,
        note_data,
        goals,
        interventions,
        expected_version=note_version,
        request=request,
        channel=channel,
    )
    if sign:
        sign_note(actor, note, request=request, channel=channel)
    encounter.note = note
    return encounter


def encounter_record_view(
    *,
    actor: User,
    encounter: Encounter,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> None:
    """Account for a look at one encounter and its note (call once per page or API read)."""
    audit(
        actor=actor,
        action=Action.VIEW,
        object_type="encounter",
        encounter=encounter,
        request=request,
        channel=channel,
    )
