"""Reads of participant data. Every function takes the acting user and returns only what
that user may see (``hearth.core.policy.participant_scope``)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.core.policy import Perm, can, participant_scope
from hearth.participants.models import CaseAssignment, Participant


def _active_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("specialist"),
        to_attr="active_assignments",
    )


def participants_for(
    user: User,
    *,
    search: str = "",
    status: str = "",
    programme_id: UUID | None = None,
    assigned_to_me: bool = False,
) -> QuerySet[Participant]:
    """The participants ``user`` may see, filtered, with care teams prefetched (so a list
    page costs the same number of queries at 10 rows or 10,000)."""
    qs = Participant.objects.filter(participant_scope(user))
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(name__icontains=term) | Q(preferred_name__icontains=term) | Q(phone__icontains=term)
        )
    if status:
        qs = qs.filter(status=status)
    if programme_id:
        qs = qs.filter(programmes__public_id=programme_id)
    if assigned_to_me:
        qs = qs.filter(assignments__specialist=user, assignments__ended_at__isnull=True)
    return qs.prefetch_related(_active_assignments()).order_by("name", "pk")


def get_participant_for(user: User, public_id: UUID | str) -> Participant:
    """One participant record, or ``Http404`` if it does not exist *or* the user may not
    see it — the two are indistinguishable on purpose."""
    try:
        return (
            Participant.objects.filter(participant_scope(user))
            .select_related("organisation", "user")
            .prefetch_related(_active_assignments(), "programmes")
            .get(public_id=public_id)
        )
    except (Participant.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_own_participant_record(user: User) -> Participant | None:
    """The participant record linked to a participant's own sign-in, if any."""
    if not can(user, Perm.OWN_RECORD_VIEW):
        return None
    return (
        Participant.objects.filter(user=user, organisation_id=user.organisation_id)
        .prefetch_related(_active_assignments(), "programmes")
        .first()
    )


def caseload_counts(user: User) -> dict[str, int]:
    """How many participants in the user's own caseload are in each status."""
    rows = (
        Participant.objects.filter(
            organisation_id=user.organisation_id,
            assignments__specialist=user,
            assignments__ended_at__isnull=True,
        )
        .order_by()  # no default ordering: it would split the groups
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}
