"""Sessions and progress notes over the API: the same policy, selectors and services as the
session pages.

Every endpoint first checks the role's permission with ``can`` (403 without it), then reads
through ``selectors.get_encounter_for`` or the participant selector (a record outside the
user's scope is a 404, as if it did not exist); the services then check who may act on that
record (only the peer who held a session edits or signs it; only their supervisor co-signs).
Reads are audited like the pages' reads, with channel ``api``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm
from hearth.encounters import selectors, services
from hearth.encounters.billing_selectors import interventions_for, payers_for
from hearth.encounters.models import Encounter, Intervention, Payer
from hearth.encounters.schemas import (
    AddendumIn,
    AddendumOut,
    EncounterConflictOut,
    EncounterCreateIn,
    EncounterFilters,
    EncounterOut,
    EncounterPage,
    EncounterUpdateIn,
    NoteSignIn,
)
from hearth.organisations.models import Programme
from hearth.organisations.selectors import active_programmes_for
from hearth.participants.models import Participant
from hearth.participants.schemas import ErrorOut
from hearth.participants.selectors import get_participant_for
from hearth.plans.models import RecoveryGoal
from hearth.plans.selectors import goals_for_participant

router = Router(tags=["encounters"])

_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
_RECORD: dict[int, Any] = {404: ErrorOut, **_ERRORS}

#: Columns a list row shows; only these are loaded (no note text to decrypt).
_ROW_FIELDS = (
    *selectors.LIST_FIELDS,
    "participant__public_id",
    "peer__public_id",
)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _with_overlaps(encounter: Encounter) -> Encounter:
    encounter.overlapping = list(selectors.overlapping_encounters(encounter))
    return encounter


def _read_back(actor: User, public_id: UUID) -> Encounter:
    """The encounter as just written, through the selector (with note, goals, addenda)."""
    return _with_overlaps(selectors.get_encounter_for(actor, public_id))


def _conflict(actor: User, public_id: UUID) -> Status:
    fresh = selectors.get_encounter_for(actor, public_id)
    return Status(
        409,
        {
            "detail": _("The session or its note was changed by someone else; nothing was saved."),
            "current_version": fresh.version,
            "current_note_version": fresh.note.version,
        },
    )


# --- resolving the public ids sent into the organisation's records ---------------------------


def _payer(actor: User, public_id: UUID | None) -> Payer | None:
    if public_id is None:
        return None
    found = payers_for(actor).filter(public_id=public_id).first()
    if found is None:
        raise ValidationError({"payer": _("Choose a payer from your organisation's list.")})
    return found


def _programme(actor: User, public_id: UUID | None, current: Programme | None) -> Programme | None:
    if public_id is None:
        return None
    if current is not None and current.public_id == public_id:
        return current  # kept even if since retired, as on the edit page
    found = active_programmes_for(actor).filter(public_id=public_id).first()
    if found is None:
        raise ValidationError({"programme": _("Choose a programme from your organisation's list.")})
    return found


def _interventions(actor: User, public_ids: list[UUID]) -> list[Intervention]:
    found = list(interventions_for(actor).filter(public_id__in=public_ids))
    if len(found) != len(public_ids):
        raise ValidationError(
            {"interventions": _("Choose from your organisation's list of interventions.")}
        )
    return found


def _goals(
    participant: Participant, ids: list[int], kept: Sequence[RecoveryGoal] = ()
) -> list[RecoveryGoal]:
    """Goals of the participant's active plan (goals already on the note may stay)."""
    found = {goal.pk: goal for goal in goals_for_participant(participant).filter(pk__in=ids)}
    found.update({goal.pk: goal for goal in kept if goal.pk in ids})
    if len(found) != len(ids):
        raise ValidationError(
            {"goals_addressed": _("Choose goals from this person's recovery plan.")}
        )
    return list(found.values())


def _encounter_data(
    actor: User, sent: dict[str, Any], current: Encounter | None = None
) -> dict[str, Any]:
    data = {f: _plain(sent[f]) for f in services.ENCOUNTER_FIELDS if f in sent}
    if "payer" in data:
        data["payer"] = _payer(actor, data["payer"])
    if "programme" in data:
        data["programme"] = _programme(
            actor, data["programme"], current.programme if current else None
        )
    return data


# --- endpoints -------------------------------------------------------------------------------


@router.get("", response={200: EncounterPage, **_ERRORS}, summary="List sessions")
def encounter_list(request: HttpRequest, filters: Query[EncounterFilters]):
    """The sessions you may see, newest first, a page at a time (no note text)."""
    actor = api_actor(request, Perm.ENCOUNTER_VIEW)
    records = selectors.encounters_for(actor, since=filters.since, until=filters.until)
    if filters.participant is not None:
        records = records.filter(participant__public_id=filters.participant)
    records = (
        records.select_related(None)
        .select_related("participant", "peer", "note")
        .only(*_ROW_FIELDS)
    )
    count = records.count()
    offset = (filters.page - 1) * filters.per_page
    rows = list(records[offset : offset + filters.per_page]) if offset < count else []
    # A list of sessions names who was seen when: a disclosure, like the participant list.
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="encounter",
        detail=f"rows={len(rows)}",
        request=request,
        channel=Channel.API,
    )
    return {"items": rows, "count": count, "page": filters.page, "per_page": filters.per_page}


@router.get("/{public_id}", response={200: EncounterOut, **_RECORD}, summary="Read a session")
def encounter_detail(request: HttpRequest, public_id: UUID):
    """A session with its note, the goals and interventions it records, and any addenda."""
    actor = api_actor(request, Perm.ENCOUNTER_VIEW)
    encounter = selectors.get_encounter_for(actor, public_id)
    services.encounter_record_view(
        actor=actor, encounter=encounter, request=request, channel=Channel.API
    )
    return _with_overlaps(encounter)


@router.post("", response={201: EncounterOut, **_RECORD}, summary="Log a session")
def encounter_create(request: HttpRequest, payload: EncounterCreateIn):
    """Log a contact that has happened, held by you, with its draft note. Units are
    computed from the times and the payer's rules. Overlapping another of your sessions
    is allowed but listed in ``overlaps`` (payers refuse overlapping claims)."""
    actor = api_actor(request, Perm.ENCOUNTER_WRITE)
    participant = get_participant_for(actor, payload.participant)
    sent = payload.model_dump()
    encounter = services.encounter_log(
        actor=actor,
        participant=participant,
        data=_encounter_data(actor, sent),
        note_data={f: sent[f] for f in services.NOTE_FIELDS},
        goals=_goals(participant, payload.goals_addressed),
        interventions=_interventions(actor, payload.interventions),
        request=request,
        channel=Channel.API,
    )
    return Status(201, _read_back(actor, encounter.public_id))


@router.patch(
    "/{public_id}",
    response={200: EncounterOut, 409: EncounterConflictOut, **_RECORD},
    summary="Correct a session and its draft note",
)
def encounter_update(request: HttpRequest, public_id: UUID, payload: EncounterUpdateIn):
    """Only the peer who held the session, and only while its note is a draft: a signed
    note never changes (add an addendum instead, ``POST …/note/addenda``). A stale
    ``version`` or ``note_version`` writes nothing and is a 409 with the current ones."""
    actor = api_actor(request, Perm.ENCOUNTER_WRITE)
    encounter = selectors.get_encounter_for(actor, public_id)
    sent = payload.model_dump(exclude_unset=True)
    version, note_version = sent.pop("version"), sent.pop("note_version", None)
    note_data = {f: sent[f] for f in services.NOTE_FIELDS if f in sent}
    changes_note = bool(note_data) or {"goals_addressed", "interventions"} & set(sent)
    data = _encounter_data(actor, sent, encounter)
    try:
        if changes_note:
            _revise(request, actor, encounter, sent, data, note_data, version, note_version)
        else:
            services.encounter_update(
                actor=actor,
                encounter=encounter,
                data=data,
                expected_version=version,
                request=request,
                channel=Channel.API,
            )
    except services.ConcurrentEditError:
        return _conflict(actor, public_id)
    return Status(200, _read_back(actor, public_id))


def _revise(request, actor, encounter, sent, data, note_data, version, note_version) -> None:
    if note_version is None:
        raise ValidationError({"note_version": _("Send the note's version to change the note.")})
    note = encounter.note
    current_goals = list(note.goals_addressed.all())
    goal_ids = sent.get("goals_addressed")
    intervention_ids = sent.get("interventions")
    services.encounter_revise(
        actor=actor,
        encounter=encounter,
        data=data,
        note_data=note_data,
        goals=current_goals
        if goal_ids is None
        else _goals(encounter.participant, goal_ids, current_goals),
        # Interventions already on the note may stay even if since retired (the service
        # decides; the lookup here includes retired ones).
        interventions=list(note.interventions.all())
        if intervention_ids is None
        else _interventions(actor, intervention_ids),
        encounter_version=version,
        note_version=note_version,
        request=request,
        channel=Channel.API,
    )


@router.post(
    "/{public_id}/note/sign",
    response={200: EncounterOut, 409: EncounterConflictOut, **_RECORD},
    summary="Sign a session's note",
)
def note_sign(request: HttpRequest, public_id: UUID, payload: NoteSignIn):
    """The peer who held the session signs its note, which locks it. Send the note's
    ``version`` you read: a note changed since is not signed (409). A note missing what
    a billable note needs is refused with a field error per missing element."""
    actor = api_actor(request, Perm.ENCOUNTER_WRITE)
    encounter = selectors.get_encounter_for(actor, public_id)
    try:
        services.note_sign(
            actor=actor,
            note=encounter.note,
            expected_version=payload.version,
            request=request,
            channel=Channel.API,
        )
    except services.ConcurrentEditError:
        return _conflict(actor, public_id)
    return Status(200, _read_back(actor, public_id))


@router.post(
    "/{public_id}/note/cosign",
    response={200: EncounterOut, **_RECORD},
    summary="Co-sign a supervisee's note",
)
def note_cosign(request: HttpRequest, public_id: UUID):
    """A supervisor co-signs a signed note of someone they supervise; never their own."""
    actor = api_actor(request, Perm.NOTE_COSIGN)
    encounter = selectors.get_encounter_for(actor, public_id)
    services.note_cosign(actor=actor, note=encounter.note, request=request, channel=Channel.API)
    return Status(200, _read_back(actor, public_id))


@router.post(
    "/{public_id}/note/addenda",
    response={201: AddendumOut, **_RECORD},
    summary="Add an addendum to a signed note",
)
def note_addendum(request: HttpRequest, public_id: UUID, payload: AddendumIn):
    """By the peer, their supervisor or an organisation admin, once the note is signed.
    The note stays as it was signed; the addendum is dated and credential-stamped."""
    actor = api_actor(request, Perm.ENCOUNTER_VIEW)
    encounter = selectors.get_encounter_for(actor, public_id)
    addendum = services.note_add_addendum(
        actor=actor, note=encounter.note, text=payload.text, request=request, channel=Channel.API
    )
    return Status(201, addendum)
