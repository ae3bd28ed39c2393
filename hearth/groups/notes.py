"""The group note: one note for a session, fanned out to a group encounter on each
attending participant's record, each with its own progress note whose "participant's
response" is that person's individual line.

The progress notes are written, signed, locked and co-signed by the encounters app's own
services (``note_save_draft``, ``note_sign``, ``note_cosign``), so the rules are the ones
individual notes follow: interventions, a response in the person's words, next steps and
a goal from the person's recovery plan before signing; nothing changes once signed.
Units are computed from the session's times with the payer's rule, never typed; claims
carry the payer's HCPCS code with its group modifier (HQ).

Walk-ins who are not participants are never billed: they have no record to bill on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.encounters import services as encounter_services
from hearth.encounters.models import Encounter, EncounterKind, Intervention, NoteStatus
from hearth.encounters.services.rules import signing_errors
from hearth.groups.models import Attendance, GroupNote, GroupSession
from hearth.groups.services import may_facilitate
from hearth.participants.models import Participant
from hearth.plans.models import RecoveryGoal

SHARED_FIELDS = ("payer", "place_of_service", "mode")


@dataclass
class AttendeeLine:
    participation: str = ""
    goals: list[RecoveryGoal] = field(default_factory=list)


def attendees(session: GroupSession) -> list[Participant]:
    """Participants marked present (walk-ins without a record are not billable)."""
    ids = Attendance.objects.filter(
        session=session, present=True, participant__isnull=False
    ).values("participant_id")
    return list(Participant.objects.filter(pk__in=ids).order_by("name", "pk"))


def _check(actor: User, session: GroupSession) -> None:
    if not (can(actor, Perm.ENCOUNTER_WRITE) and may_facilitate(actor, session.group)):
        raise PermissionDenied
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: there is nothing to document."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("Write the group note once the meeting has happened."))


def line_field(participant: Participant) -> str:
    return f"line_{participant.pk}"


def _encounter_data(session: GroupSession, shared: dict[str, Any]) -> dict[str, Any]:
    group = session.group
    return {
        **{k: shared[k] for k in SHARED_FIELDS if k in shared},
        "programme": group.programme,
        "location_note": group.room[:200],
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    }


@transaction.atomic
def group_note_save(
    *,
    actor: User,
    session: GroupSession,
    shared: dict[str, Any],
    summary: str,
    next_steps: str,
    interventions: list[Intervention],
    lines: dict[int, AttendeeLine],
    sign: bool = False,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> GroupNote:
    """Write (and with ``sign``, sign) the group note, all or nothing. Every attendee
    gets a group encounter the first time; every draft is updated; signing refuses with
    every problem at once, per attendee (field ``line_<participant pk>``)."""
    _check(actor, session)
    people = attendees(session)
    if not people:
        raise ValidationError(
            _("Mark who came first: the group note is written for the participants present.")
        )
    note, created = GroupNote.objects.select_for_update().get_or_create(
        session=session, defaults={"facilitator": actor, "payer": shared.get("payer")}
    )
    if note.facilitator_id != actor.pk:
        raise PermissionDenied
    if sign:
        _raise_signing_errors(people, summary, next_steps, interventions, lines)
    existing = {e.participant_id: e for e in note.encounters.select_related("note")}
    data = _encounter_data(session, shared)
    written = 0
    for person in people:
        encounter = existing.get(person.pk)
        if encounter is None:
            encounter = encounter_services.group_encounter_create(
                actor=actor,
                participant=person,
                group_note=note,
                data=data,
                request=request,
                channel=channel,
            )
        elif encounter.note.is_locked:
            continue
        else:
            changes = {k: data[k] for k in SHARED_FIELDS if k in data}
            encounter = encounter_services.encounter_update(
                actor=actor,
                encounter=encounter,
                data=changes,
                expected_version=encounter.version,
                request=request,
                channel=channel,
            )
        line = lines.get(person.pk, AttendeeLine())
        progress = encounter.note
        progress = encounter_services.note_save_draft(
            actor=actor,
            note=progress,
            data={
                "summary": summary,
                "participant_response": line.participation,
                "next_steps": next_steps,
            },
            goals=line.goals,
            interventions=interventions,
            expected_version=progress.version,
            request=request,
            channel=channel,
        )
        if sign:
            encounter_services.note_sign(
                actor=actor,
                note=progress,
                expected_version=progress.version,
                request=request,
                channel=channel,
            )
        written += 1
    if not written:
        raise ValidationError(_("Every attendee's note is already signed."))
    note.payer = shared.get("payer")
    note.topic = (shared.get("topic") or "")[:200]
    note.save(update_fields=["payer", "topic", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="group_note",
        object_id=str(note.public_id),
        organisation_id=session.group.organisation_id,
        detail=f"attendees={written}" + (",signed" if sign else ""),
        request=request,
        channel=channel,
    )
    return note


def _raise_signing_errors(people, summary, next_steps, interventions, lines) -> None:
    errors: dict[str, list[str]] = {}
    for person in people:
        line = lines.get(person.pk, AttendeeLine())
        found = signing_errors(
            kind=EncounterKind.GROUP,
            values={"participant_response": line.participation, "next_steps": next_steps},
            goal_count=len(line.goals),
            intervention_count=len(interventions),
        )
        for key in ("interventions", "next_steps"):
            for message in found.pop(key, []):
                if message not in errors.get(key, []):
                    errors.setdefault(key, []).append(message)
        messages = [m for ms in found.values() for m in ms]
        if messages:
            errors[line_field(person)] = messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_note_cosign(
    *,
    actor: User,
    note: GroupNote,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> int:
    """The facilitator's supervisor co-signs every signed attendee note at once (the
    encounters app's rule: a supervisor, for a supervisee, never their own)."""
    count = 0
    for encounter in note.encounters.select_related("note", "organisation", "peer"):
        if encounter.note.status == NoteStatus.SIGNED:
            encounter_services.note_cosign(
                actor=actor, note=encounter.note, request=request, channel=channel
            )
            count += 1
    if not count:
        raise ValidationError(_("There is no signed note here waiting for a co-signature."))
    return count


def group_encounters(note: GroupNote) -> list[Encounter]:
    return list(
        note.encounters.select_related("participant", "note", "payer").order_by(
            "participant__name", "pk"
        )
    )
