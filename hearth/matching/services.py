"""Writes for peer mentoring. Every function takes the acting user, checks the policy,
validates, writes its audit event (no personal data in the detail: field names, counts
and codes only) and returns what it changed.

Capacity is enforced under a row lock on the mentor profile (``select_for_update``):
approving an offer, a participant choosing a mentor and anything else that takes a place
count the mentor's places inside that lock, so two coordinators approving at the same
moment can never push a mentor past their capacity (PostgreSQL; SQLite serialises
writers anyway).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.matching import bridge
from hearth.matching.engine import part_values, solve
from hearth.matching.models import (
    HOLDS_PLACE,
    EndReason,
    Match,
    MatchRequest,
    MatchRun,
    MatchStatus,
    MentorProfile,
    ProgrammeWeights,
    RequestStatus,
    Source,
)

REQUEST_FIELDS = (
    "programme",
    "languages",
    "identities",
    "specialties",
    "modes",
    "availability",
    "area",
    "latitude",
    "longitude",
    "must_language",
    "must_mentor_gender",
    "must_max_km",
    "importance",
)
PROFILE_FIELDS = (
    "user",
    "kind",
    "public_name",
    "about",
    "lived_experience",
    "recovery_pathways",
    "languages",
    "identities",
    "gender",
    "birth_year",
    "veteran",
    "specialties",
    "modes",
    "home_base",
    "latitude",
    "longitude",
    "availability",
    "capacity",
    "is_active",
)


class CapacityError(ValidationError):
    """The mentor has no place left."""


class StaleEditError(Exception):
    """Someone else saved the record after this edit started."""

    def __init__(self, current: Any):
        self.current = current
        super().__init__("stale edit")


def _audit(actor, action, object_type, obj, *, detail="", request=None, channel=Channel.WEB):
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.public_id,
        organisation_id=obj.organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def _require(actor, perm: Perm) -> None:
    if not can(actor, perm):
        raise PermissionDenied


# --- the waitlist ---------------------------------------------------------------------------


@transaction.atomic
def match_request_open(
    *, actor, participant, data: dict, request: HttpRequest | None = None, channel=Channel.WEB
) -> MatchRequest:
    """Put a participant (already fetched through a scoped selector) on the waitlist."""
    _require(actor, Perm.MATCHING_COORDINATE)
    if MatchRequest.objects.filter(
        participant=participant, status__in=[RequestStatus.WAITING, RequestStatus.MATCHED]
    ).exists():
        raise ValidationError(_("This participant is already on the mentoring waitlist."))
    item = MatchRequest(
        organisation_id=participant.organisation_id,
        participant=participant,
        created_by=actor,
        **{k: v for k, v in data.items() if k in REQUEST_FIELDS},
    )
    item.full_clean()
    item.save()
    _audit(actor, Action.CREATE, "match_request", item, request=request, channel=channel)
    return item


@transaction.atomic
def match_request_update(
    *,
    actor,
    match_request: MatchRequest,
    data: dict,
    expected_version: int,
    request: HttpRequest | None = None,
    channel=Channel.WEB,
) -> MatchRequest:
    """Change a participant's preferences; refuses an edit made from an older version."""
    _require(actor, Perm.MATCHING_COORDINATE)
    current = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    if current.version != expected_version:
        raise StaleEditError(current)
    changed = sorted(k for k in data if k in REQUEST_FIELDS and getattr(current, k) != data[k])
    for key in changed:
        setattr(current, key, data[key])
    current.full_clean()
    if changed:
        current.version = F("version") + 1
        current.save(update_fields=[*changed, "version", "updated_at"])
        current.refresh_from_db()
        _audit(
            actor,
            Action.UPDATE,
            "match_request",
            current,
            detail=",".join(changed),
            request=request,
            channel=channel,
        )
    return current


@transaction.atomic
def match_request_close(*, actor, match_request: MatchRequest, request=None) -> MatchRequest:
    _require(actor, Perm.MATCHING_COORDINATE)
    match_request.status = RequestStatus.CLOSED
    match_request.save(update_fields=["status", "updated_at"])
    match_request.matches.filter(status=MatchStatus.PROPOSED).update(
        status=MatchStatus.WITHDRAWN, declined_by="superseded"
    )
    _audit(actor, Action.STATUS, "match_request", match_request, detail="closed", request=request)
    return match_request


# --- mentor profiles ----------------------------------------------------------------------


@transaction.atomic
def mentor_profile_save(
    *,
    actor,
    data: dict,
    profile: MentorProfile | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> MentorProfile:
    _require(actor, Perm.MENTORS_MANAGE)
    if profile is None:
        profile = MentorProfile(organisation_id=actor.organisation_id)
        action = Action.CREATE
    else:
        profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
        if expected_version is not None and profile.version != expected_version:
            raise StaleEditError(profile)
        action = Action.UPDATE
    user = data.get("user")
    if user is not None and user.organisation_id != actor.organisation_id:
        raise ValidationError({"user": _("Choose someone in your organisation.")})
    changed = sorted(
        k for k in data if k in PROFILE_FIELDS and getattr(profile, k, None) != data[k]
    )
    for key in changed:
        setattr(profile, key, data[key])
    profile.full_clean()
    if action == Action.UPDATE:
        profile.version = F("version") + 1
    profile.save()
    profile.refresh_from_db()
    _audit(actor, action, "mentor_profile", profile, detail=",".join(changed), request=request)
    return profile


@transaction.atomic
def programme_weights_save(*, actor, programme, weights: dict, request=None) -> ProgrammeWeights:
    """Set how much each compatibility part counts in ``programme``."""
    _require(actor, Perm.MENTORS_MANAGE)
    if programme.organisation_id != actor.organisation_id:
        raise PermissionDenied
    row = ProgrammeWeights.objects.select_for_update().filter(programme=programme).first()
    row = row or ProgrammeWeights(organisation_id=programme.organisation_id, programme=programme)
    row.weights = {part: float(weights[part]) for part in weights}
    row.full_clean()
    row.save()
    _audit(actor, Action.UPDATE, "programme", programme, detail="matching_weights", request=request)
    return row


def mentor_places_taken(mentor_ids) -> dict[int, int]:
    rows = (
        Match.objects.filter(mentor_id__in=mentor_ids, status__in=HOLDS_PLACE)
        .values("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


# --- batch matching -------------------------------------------------------------------------


def forbidden_pairs(request_ids) -> set[tuple[int, int]]:
    """Pairings never to propose again: declined, set aside by a coordinator, or ended
    with a rematch request."""
    rows = Match.objects.filter(request_id__in=request_ids).filter(
        Q(status=MatchStatus.DECLINED)
        | Q(status=MatchStatus.WITHDRAWN, declined_by="coordinator")
        | Q(status=MatchStatus.ENDED, end_reason=EndReason.REMATCH)
    )
    return set(rows.values_list("request_id", "mentor_id"))


@transaction.atomic
def matching_run(
    *, actor, waitlist, programme=None, request: HttpRequest | None = None, channel=Channel.WEB
) -> MatchRun:
    """Match the whole ``waitlist`` (a queryset of requests the actor may see, from a
    scoped selector) to the organisation's mentors with room, each participant scored with
    their programme's weights. Earlier proposals for these requests that
    nobody reviewed are superseded. Proposals wait for a coordinator's approval."""
    _require(actor, Perm.MATCHING_COORDINATE)
    waiting = list(waitlist.select_related("programme__matching_weights"))
    ids = [r.pk for r in waiting]
    Match.objects.filter(request_id__in=ids, status=MatchStatus.PROPOSED).update(
        status=MatchStatus.WITHDRAWN, declined_by="superseded"
    )
    mentors = list(
        MentorProfile.objects.filter(organisation_id=actor.organisation_id, is_active=True)
    )
    taken = mentor_places_taken([p.pk for p in mentors])
    rooms = [(p, p.capacity - taken.get(p.pk, 0)) for p in mentors]
    instance = bridge.instance_from(waiting, rooms, forbidden_pairs(ids))
    result = solve(instance)
    run = MatchRun.objects.create(
        organisation_id=actor.organisation_id,
        programme=programme,
        run_by=actor,
        waiting=len(waiting),
        proposed=result.matched,
        objective=result.objective,
        seconds=result.seconds,
        unmatched=[
            {"request": u.participant, "why": u.why, "detail": list(u.detail)}
            for u in result.unmatched
        ],
    )
    by_request = {r.pk: r for r in waiting}
    seekers = {s.id: s for s in instance.participants}
    mentor_rows = {mn.id: mn for mn in instance.mentors}
    Match.objects.bulk_create(
        [
            Match(
                organisation_id=actor.organisation_id,
                request_id=a.participant,
                participant_id=by_request[a.participant].participant_id,
                mentor_id=a.mentor,
                run=run,
                source=Source.BATCH,
                score=a.score,
                parts=part_values(seekers[a.participant], mentor_rows[a.mentor]),
                reasons=bridge.reasons_codes(a.reasons),
            )
            for a in result.assignments
        ]
    )
    _audit(
        actor,
        Action.CREATE,
        "match_run",
        run,
        detail=f"waiting={len(waiting)},proposed={result.matched}",
        request=request,
        channel=channel,
    )
    return run


# --- the lifecycle --------------------------------------------------------------------------


def _lock_place(match: Match) -> None:
    """Lock the mentor's row and make sure one more place is free (call inside atomic)."""
    mentor = MentorProfile.objects.select_for_update().get(pk=match.mentor_id)
    taken = Match.objects.filter(mentor=mentor, status__in=HOLDS_PLACE).exclude(pk=match.pk)
    if not mentor.is_active or taken.count() >= mentor.capacity:
        raise CapacityError(_("%(mentor)s has no place left.") % {"mentor": mentor.public_name})


def _lock_request(match_request_id: int) -> MatchRequest:
    item = MatchRequest.objects.select_for_update().get(pk=match_request_id)
    if item.status != RequestStatus.WAITING:
        raise ValidationError(_("This participant already has a mentor offered or active."))
    return item


@transaction.atomic
def match_approve(*, actor, match: Match, request: HttpRequest | None = None, channel=Channel.WEB):
    """A coordinator approves a proposal: it becomes an offer to both, holding a place."""
    _require(actor, Perm.MATCHING_COORDINATE)
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only a proposed match can be approved."))
    item = _lock_request(match.request_id)
    _lock_place(match)
    match.status, match.approved_by, match.offered_at = MatchStatus.OFFERED, actor, timezone.now()
    match.save(update_fields=["status", "approved_by", "offered_at", "updated_at"])
    item.status = RequestStatus.MATCHED
    item.save(update_fields=["status", "updated_at"])
    item.matches.filter(status=MatchStatus.PROPOSED).update(
        status=MatchStatus.WITHDRAWN, declined_by="superseded"
    )
    _audit(actor, Action.STATUS, "match", match, detail="offered", request=request, channel=channel)
    return match


@transaction.atomic
def match_set_aside(
    *, actor, match: Match, request: HttpRequest | None = None, channel=Channel.WEB
):
    """A coordinator sets a proposal aside; the pairing will not be proposed again."""
    _require(actor, Perm.MATCHING_COORDINATE)
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only a proposed match can be set aside."))
    match.status, match.declined_by = MatchStatus.WITHDRAWN, "coordinator"
    match.save(update_fields=["status", "declined_by", "updated_at"])
    _audit(
        actor, Action.STATUS, "match", match, detail="withdrawn", request=request, channel=channel
    )
    return match


@transaction.atomic
def match_offer(
    *, actor, match_request: MatchRequest, mentor: MentorProfile, suggestion: dict,
    source: str = Source.CHOSEN, request: HttpRequest | None = None, channel=Channel.WEB,
) -> Match:  # fmt: skip
    """Offer one of the suggested mentors: chosen by the participant (who has then
    already accepted) or picked by a coordinator. ``suggestion`` is the row from
    ``selectors.suggestions_for`` (score, parts, reasons)."""
    _require(actor, Perm.MENTOR_CHOOSE if source == Source.CHOSEN else Perm.MATCHING_COORDINATE)
    item = _lock_request(match_request.pk)
    if (item.pk, mentor.pk) in forbidden_pairs([item.pk]):
        raise ValidationError(_("This mentor is not available. Please choose another."))
    now = timezone.now()
    match = Match(
        organisation_id=item.organisation_id,
        request=item,
        participant_id=item.participant_id,
        mentor=mentor,
        source=source,
        status=MatchStatus.OFFERED,
        score=suggestion["score"],
        parts=suggestion["parts"],
        reasons=suggestion["reasons"],
        approved_by=actor if source != Source.CHOSEN else None,
        offered_at=now,
        participant_accepted_at=now if source == Source.CHOSEN else None,
    )
    _lock_place(match)
    match.save()
    item.status = RequestStatus.MATCHED
    item.save(update_fields=["status", "updated_at"])
    item.matches.filter(status=MatchStatus.PROPOSED).update(
        status=MatchStatus.WITHDRAWN, declined_by="superseded"
    )
    _audit(actor, Action.CREATE, "match", match, detail=source, request=request, channel=channel)
    return match


def _start_if_both(match: Match) -> None:
    if match.mentor_accepted_at and match.participant_accepted_at:
        match.status, match.started_at = MatchStatus.ACTIVE, timezone.now()


@transaction.atomic
def match_accept(
    *, actor, match: Match, side: str, request: HttpRequest | None = None, channel=Channel.WEB
) -> Match:
    """``side`` ("mentor" or "participant") accepts an offer; when both have, the match
    is active. Callers have checked that ``actor`` speaks for that side (the mentor
    themselves, the participant themselves, or a coordinator recording their answer)."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != MatchStatus.OFFERED:
        raise ValidationError(_("This offer is no longer open."))
    now = timezone.now()
    if side == "mentor":
        match.mentor_accepted_at = match.mentor_accepted_at or now
    elif side == "participant":
        match.participant_accepted_at = match.participant_accepted_at or now
    else:
        raise ValueError(side)
    _start_if_both(match)
    match.save(
        update_fields=[
            "mentor_accepted_at",
            "participant_accepted_at",
            "status",
            "started_at",
            "updated_at",
        ]
    )
    _audit(
        actor, Action.STATUS, "match", match, detail=f"{side}_accepted", request=request,
        channel=channel,
    )  # fmt: skip
    return match


@transaction.atomic
def match_decline(
    *, actor, match: Match, side: str, reason: str, note: str = "",
    request: HttpRequest | None = None, channel=Channel.WEB,
) -> Match:  # fmt: skip
    """The mentor (with a reason) or the participant declines an offer. The participant
    goes back to the waitlist and the pairing is never proposed again."""
    from hearth.matching.models import DeclineReason

    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status not in (MatchStatus.OFFERED, MatchStatus.PROPOSED):
        raise ValidationError(_("This offer is no longer open."))
    if side == "mentor" and reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Say why, so the coordinator can find a better fit.")})
    match.status, match.declined_by = MatchStatus.DECLINED, side
    match.decline_reason, match.decline_note = (
        reason if reason in DeclineReason.values else "",
        note[:300],
    )
    match.save(
        update_fields=["status", "declined_by", "decline_reason", "decline_note", "updated_at"]
    )
    MatchRequest.objects.filter(pk=match.request_id, status=RequestStatus.MATCHED).update(
        status=RequestStatus.WAITING
    )
    _audit(
        actor, Action.STATUS, "match", match, detail=f"{side}_declined:{match.decline_reason}",
        request=request, channel=channel,
    )  # fmt: skip
    return match


@transaction.atomic
def match_end(
    *, actor, match: Match, reason: str, request: HttpRequest | None = None, channel=Channel.WEB
) -> Match:
    """End an active match. A rematch request puts the participant back on the waitlist
    (the ended match stays in their history, and this pairing is not proposed again)."""
    _require(actor, Perm.MATCHING_COORDINATE)
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.OFFERED):
        raise ValidationError(_("Only an active match can be ended."))
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Choose why the match ended.")})
    was_offer = match.status == MatchStatus.OFFERED
    match.status, match.ended_at, match.end_reason = MatchStatus.ENDED, timezone.now(), reason
    if was_offer:
        match.status = MatchStatus.WITHDRAWN
        match.declined_by = "coordinator" if reason == EndReason.REMATCH else "superseded"
    match.save(update_fields=["status", "ended_at", "end_reason", "declined_by", "updated_at"])
    new_status = (
        RequestStatus.WAITING if reason == EndReason.REMATCH or was_offer else RequestStatus.CLOSED
    )
    MatchRequest.objects.filter(pk=match.request_id).update(status=new_status)
    _audit(
        actor,
        Action.STATUS,
        "match",
        match,
        detail=f"ended:{reason}",
        request=request,
        channel=channel,
    )
    return match


def record_view(*, actor, object_type: str, obj, request=None, channel=Channel.WEB) -> None:
    """Audit a read of a participant's mentoring data (a request, a match, suggestions)."""
    _audit(actor, Action.VIEW, object_type, obj, request=request, channel=channel)


def record_list(*, actor, object_type: str, count: int, request=None, channel=Channel.WEB) -> None:
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type=object_type,
        detail=f"rows={count}",
        request=request,
        channel=channel,
    )
