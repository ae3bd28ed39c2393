"""Referrals over the API: the same policy, selectors and services as the pages.

A role without the permission gets 403, a referral outside the user's scope 404, bad
input or an illegal move 422 with field errors, and a stale ``version`` 409 with the
current version. Reads are audited like the pages' reads, with channel ``api``.
The receiving organisation's link is a page, not an API operation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hearth.audit.models import Channel
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm
from hearth.participants import selectors as participant_selectors
from hearth.participants.schemas import STRICT_INPUT, ErrorOut, Text
from hearth.referrals import selectors, services
from hearth.referrals.lifecycle import FHIR_TASK_STATUS
from hearth.referrals.lifecycle import Status as LifecycleStatus
from hearth.referrals.models import Priority, Referral, ReferralEvent, ReferralStatus

router = Router(tags=["referrals"])

MAX_VERSION = 2_147_483_647
NOTE_MAX = 4000


class ConflictOut(Schema):
    detail: str
    current_version: int
    current_status: str


class EventOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    source: str
    actor: UUID | None = Field(None, description="The staff member's public id (none: link).")
    reason: str
    note: str

    @staticmethod
    def resolve_actor(obj: ReferralEvent) -> UUID | None:
        return obj.actor.public_id if obj.actor_id else None


class ReferralRowOut(Schema):
    public_id: UUID
    participant: UUID
    service: str | None = Field(None, description="The HSDS id of the directory service.")
    service_name: str
    organization_id: str = Field(description="The HSDS id of the provider organisation.")
    organization_name: str
    category_id: str = Field(description="The HSDS id of the taxonomy term.")
    category_name: str
    priority: str
    status: str
    fhir_task_status: str = Field(description="The FHIR R4 Task.status this maps to.")
    status_reason: str
    created_at: datetime
    sent_at: datetime | None
    completed_at: datetime | None

    @staticmethod
    def resolve_participant(obj: Referral) -> UUID:
        return obj.participant.public_id

    @staticmethod
    def resolve_service(obj: Referral) -> str | None:
        return obj.service_id

    @staticmethod
    def resolve_organization_id(obj: Referral) -> str:
        return obj.organization_id_hsds

    @staticmethod
    def resolve_category_id(obj: Referral) -> str:
        return obj.category_id_hsds

    @staticmethod
    def resolve_fhir_task_status(obj: Referral) -> str:
        return FHIR_TASK_STATUS[LifecycleStatus(obj.status)]


class ReferralOut(ReferralRowOut):
    reason: str
    notes: str
    got_service: str
    helpful: str
    outcome_note: str
    version: int
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Referral) -> list[ReferralEvent]:
        return selectors.timeline(obj)


class ReferralPage(Schema):
    items: list[ReferralRowOut]
    count: int
    page: int
    per_page: int


class ReferralFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=100)
    participant: UUID | None = Field(None, description="Only this participant's referrals.")
    status: ReferralStatus | None = None


class ReferralCreateIn(Schema):
    model_config = STRICT_INPUT

    participant: UUID
    service: Text = Field(min_length=1, max_length=250, description="HSDS id of the service.")
    reason: Text = Field(min_length=1, max_length=NOTE_MAX)
    priority: Priority = Priority.ROUTINE
    notes: Text = Field("", max_length=NOTE_MAX)
    category: Text = Field("", max_length=250, description="HSDS id of one of its terms.")


class TransitionIn(Schema):
    model_config = STRICT_INPUT

    to_status: ReferralStatus
    version: int = Field(ge=1, le=MAX_VERSION, description="The version you started from.")
    reason: Text = Field("", max_length=20, description="Code from the reason list, if needed.")
    note: Text = Field("", max_length=NOTE_MAX)


_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.get("", response={200: ReferralPage, **_ERRORS}, summary="List referrals")
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]):
    actor = api_actor(request, Perm.REFERRAL_VIEW)
    participant = None
    if filters.participant is not None:
        participant = participant_selectors.get_participant_for(actor, filters.participant)
    records = selectors.referrals_for(
        actor,
        participant=participant,
        status=filters.status.value if filters.status else "",
    ).select_related("participant")
    count = records.count()
    offset = (filters.page - 1) * filters.per_page
    rows = list(records[offset : offset + filters.per_page]) if offset < count else []
    services.referral_list_view(actor=actor, count=len(rows), request=request, channel=Channel.API)
    return {"items": rows, "count": count, "page": filters.page, "per_page": filters.per_page}


@router.get(
    "/{public_id}",
    response={200: ReferralOut, 404: ErrorOut, **_ERRORS},
    summary="Read a referral with its history",
)
def referral_detail(request: HttpRequest, public_id: UUID):
    actor = api_actor(request, Perm.REFERRAL_VIEW)
    referral = selectors.get_referral_for(actor, public_id)
    services.referral_record_view(
        actor=actor, referral=referral, request=request, channel=Channel.API
    )
    return referral


@router.post(
    "",
    response={201: ReferralOut, 404: ErrorOut, **_ERRORS},
    summary="Make a draft referral",
)
def referral_create(request: HttpRequest, payload: ReferralCreateIn):
    """A draft: nothing is shared until it is sent (a transition to ``sent``), which needs
    the participant's consent to share with the provider."""
    actor = api_actor(request, Perm.REFERRAL_WRITE)
    participant = participant_selectors.get_participant_for(actor, payload.participant)
    service = selectors.get_service(payload.service)
    if service is None:
        raise ValidationError({"service": _("That service is not in the directory.")})
    referral = services.referral_create(
        actor=actor,
        participant=participant,
        service=service,
        reason=payload.reason,
        priority=payload.priority.value,
        notes=payload.notes,
        category_id=payload.category,
        request=request,
        channel=Channel.API,
    )
    return Status(201, selectors.get_referral_for(actor, referral.public_id))


@router.post(
    "/{public_id}/transition",
    response={200: ReferralOut, 404: ErrorOut, 409: ConflictOut, **_ERRORS},
    summary="Move a referral along its lifecycle",
)
def referral_transition(request: HttpRequest, public_id: UUID, payload: TransitionIn):
    """Send the target status and the ``version`` you read. An illegal move is 422 with
    the reason; if someone else changed the referral since, nothing is written and the
    answer is 409 with the current version and status."""
    actor = api_actor(request, Perm.REFERRAL_WRITE)
    referral = selectors.get_referral_for(actor, public_id)
    try:
        services.referral_transition(
            actor=actor,
            referral=referral,
            to_status=payload.to_status.value,
            expected_version=payload.version,
            reason=payload.reason,
            note=payload.note,
            request=request,
            channel=Channel.API,
        )
    except services.ConcurrentEditError as exc:
        return Status(
            409,
            {
                "detail": "The referral was changed by someone else; nothing was saved.",
                "current_version": exc.current.version,
                "current_status": exc.current.status,
            },
        )
    return Status(200, selectors.get_referral_for(actor, public_id))
