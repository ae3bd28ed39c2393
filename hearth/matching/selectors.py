"""Reads for peer mentoring. Every function that takes the acting user returns only what
that user may see; a record outside it is ``Http404``.

- Coordinators see waitlist entries and matches of participants in their
  ``participant_scope``, and the mentor profiles of their organisation.
- A mentor sees the matches offered to (or active with) their own mentor profile.
- A participant sees their own request, suggestions and matches.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.core.policy import Perm, can, participant_scope
from hearth.matching import bridge
from hearth.matching.engine import Instance, part_values, suggest
from hearth.matching.engine.outcomes import Started, outcomes_by_part
from hearth.matching.models import (
    HOLDS_PLACE,
    Match,
    MatchRequest,
    MatchRun,
    MatchStatus,
    MentorProfile,
    RequestStatus,
)
from hearth.participants.models import Participant


def _scoped_participants(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(participant_scope(user))


def waitlist_for(user: User) -> QuerySet[MatchRequest]:
    """Waiting requests the coordinator may see, first come first."""
    if not can(user, Perm.MATCHING_COORDINATE):
        return MatchRequest.objects.none()
    return (
        MatchRequest.objects.filter(
            status=RequestStatus.WAITING,
            organisation_id=user.organisation_id,
            participant__in=_scoped_participants(user),
        )
        .select_related("participant", "programme")
        .order_by("requested_at", "pk")
    )


def get_request_for(user: User, public_id: UUID | str) -> MatchRequest:
    if not can(user, Perm.MATCHING_COORDINATE):
        raise Http404
    try:
        return MatchRequest.objects.select_related("participant", "programme").get(
            public_id=public_id,
            organisation_id=user.organisation_id,
            participant__in=_scoped_participants(user),
        )
    except (MatchRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def open_request_of(participant: Participant) -> MatchRequest | None:
    return (
        MatchRequest.objects.filter(
            participant=participant, status__in=[RequestStatus.WAITING, RequestStatus.MATCHED]
        )
        .select_related("participant", "programme")
        .first()
    )


def mentors_for(user: User) -> QuerySet[MentorProfile]:
    """The organisation's mentor profiles, each with ``places_taken``."""
    if not (can(user, Perm.MATCHING_COORDINATE) or can(user, Perm.MENTORS_MANAGE)):
        return MentorProfile.objects.none()
    return (
        MentorProfile.objects.filter(organisation_id=user.organisation_id)
        .select_related("user")
        .annotate(places_taken=Count("matches", filter=Q(matches__status__in=HOLDS_PLACE)))
        .order_by("public_name")
    )


def get_mentor_for(user: User, public_id: UUID | str) -> MentorProfile:
    try:
        return mentors_for(user).get(public_id=public_id)
    except (MentorProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_run_for(user: User, public_id: UUID | str) -> MatchRun:
    if not can(user, Perm.MATCHING_COORDINATE):
        raise Http404
    try:
        return MatchRun.objects.get(public_id=public_id, organisation_id=user.organisation_id)
    except (MatchRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def run_proposals(user: User, run: MatchRun) -> QuerySet[Match]:
    """The run's matches for participants the coordinator may see."""
    return (
        run.matches.filter(participant__in=_scoped_participants(user))
        .select_related("participant", "mentor", "request")
        .order_by("request__requested_at", "pk")
    )


def run_unmatched(user: User, run: MatchRun) -> list[dict]:
    """The run's unmatched requests (in scope), each with its reason in words."""
    ids = [row["request"] for row in run.unmatched]
    visible = {
        r.pk: r
        for r in MatchRequest.objects.filter(
            pk__in=ids, participant__in=_scoped_participants(user)
        ).select_related("participant")
    }
    return [
        {
            "request": visible[row["request"]],
            "why": bridge.unmatched_text(row["why"], row["detail"]),
        }
        for row in run.unmatched
        if row["request"] in visible
    ]


def get_match_for(user: User, public_id: UUID | str) -> Match:
    """A match as a coordinator sees it (participant in scope)."""
    if not can(user, Perm.MATCHING_COORDINATE):
        raise Http404
    try:
        return Match.objects.select_related("participant", "mentor", "request").get(
            public_id=public_id,
            organisation_id=user.organisation_id,
            participant__in=_scoped_participants(user),
        )
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def history_of(match_request: MatchRequest) -> QuerySet[Match]:
    """Every match ever made for this participant (not only this request)."""
    return (
        Match.objects.filter(participant_id=match_request.participant_id)
        .exclude(status=MatchStatus.WITHDRAWN, declined_by="superseded")
        .select_related("mentor")
        .order_by("-created_at")
    )


# --- mentors --------------------------------------------------------------------------------


def mentoring_requests_for(user: User) -> QuerySet[Match]:
    """Offers and active matches on the user's own mentor profile (newest first)."""
    if not can(user, Perm.MENTORING_RESPOND):
        return Match.objects.none()
    return (
        Match.objects.filter(
            mentor__user=user,
            organisation_id=user.organisation_id,
            status__in=[MatchStatus.OFFERED, MatchStatus.ACTIVE],
        )
        .select_related("participant", "mentor")
        .order_by("status", "-offered_at")
    )


def get_mentoring_match(user: User, public_id: UUID | str) -> Match:
    try:
        return mentoring_requests_for(user).get(public_id=public_id)
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- participants ---------------------------------------------------------------------------


def own_participant(user: User) -> Participant | None:
    if not can(user, Perm.MENTOR_CHOOSE):
        return None
    return Participant.objects.filter(user=user, organisation_id=user.organisation_id).first()


def own_matches(participant: Participant) -> QuerySet[Match]:
    return (
        Match.objects.filter(
            participant=participant, status__in=[MatchStatus.OFFERED, MatchStatus.ACTIVE]
        )
        .select_related("mentor")
        .order_by("-created_at")
    )


def get_own_match(user: User, public_id: UUID | str) -> Match:
    participant = own_participant(user)
    if participant is None:
        raise Http404
    try:
        return own_matches(participant).get(public_id=public_id)
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def suggestions_for(match_request: MatchRequest, k: int = 5) -> list[dict]:
    """The top ``k`` mentors with room for one waiting participant (suggest mode), each
    with ``mentor``, ``score``, ``reasons`` (codes), ``parts``."""
    from hearth.matching.services import forbidden_pairs, mentor_places_taken

    mentors = list(
        MentorProfile.objects.filter(organisation_id=match_request.organisation_id, is_active=True)
    )
    taken = mentor_places_taken([p.pk for p in mentors])
    rooms = [(p, p.capacity - taken.get(p.pk, 0)) for p in mentors]
    instance: Instance = bridge.instance_from(
        [match_request], rooms, forbidden_pairs([match_request.pk])
    )
    # (the programme's weights are folded into the seeker's importance by the bridge)
    by_id = {p.pk: p for p in mentors}
    mentor_rows = {m.id: m for m in instance.mentors}
    seeker = instance.participants[0]
    return [
        {
            "mentor": by_id[s.mentor],
            "score": s.score,
            "reasons": bridge.reasons_codes(s.reasons),
            "parts": part_values(seeker, mentor_rows[s.mentor]),
        }
        for s in suggest(instance, seeker.id, k=k)
    ]


# --- outcomes -------------------------------------------------------------------------------


def outcomes_for(user: User, now: datetime) -> dict:
    """Retention and early endings by shared compatibility part, over the matches that
    started for participants in the coordinator's scope."""
    rows = Match.objects.filter(
        organisation_id=user.organisation_id,
        started_at__isnull=False,
        participant__in=_scoped_participants(user),
    ).values_list("started_at", "ended_at", "end_reason", "parts")
    return outcomes_by_part(
        (
            Started(started, ended, reason or "", parts or {})
            for started, ended, reason, parts in rows
        ),
        now,
    )
