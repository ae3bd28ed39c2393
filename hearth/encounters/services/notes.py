"""Writing progress notes: drafts, the peer's signature, the supervisor's co-signature,
addenda, and the organisation's list of interventions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import may_cosign
from hearth.encounters.models import (
    DEFAULT_INTERVENTIONS,
    Intervention,
    NoteAddendum,
    NoteStatus,
    ProgressNote,
)
from hearth.encounters.services.rules import (
    NOTE_FIELDS,
    ConcurrentEditError,
    audit,
    check_keys,
    credential_on,
    locked_message,
    locked_note,
    may_add_addendum,
    note_choice_errors,
    org_zone,
    raise_if,
    require_peer,
    signing_errors,
)
from hearth.organisations.models import Organisation
from hearth.plans.models import RecoveryGoal


def write_note_draft(
    actor: User,
    note: ProgressNote,
    data: dict[str, str],
    goals: list[RecoveryGoal],
    interventions: list[Intervention],
    *,
    expected_version: int,
    request: HttpRequest | None,
    channel: str,
) -> ProgressNote:
    changed = [f for f, v in data.items() if (getattr(note, f) or "") != (v or "")]
    for field, value in data.items():
        setattr(note, field, value or "")
    note.full_clean(exclude=["encounter", "signed_by", "cosigned_by"])
    values = {f: getattr(note, f) for f in data}
    # A plain value in .update() still goes through get_prep_value: encrypted as on save().
    rows = ProgressNote.objects.filter(
        pk=note.pk, version=expected_version, status=NoteStatus.DRAFT
    ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    if rows == 0:
        current = ProgressNote.objects.get(pk=note.pk)
        if current.is_locked:
            raise ValidationError(locked_message())
        raise ConcurrentEditError(current)
    note.version = expected_version + 1
    for name, chosen in (("goals_addressed", goals), ("interventions", interventions)):
        related = getattr(note, name)
        if {o.pk for o in chosen} != set(related.values_list("pk", flat=True)):
            related.set(chosen)
            changed.append(name)
    audit(
        actor=actor,
        action=Action.UPDATE,
        object_type="note",
        encounter=note.encounter,
        detail=",".join(sorted(changed)),
        request=request,
        channel=channel,
    )
    return note


@transaction.atomic
def note_save_draft(
    *,
    actor: User,
    note: ProgressNote,
    data: dict[str, str],
    goals: Iterable[RecoveryGoal],
    interventions: Iterable[Intervention],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> ProgressNote:
    """Save a draft note (the encounter's peer only). Goals must come from the
    participant's recovery plans, interventions from the organisation's active list."""
    encounter = note.encounter
    require_peer(actor, encounter)
    check_keys(data, NOTE_FIELDS)
    if locked_note(note).is_locked:
        raise ValidationError(locked_message())
    goals, interventions = list(goals), list(interventions)
    raise_if(
        note_choice_errors(
            participant_id=encounter.participant_id,
            organisation_id=encounter.organisation_id,
            goals=goals,
            interventions=interventions,
            note=note,
        )
    )
    return write_note_draft(
        actor,
        note,
        data,
        goals,
        interventions,
        expected_version=expected_version,
        request=request,
        channel=channel,
    )


def sign_note(
    actor: User, note: ProgressNote, *, request: HttpRequest | None, channel: str
) -> ProgressNote:
    """Sign ``note`` as it is saved now (checks done by the caller)."""
    encounter = note.encounter
    organisation = encounter.organisation
    now = timezone.now()
    day = encounter.starts_at.astimezone(org_zone(organisation)).date()
    late = now > encounter.ends_at + timedelta(hours=organisation.late_entry_hours)
    values = {
        "status": NoteStatus.SIGNED,
        "signed_at": now,
        "signed_by": actor,
        "signer_credential": credential_on(actor, day),
        "late_entry": late,
    }
    ProgressNote.objects.filter(pk=note.pk, status=NoteStatus.DRAFT).update(
        **values, version=F("version") + 1, updated_at=now
    )
    for field, value in values.items():
        setattr(note, field, value)
    note.version += 1
    audit(
        actor=actor,
        action=Action.STATUS,
        object_type="note",
        encounter=encounter,
        detail="signed,late_entry" if late else "signed",
        request=request,
        channel=channel,
    )
    return note


@transaction.atomic
def note_sign(
    *,
    actor: User,
    note: ProgressNote,
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> ProgressNote:
    """The peer signs their note, which locks it. ``expected_version`` is the version
    they read: a note changed since is not signed (``ConcurrentEditError``). The
    credential valid on the session date is stamped; a note signed more than the
    organisation's ``late_entry_hours`` after the session is marked a late entry."""
    encounter = note.encounter
    require_peer(actor, encounter)
    current = locked_note(note)
    if current.is_locked:
        raise ValidationError(_("This note is already signed."))
    if current.version != expected_version:
        raise ConcurrentEditError(current)
    raise_if(
        signing_errors(
            kind=encounter.kind,
            values={f: getattr(current, f) for f in NOTE_FIELDS},
            goal_count=current.goals_addressed.count(),
            intervention_count=current.interventions.count(),
        )
    )
    return sign_note(actor, note, request=request, channel=channel)


@transaction.atomic
def note_cosign(
    *,
    actor: User,
    note: ProgressNote,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> ProgressNote:
    """A supervisor co-signs a supervisee's signed note (never their own)."""
    encounter = note.encounter
    current = (
        ProgressNote.objects.select_for_update(of=("self",))
        .select_related("signed_by")
        .get(pk=note.pk)
    )
    signer = current.signed_by or encounter.peer
    if signer.pk == actor.pk:
        raise ValidationError(_("You can't co-sign your own note. Your supervisor co-signs it."))
    if not may_cosign(actor, signer):
        raise PermissionDenied
    if current.status == NoteStatus.DRAFT:
        raise ValidationError(_("The peer has to sign this note before it can be co-signed."))
    if current.status == NoteStatus.COSIGNED:
        raise ValidationError(_("This note is already co-signed."))
    now = timezone.now()
    day = encounter.starts_at.astimezone(org_zone(encounter.organisation)).date()
    values = {
        "status": NoteStatus.COSIGNED,
        "cosigned_at": now,
        "cosigned_by": actor,
        "cosigner_credential": credential_on(actor, day),
    }
    ProgressNote.objects.filter(pk=note.pk).update(**values, version=F("version") + 1)
    for field, value in values.items():
        setattr(note, field, value)
    note.version = current.version + 1
    audit(
        actor=actor,
        action=Action.STATUS,
        object_type="note",
        encounter=encounter,
        detail="cosigned",
        request=request,
        channel=channel,
    )
    return note


@transaction.atomic
def note_add_addendum(
    *,
    actor: User,
    note: ProgressNote,
    text: str,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> NoteAddendum:
    """Add a dated, credential-stamped addendum to a signed note, by the peer, their
    supervisor, or an organisation admin. The note itself never changes."""
    encounter = note.encounter
    if not may_add_addendum(actor, encounter):
        raise PermissionDenied
    if not locked_note(note).is_locked:
        raise ValidationError(
            _("This note is still a draft: edit it instead of adding an addendum.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the addendum.")})
    now = timezone.now()
    addendum = NoteAddendum(
        note=note,
        text=text,
        author=actor,
        author_credential=credential_on(
            actor, now.astimezone(org_zone(encounter.organisation)).date()
        ),
        signed_at=now,
    )
    addendum.full_clean()
    addendum.save()
    audit(
        actor=actor,
        action=Action.CREATE,
        object_type="note",
        encounter=encounter,
        detail="addendum",
        request=request,
        channel=channel,
    )
    return addendum


# --- Configuration ---------------------------------------------------------------------------


def interventions_ensure_defaults(*, organisation: Organisation) -> None:
    """Give an organisation the default list of interventions the first time a note
    form needs them. Idempotent and safe to race (conflicts are ignored). Not audited:
    it is configuration and holds no personal data."""
    if Intervention.objects.filter(organisation=organisation).exists():
        return
    # Stored in English: the list is the organisation's own from now on, to rename.
    with translation.override("en"):
        names = [str(name) for name in DEFAULT_INTERVENTIONS]
    Intervention.objects.bulk_create(
        [
            Intervention(organisation=organisation, name=name, position=position)
            for position, name in enumerate(names)
        ],
        ignore_conflicts=True,
    )
