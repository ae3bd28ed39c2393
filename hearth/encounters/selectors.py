"""Reads of encounters and progress notes. Every function takes the acting user and
returns only what that user may see.

Who sees an encounter (``encounter_scope``): anyone whose role may view encounters sees
those of the participants in their ``participant_scope``; a peer also sees the sessions
they held themselves (so a reassigned participant's unsigned note can still be signed);
a supervisor also sees every session their supervisees held (so they can co-sign and
chase overdue notes). Nothing crosses organisations.

Reading an encounter or its note is a disclosure: a page or API endpoint that shows one
calls ``services.encounter_record_view`` once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.policy import Perm, Role, participant_scope, permissions_of, role_of, team_scope
from hearth.encounters.models import Encounter, NoteAddendum, NoteStatus, ProgressNote
from hearth.participants.models import Participant

#: Columns a list of sessions shows; only these are loaded (no note text to decrypt).
LIST_FIELDS = (
    "public_id",
    "organisation_id",
    "participant_id",
    "peer_id",
    "kind",
    "mode",
    "starts_at",
    "ends_at",
    "minutes",
    "units",
    "note__id",
    "note__status",
    "note__late_entry",
    "peer__display_name",
)


def encounter_scope(user: User) -> Q:
    """The encounters ``user`` may see, as a ``Q`` on ``Encounter``."""
    perms = permissions_of(user)
    if Perm.ENCOUNTER_VIEW not in perms:
        return Q(pk__in=[])
    in_scope = Participant.objects.filter(participant_scope(user)).values("pk")
    visible = Q(participant__in=in_scope)
    if Perm.ENCOUNTER_WRITE in perms:
        visible |= Q(peer=user)
    if Perm.NOTE_COSIGN in perms:
        visible |= Q(peer__supervisor=user)
    return Q(organisation_id=user.organisation_id) & visible


def encounters_for(
    user: User,
    *,
    participant: Participant | None = None,
    peer: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Encounter]:
    """Encounters ``user`` may see, newest first, optionally for one participant or
    peer and starting in ``[since, until)``. The peer, payer and note come in the same
    query."""
    qs = Encounter.objects.filter(encounter_scope(user))
    if participant is not None:
        qs = qs.filter(participant=participant)
    if peer is not None:
        qs = qs.filter(peer=peer)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    if until is not None:
        qs = qs.filter(starts_at__lt=until)
    return qs.select_related("peer", "payer", "note").order_by("-starts_at", "-pk")


def recent_sessions_for_participant(
    user: User, participant: Participant, *, limit: int = 10
) -> list[Encounter]:
    """The latest sessions with one participant, for the card on their page: one query,
    list columns only."""
    return list(
        encounters_for(user, participant=participant)
        .select_related(None)
        .select_related("note", "peer")
        .only(*LIST_FIELDS)[:limit]
    )


def get_encounter_for(user: User, public_id: UUID | str) -> Encounter:
    """One encounter with its note, goals, interventions and addenda, or ``Http404`` if
    it does not exist *or* the user may not see it."""
    addenda = Prefetch("note__addenda", queryset=NoteAddendum.objects.select_related("author"))
    try:
        return (
            Encounter.objects.filter(encounter_scope(user))
            .select_related(
                "organisation",
                "participant",
                "peer",
                "payer",
                "programme",
                "note",
                "note__signed_by",
                "note__cosigned_by",
            )
            .prefetch_related("note__goals_addressed", "note__interventions", addenda)
            .get(public_id=public_id)
        )
    except (Encounter.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def overlapping_encounters(encounter: Encounter) -> QuerySet[Encounter]:
    """The same peer's other encounters whose times overlap this one (touching
    end-to-start is not an overlap). Payers refuse overlapping claims, so these are
    flagged when logged. Unscoped: show only times and types, not whom they were with."""
    return (
        Encounter.objects.filter(
            peer_id=encounter.peer_id,
            starts_at__lt=encounter.ends_at,
            ends_at__gt=encounter.starts_at,
        )
        .exclude(pk=encounter.pk)
        # One group session is one stretch of the peer's time, however many attended.
        .exclude(group_note_id__isnull=False, group_note_id=encounter.group_note_id)
        .only("public_id", "kind", "starts_at", "ends_at", "organisation_id", "peer_id")
        .order_by("starts_at")
    )


def note_is_overdue(encounter: Encounter, *, now: datetime | None = None) -> bool:
    """Still a draft ``note_overdue_hours`` after the session ended."""
    hours = encounter.organisation.note_overdue_hours
    return encounter.note.status == NoteStatus.DRAFT and (now or timezone.now()) > (
        encounter.ends_at + timedelta(hours=hours)
    )


def _notes_in_scope(user: User) -> QuerySet[ProgressNote]:
    visible = Encounter.objects.filter(encounter_scope(user)).values("pk")
    return ProgressNote.objects.filter(encounter__in=visible).select_related(
        "encounter", "encounter__participant", "encounter__peer"
    )


def overdue_drafts(cutoff: datetime) -> QuerySet[ProgressNote]:
    """Notes still in draft for a session that ended before ``cutoff``.

    Every session gets its draft note in the same transaction that records it
    (``encounter_create``), so a draft is the only way a note can be outstanding. Starting
    from the notes (few drafts, indexed by status) rather than from every session keeps
    this cheap however many signed sessions a peer has."""
    return ProgressNote.objects.filter(status=NoteStatus.DRAFT, encounter__ends_at__lt=cutoff)


def overdue_notes_for(user: User, *, now: datetime | None = None) -> QuerySet[ProgressNote]:
    """Draft notes still unsigned ``note_overdue_hours`` after their session ended:
    a peer's own; a supervisor's, manager's or admin's team's (``team_scope``), within
    what they may see. Oldest first."""
    role = role_of(user)
    if role is None or Perm.ENCOUNTER_VIEW not in permissions_of(user):
        return ProgressNote.objects.none()
    now = now or timezone.now()
    cutoff = now - timedelta(hours=user.organisation.note_overdue_hours)
    qs = _notes_in_scope(user) & overdue_drafts(cutoff)
    if role == Role.PEER_SPECIALIST:
        qs = qs.filter(encounter__peer=user)
    else:
        qs = qs.filter(encounter__peer__in=User.objects.filter(team_scope(user)).values("pk"))
    return qs.order_by("encounter__ends_at", "pk")


def notes_awaiting_cosign_for(user: User) -> QuerySet[ProgressNote]:
    """Signed notes by ``user``'s supervisees whose payer requires a supervisor's
    co-signature, oldest first. Empty for anyone who does not co-sign."""
    if Perm.NOTE_COSIGN not in permissions_of(user):
        return ProgressNote.objects.none()
    return (
        ProgressNote.objects.filter(
            status=NoteStatus.SIGNED,
            signed_by__supervisor=user,
            encounter__organisation_id=user.organisation_id,
            encounter__payer__cosign_required=True,
        )
        .select_related("encounter", "encounter__participant", "encounter__peer", "signed_by")
        .order_by("signed_at", "pk")
    )


def own_notes_for_participant(user: User) -> QuerySet[ProgressNote]:
    """A participant's own signed notes, newest first, only when their organisation
    shares notes with participants; otherwise none. One query."""
    if Perm.OWN_RECORD_VIEW not in permissions_of(user):
        return ProgressNote.objects.none()
    return (
        ProgressNote.objects.filter(
            encounter__participant__user=user,
            encounter__organisation_id=user.organisation_id,
            encounter__organisation__share_notes_with_participants=True,
            status__in=[NoteStatus.SIGNED, NoteStatus.COSIGNED],
        )
        .select_related("encounter", "encounter__peer")
        .order_by("-encounter__starts_at", "-pk")
    )
