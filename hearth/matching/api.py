"""Peer mentoring over the API: the same policy, selectors and services as the pages.

Every operation checks the role's permission with ``can`` (403 without it); records come
through the scoped selectors (outside the user's scope is 404). Reads of participants'
mentoring data are audited with channel ``api``. Participants are named by ``public_id``
only; reasons come as plain-language strings in the caller's language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from hearth.audit.models import Channel
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm
from hearth.matching import bridge, selectors, services
from hearth.matching.models import DeclineReason
from hearth.participants.schemas import ErrorOut

router = Router(tags=["matching"])
_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class WaitingOut(Schema):
    request: UUID
    participant: UUID
    requested_at: datetime
    must_language: str
    must_mentor_gender: str
    must_max_km: int | None


class ProposalOut(Schema):
    match: UUID
    participant: UUID
    mentor: UUID
    mentor_name: str
    status: str
    score: float
    reasons: list[str]


class UnmatchedOut(Schema):
    request: UUID
    participant: UUID
    why: str


class RunOut(Schema):
    run: UUID
    waiting: int
    proposed: int
    objective: float
    proposals: list[ProposalOut]
    unmatched: list[UnmatchedOut]


class SuggestionOut(Schema):
    mentor: UUID
    mentor_name: str
    score: float
    reasons: list[str]


class RespondIn(Schema):
    answer: Literal["accept", "decline"]
    reason: DeclineReason | None = None
    note: str = Field("", max_length=300)


def _proposal(match) -> dict:
    return {
        "match": match.public_id,
        "participant": match.participant.public_id,
        "mentor": match.mentor.public_id,
        "mentor_name": match.mentor.public_name,
        "status": match.status,
        "score": match.score,
        "reasons": bridge.reasons_text(match.reasons),
    }


def _run_out(user, run) -> dict:
    return {
        "run": run.public_id,
        "waiting": run.waiting,
        "proposed": run.proposed,
        "objective": run.objective,
        "proposals": [_proposal(m) for m in selectors.run_proposals(user, run)],
        "unmatched": [
            {
                "request": row["request"].public_id,
                "participant": row["request"].participant.public_id,
                "why": row["why"],
            }
            for row in selectors.run_unmatched(user, run)
        ],
    }


@router.get("/waitlist", response={200: list[WaitingOut], **_ERRORS}, summary="The waitlist")
def waitlist(request: HttpRequest):
    """Participants waiting for a peer mentor, first come first (in your scope)."""
    user = api_actor(request, Perm.MATCHING_COORDINATE)
    rows = list(selectors.waitlist_for(user))
    services.record_list(
        actor=user,
        object_type="match_request",
        count=len(rows),
        request=request,
        channel=Channel.API,
    )
    return [
        {
            "request": r.public_id,
            "participant": r.participant.public_id,
            "requested_at": r.requested_at,
            "must_language": r.must_language,
            "must_mentor_gender": r.must_mentor_gender,
            "must_max_km": r.must_max_km,
        }
        for r in rows
    ]


@router.post("/runs", response={201: RunOut, **_ERRORS}, summary="Match the whole waitlist")
def run_create(request: HttpRequest):
    """Batch matching: as many people matched as possible, then the most compatibility.
    Proposals wait for approval (``/matches/{id}/approve``)."""
    user = api_actor(request, Perm.MATCHING_COORDINATE)
    run = services.matching_run(
        actor=user, waitlist=selectors.waitlist_for(user), request=request, channel=Channel.API
    )
    return Status(201, _run_out(user, run))


@router.get("/runs/{run_id}", response={200: RunOut, **_ERRORS}, summary="A matching run")
def run_detail(request: HttpRequest, run_id: UUID):
    user = api_actor(request, Perm.MATCHING_COORDINATE)
    run = selectors.get_run_for(user, run_id)
    services.record_view(
        actor=user, object_type="match_run", obj=run, request=request, channel=Channel.API
    )
    return _run_out(user, run)


@router.post(
    "/matches/{match_id}/approve", response={200: ProposalOut, **_ERRORS}, summary="Approve"
)
def match_approve(request: HttpRequest, match_id: UUID):
    """Approve a proposal: offered to both people, holding one of the mentor's places
    (422 if the mentor has no place left)."""
    user = api_actor(request, Perm.MATCHING_COORDINATE)
    match = selectors.get_match_for(user, match_id)
    match = services.match_approve(actor=user, match=match, request=request, channel=Channel.API)
    return _proposal(selectors.get_match_for(user, match.public_id))


@router.get(
    "/requests/{request_id}/suggestions",
    response={200: list[SuggestionOut], **_ERRORS},
    summary="Top 5 mentors for one participant",
)
def suggestions(request: HttpRequest, request_id: UUID):
    user = api_actor(request, Perm.MATCHING_COORDINATE)
    item = selectors.get_request_for(user, request_id)
    services.record_view(
        actor=user, object_type="match_request", obj=item, request=request, channel=Channel.API
    )
    return [
        {
            "mentor": s["mentor"].public_id,
            "mentor_name": s["mentor"].public_name,
            "score": s["score"],
            "reasons": bridge.reasons_text(s["reasons"]),
        }
        for s in selectors.suggestions_for(item)
    ]


@router.get("/mentoring", response={200: list[ProposalOut], **_ERRORS}, summary="My requests")
def mentoring(request: HttpRequest):
    """Offers and active matches on your own mentor profile."""
    user = api_actor(request, Perm.MENTORING_RESPOND)
    rows = list(selectors.mentoring_requests_for(user))
    services.record_list(
        actor=user, object_type="match", count=len(rows), request=request, channel=Channel.API
    )
    return [_proposal(m) for m in rows]


@router.post(
    "/mentoring/{match_id}/respond", response={200: ProposalOut, **_ERRORS}, summary="Answer"
)
def mentoring_respond(request: HttpRequest, match_id: UUID, payload: RespondIn):
    """Accept, or decline with a reason (``reason`` is required to decline)."""
    user = api_actor(request, Perm.MENTORING_RESPOND)
    match = selectors.get_mentoring_match(user, match_id)
    if payload.answer == "accept":
        match = services.match_accept(
            actor=user, match=match, side="mentor", request=request, channel=Channel.API
        )
    else:
        if payload.reason is None:
            raise ValidationError(
                {"reason": _("Say why, so the coordinator can find a better fit.")}
            )
        match = services.match_decline(
            actor=user,
            match=match,
            side="mentor",
            reason=payload.reason.value,
            note=payload.note,
            request=request,
            channel=Channel.API,
        )
    match.refresh_from_db()
    return _proposal(match)
