"""Participant records over the API: the same policy, selectors and services as the pages.

Every endpoint authorises with ``can`` (a role without the permission gets 403) and reads
through the selectors (a record outside the user's scope is a 404, as if it did not exist).
Reads are audited like the pages' reads, with channel ``api``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hearth.accounts.models import User
from hearth.audit.models import Channel
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm
from hearth.organisations.models import Programme
from hearth.organisations.selectors import active_programmes_for
from hearth.participants import selectors, services
from hearth.participants.models import Participant
from hearth.participants.schemas import (
    ConflictOut,
    ErrorOut,
    ParticipantCreateIn,
    ParticipantFilters,
    ParticipantOut,
    ParticipantPage,
    ParticipantUpdateIn,
)

router = Router(tags=["participants"])

_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _plain(value: Any) -> Any:
    """Enum members to their stored codes, so the model holds exactly what a form would."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _programmes(actor: User, public_ids: list[UUID]) -> list[Programme]:
    found = list(active_programmes_for(actor).filter(public_id__in=public_ids))
    if len(found) != len(public_ids):
        raise ValidationError({"programmes": _("Choose active programmes from your organisation.")})
    return found


def _read_back(actor: User, participant: Participant) -> Participant:
    """The record as just written, read through the selector. An actor may write a record
    that then falls outside their own scope (a programme manager's intake into no programme
    of theirs); they still get back what they sent, and nothing more."""
    try:
        return selectors.get_participant_for(actor, participant.public_id)
    except Http404:
        return participant


@router.get("", response={200: ParticipantPage, **_ERRORS}, summary="List participants")
def participant_list(request: HttpRequest, filters: Query[ParticipantFilters]):
    """The participants you may see, in name order, a page at a time."""
    actor = api_actor(request, Perm.PARTICIPANT_LIST)
    # Programmes are part of every row; prefetching them keeps the page at a fixed number
    # of queries (the selector already prefetches care teams).
    records = selectors.participants_for(
        actor,
        search=filters.search,
        status=filters.status.value if filters.status else "",
        programme_id=filters.programme,
        assigned_to_me=filters.mine,
    ).prefetch_related("programmes")
    count = records.count()
    offset = (filters.page - 1) * filters.per_page
    # Past the end there is nothing to fetch (and no huge OFFSET for the database).
    rows = list(records[offset : offset + filters.per_page]) if offset < count else []
    services.participant_list_view(
        actor=actor,
        count=len(rows),
        request=request,
        channel=Channel.API,
        search=bool(filters.search.strip()),
    )
    return {"items": rows, "count": count, "page": filters.page, "per_page": filters.per_page}


@router.get(
    "/{public_id}",
    response={200: ParticipantOut, 404: ErrorOut, **_ERRORS},
    summary="Read a participant's record",
)
def participant_detail(request: HttpRequest, public_id: UUID):
    actor = api_actor(request, Perm.PARTICIPANT_VIEW)
    participant = selectors.get_participant_for(actor, public_id)
    services.participant_record_view(
        actor=actor, participant=participant, request=request, channel=Channel.API
    )
    return participant


@router.post("", response={201: ParticipantOut, **_ERRORS}, summary="Add a participant")
def participant_create(request: HttpRequest, payload: ParticipantCreateIn):
    """Intake. A peer specialist or supervisor who adds a participant becomes their primary
    peer specialist."""
    actor = api_actor(request, Perm.PARTICIPANT_CREATE)
    data = payload.model_dump(exclude={"programmes"})
    participant = services.participant_create(
        actor=actor,
        data={field: _plain(value) for field, value in data.items()},
        programmes=_programmes(actor, payload.programmes),
        request=request,
        channel=Channel.API,
    )
    return Status(201, _read_back(actor, participant))


@router.patch(
    "/{public_id}",
    response={200: ParticipantOut, 404: ErrorOut, 409: ConflictOut, **_ERRORS},
    summary="Change a participant's record",
)
def participant_update(request: HttpRequest, public_id: UUID, payload: ParticipantUpdateIn):
    """Send the fields that change and the ``version`` you started from. If someone else
    saved the record since, nothing is written and the answer is 409 with the current
    version: read the record again, re-apply the change, and send it with that version."""
    actor = api_actor(request, Perm.PARTICIPANT_EDIT)
    participant = selectors.get_participant_for(actor, public_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    programme_ids = sent.pop("programmes", None)
    try:
        participant = services.participant_update(
            actor=actor,
            participant=participant,
            data={field: _plain(value) for field, value in sent.items()},
            expected_version=version,
            programmes=None if programme_ids is None else _programmes(actor, programme_ids),
            request=request,
            channel=Channel.API,
        )
    except services.ConcurrentEditError as exc:
        return Status(
            409,
            {
                "detail": "The record was changed by someone else; nothing was saved.",
                "current_version": exc.current.version,
            },
        )
    return Status(200, _read_back(actor, participant))
