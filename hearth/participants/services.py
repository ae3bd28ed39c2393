"""Writes to participant records. Every function is atomic, validates, and writes its
audit event; none of them is ever called without an acting user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, assignable_specialists_scope, can
from hearth.organisations.models import Programme
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus

EDITABLE_FIELDS = (
    "name",
    "preferred_name",
    "pronouns",
    "gender_identity",
    "date_of_birth",
    "race_ethnicity",
    "preferred_language",
    "veteran_status",
    "lived_experience",
    "recovery_pathways",
    "phone",
    "email",
    "may_leave_voicemail",
    "may_text",
    "may_email",
    "safe_contact_notes",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
    "referral_source",
    "notes",
)


class ConcurrentEditError(Exception):
    """Someone else saved the record after this edit started."""

    def __init__(self, current: Participant):
        super().__init__("The participant record was changed by someone else")
        self.current = current


def _programmes_in_org(actor: User, programmes: Iterable[Programme]) -> list[Programme]:
    programmes = list(programmes)
    if any(p.organisation_id != actor.organisation_id for p in programmes):
        raise ValidationError({"programmes": _("Choose programmes from your organisation.")})
    return programmes


@transaction.atomic
def participant_create(
    *,
    actor: User,
    data: dict[str, Any],
    programmes: Iterable[Programme] = (),
    assign_to_actor: bool = True,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Participant:
    """Intake: create a participant in the actor's organisation. A peer specialist or
    supervisor who takes the intake becomes the primary peer specialist, so the record
    stays visible to them."""
    if not can(actor, Perm.PARTICIPANT_CREATE):
        raise PermissionDenied
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    participant = Participant(organisation_id=actor.organisation_id, created_by=actor, **data)
    participant.full_clean()
    participant.save()
    participant.programmes.set(_programmes_in_org(actor, programmes))
    if assign_to_actor and actor.role in ("peer_specialist", "peer_supervisor"):
        CaseAssignment.objects.create(
            participant=participant, specialist=actor, is_primary=True, assigned_by=actor
        )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="participant",
        object_id=participant.public_id,
        request=request,
        channel=channel,
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor: User,
    participant: Participant,
    data: dict[str, Any],
    expected_version: int,
    programmes: Iterable[Programme] | None = None,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Participant:
    """Change a participant's record. ``expected_version`` is the version the editor
    started from; if the record has moved on since, nothing is written and
    ``ConcurrentEditError`` carries the current record so the editor can compare."""
    if not can(actor, Perm.PARTICIPANT_EDIT, participant):
        raise PermissionDenied
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    changed = [f for f, v in data.items() if getattr(participant, f) != v]
    for field, value in data.items():
        setattr(participant, field, value)
    participant.full_clean()
    values = {f: getattr(participant, f) for f in data}
    # A plain value in .update() still goes through the field's get_prep_value, so
    # notes are encrypted here exactly as on save().
    rows = Participant.objects.filter(pk=participant.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if rows == 0:
        raise ConcurrentEditError(Participant.objects.get(pk=participant.pk))
    participant.version = expected_version + 1
    if programmes is not None:
        new = _programmes_in_org(actor, programmes)
        if {p.pk for p in new} != set(participant.programmes.values_list("pk", flat=True)):
            participant.programmes.set(new)
            changed.append("programmes")
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="participant",
        object_id=participant.public_id,
        detail=",".join(sorted(changed)),
        request=request,
        channel=channel,
    )
    return participant


@transaction.atomic
def participant_set_status(
    *,
    actor: User,
    participant: Participant,
    status: str,
    discharge_reason: str = "",
    expected_version: int,
    request: HttpRequest | None = None,
) -> Participant:
    if not can(actor, Perm.PARTICIPANT_CHANGE_STATUS, participant):
        raise PermissionDenied
    if status not in ParticipantStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status == ParticipantStatus.DISCHARGED and not discharge_reason:
        raise ValidationError({"discharge_reason": _("Say why the participant was discharged.")})
    if status != ParticipantStatus.DISCHARGED:
        discharge_reason = ""
    now = timezone.now()
    rows = Participant.objects.filter(pk=participant.pk, version=expected_version).update(
        status=status,
        discharge_reason=discharge_reason,
        status_changed_at=now,
        version=F("version") + 1,
        updated_at=now,
    )
    if rows == 0:
        raise ConcurrentEditError(Participant.objects.get(pk=participant.pk))
    participant.status, participant.discharge_reason = status, discharge_reason
    participant.status_changed_at, participant.version = now, expected_version + 1
    audit_record(
        actor=actor,
        action=Action.STATUS,
        object_type="participant",
        object_id=participant.public_id,
        detail=status,
        request=request,
    )
    return participant


@transaction.atomic
def participant_assign_specialists(
    *,
    actor: User,
    participant: Participant,
    specialists: Iterable[User],
    primary: User | None,
    request: HttpRequest | None = None,
) -> list[CaseAssignment]:
    """Set the participant's care team. Ended assignments are kept as history; newly
    assigned specialists are told (without personal data) by a background task."""
    if not can(actor, Perm.PARTICIPANT_ASSIGN, participant):
        raise PermissionDenied
    specialists = list(specialists)
    allowed = set(
        User.objects.filter(assignable_specialists_scope(actor)).values_list("pk", flat=True)
    )
    if any(s.pk not in allowed for s in specialists):
        raise ValidationError(
            {"specialists": _("You can only assign peer specialists you work with.")}
        )
    if primary is not None and primary.pk not in {s.pk for s in specialists}:
        raise ValidationError(
            {"primary": _("The primary peer specialist must be on the care team.")}
        )
    now = timezone.now()
    wanted = {s.pk for s in specialists}
    current = {a.specialist_id: a for a in participant.assignments.filter(ended_at__isnull=True)}
    for specialist_id, assignment in current.items():
        if specialist_id not in wanted:
            assignment.ended_at = now
            assignment.save(update_fields=["ended_at"])
    added = []
    for specialist in specialists:
        assignment = current.get(specialist.pk)
        is_primary = primary is not None and specialist.pk == primary.pk
        if assignment is None:
            added.append(specialist.pk)
            CaseAssignment.objects.create(
                participant=participant,
                specialist=specialist,
                is_primary=is_primary,
                assigned_by=actor,
            )
        elif assignment.is_primary != is_primary:
            assignment.is_primary = is_primary
            assignment.save(update_fields=["is_primary"])
    audit_record(
        actor=actor,
        action=Action.ASSIGN,
        object_type="participant",
        object_id=participant.public_id,
        detail=f"team={len(wanted)}",
        request=request,
    )
    if added:
        from hearth.participants.tasks import notify_new_assignment

        for specialist_id in added:
            transaction.on_commit(lambda sid=specialist_id: notify_new_assignment.enqueue(sid))
    return list(participant.assignments.filter(ended_at__isnull=True))


def participant_record_view(
    *,
    actor: User,
    participant: Participant,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> None:
    """Account for a look at one participant's record."""
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="participant",
        object_id=participant.public_id,
        organisation_id=participant.organisation_id,
        request=request,
        channel=channel,
    )


def participant_list_view(
    *,
    actor: User,
    count: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
    search: bool = False,
) -> None:
    """Account for a list of participants being shown (names on screen are a disclosure)."""
    audit_record(
        actor=actor,
        action=Action.SEARCH if search else Action.LIST,
        object_type="participant",
        detail=f"rows={count}",
        request=request,
        channel=channel,
    )


def participant_export_record(
    *, actor: User, count: int, request: HttpRequest | None = None, channel: str = Channel.WEB
) -> None:
    """Account for a bulk export of participant data."""
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="participant",
        detail=f"rows={count}",
        request=request,
        channel=channel,
    )
