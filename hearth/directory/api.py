"""The resource directory for staff over the API: the same search, saved lists and listing
corrections as the pages, through the same policy and services.

The open HSDS 3.0 read API is at ``/hsda/`` (no account, the standard's shapes); these
endpoints add what needs a signed-in member of staff: search results that say why each
service matched, a participant's saved list, and suggesting a correction to a listing.

A role without the permission gets 403, a participant outside the user's scope 404, bad
filters or fields 422 with field errors. Changes to a saved list are audited by the
services; reading one is audited here, with channel ``api``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hearth.audit.models import Channel
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm, can
from hearth.directory import services
from hearth.directory.filters import MAX_PER_PAGE, parse_filters
from hearth.directory.models import SavedResource, Service
from hearth.directory.presenters import listing_summary
from hearth.directory.selectors import (
    find_services,
    listing_cards_queryset,
    saved_resources_for,
    services_in_order,
    services_public,
)
from hearth.participants.schemas import STRICT_INPUT, ErrorOut, Text
from hearth.participants.selectors import get_participant_for

router = Router(tags=["directory"])


class ListingOut(Schema):
    id: str = Field(description="The HSDS id of the service.")
    name: str
    organization: str
    phone: str
    address: str
    hours: str


class HitOut(ListingOut):
    reasons: list[str] = Field(description="Why it matched, in the reader's language.")
    distance_km: float | None


class SearchPage(Schema):
    items: list[HitOut]
    count: int
    page: int
    per_page: int


class SearchFilters(Schema):
    search: str = Field("", max_length=1000, description="What the person needs, in words.")
    language: str = Field("", max_length=40, description="ISO 639 code or language name.")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_km: float | None = Field(None, gt=0, le=500)
    free: bool = False
    open_now: bool = False
    open_on: str = Field("", max_length=10, description="A weekday: MO … SU.")
    age: float | None = Field(None, ge=0, le=130)
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE)


class SavedOut(ListingOut):
    item_id: UUID
    note: str


class SaveIn(Schema):
    model_config = STRICT_INPUT

    service: Text = Field(min_length=1, max_length=250, description="HSDS id of the service.")
    note: Text = Field("", max_length=500)


class CorrectionIn(Schema):
    model_config = STRICT_INPUT

    field_name: str = Field(
        description="What is wrong: " + ", ".join(sorted(services.CORRECTABLE_FIELDS)) + "."
    )
    proposed_value: Text = Field(min_length=1, max_length=5000)
    note: Text = Field("", max_length=2000)


class CorrectionOut(Schema):
    public_id: UUID
    service: str
    field_name: str
    current_value: str
    proposed_value: str
    status: str

    @staticmethod
    def resolve_service(obj) -> str:
        return obj.service_id


_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _listing(service: Service) -> dict[str, Any]:
    summary = listing_summary(service)
    return {
        "id": service.pk,
        "name": service.name,
        "organization": service.organization.name if service.organization_id else "",
        **summary,
    }


def _saved_rows(participant) -> list[dict[str, Any]]:
    return [
        {**_listing(item.service), "item_id": item.public_id, "note": item.note}
        for item in saved_resources_for(participant)
    ]


def _service(service_id: str) -> Service:
    service = services_public().filter(pk=service_id).first()
    if service is None:
        raise ValidationError({"service": _("That service is not in the directory.")})
    return service


@router.get("/search", response={200: SearchPage, **_ERRORS}, summary="Search the directory")
def directory_search(request: HttpRequest, filters: Query[SearchFilters]):
    """The "Find help" search: lay words in English or Spanish, typos and synonyms, nearest
    first with ``lat``/``lon``; filters are hard constraints. Each result says why it
    matched. Inactive and defunct services are left out."""
    api_actor(request, Perm.DIRECTORY_CONNECT)
    params = {
        k: ("true" if v is True else "" if v is False else "" if v is None else str(v))
        for k, v in filters.dict().items()
    }
    parsed = parse_filters(params)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    page = find_services(services_public(), parsed)
    hits = {h.service_id: h for h in page.hits}
    items = [
        {
            **_listing(service),
            "reasons": [str(r) for r in hits[service.pk].reasons],
            "distance_km": hits[service.pk].distance_km,
        }
        for service in services_in_order(page.ids, listing_cards_queryset())
    ]
    return {"items": items, "count": page.total, "page": parsed.page, "per_page": parsed.per_page}


@router.get(
    "/participants/{participant_id}/saved",
    response={200: list[SavedOut], 404: ErrorOut, **_ERRORS},
    summary="A participant's saved list",
)
def saved_list(request: HttpRequest, participant_id: UUID):
    actor = api_actor(request, Perm.DIRECTORY_CONNECT)
    participant = get_participant_for(actor, participant_id)
    if not can(actor, Perm.DIRECTORY_CONNECT, participant):
        raise PermissionDenied
    rows = _saved_rows(participant)
    services.saved_list_viewed(
        actor=actor,
        participant=participant,
        request=request,
        detail=f"rows={len(rows)}",
        channel=Channel.API,
    )
    return rows


@router.post(
    "/participants/{participant_id}/saved",
    response={201: list[SavedOut], 404: ErrorOut, **_ERRORS},
    summary="Save a service to a participant's list",
)
def saved_add(request: HttpRequest, participant_id: UUID, payload: SaveIn):
    """Saving a service twice keeps one entry and updates its note. Answers the list."""
    actor = api_actor(request, Perm.DIRECTORY_CONNECT)
    participant = get_participant_for(actor, participant_id)
    services.saved_resource_add(
        actor=actor,
        participant=participant,
        service=_service(payload.service),
        note=payload.note,
        request=request,
        channel=Channel.API,
    )
    return Status(201, _saved_rows(participant))


@router.delete(
    "/participants/{participant_id}/saved/{item_id}",
    response={204: None, 404: ErrorOut, **_ERRORS},
    summary="Take a service off a participant's list",
)
def saved_remove(request: HttpRequest, participant_id: UUID, item_id: UUID):
    actor = api_actor(request, Perm.DIRECTORY_CONNECT)
    participant = get_participant_for(actor, participant_id)
    saved = SavedResource.objects.filter(participant=participant, public_id=item_id).first()
    if saved is None:
        raise Http404
    services.saved_resource_remove(
        actor=actor, participant=participant, saved=saved, request=request, channel=Channel.API
    )
    return Status(204, None)


@router.post(
    "/services/{service_id}/corrections",
    response={201: CorrectionOut, 404: ErrorOut, **_ERRORS},
    summary="Suggest a correction to a listing",
)
def correction_suggest(request: HttpRequest, service_id: str, payload: CorrectionIn):
    """A directory manager reviews it before anything changes."""
    actor = api_actor(request, Perm.DIRECTORY_SUGGEST)
    service = services_public().filter(pk=service_id[:250]).first()
    if service is None:
        raise Http404
    correction = services.listing_correction_suggest(
        actor=actor,
        service=service,
        field_name=payload.field_name,
        proposed_value=payload.proposed_value,
        note=payload.note,
        request=request,
    )
    return Status(201, correction)
