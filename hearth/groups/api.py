"""Groups over the API: the public listing (no credentials, the same filters as the public
page), and for signed-in people their registrations and registering. Same selectors and
services as the pages; errors are 401/403/404/422 JSON as everywhere in the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hearth.core.policy import Perm, can
from hearth.groups import selectors, services
from hearth.groups.models import Audience, Format, Language
from hearth.participants.schemas import ErrorOut

router = Router(tags=["groups"])
_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class GroupOut(Schema):
    id: UUID
    name: str
    kind: str
    audience: str
    language: str
    format: str
    description: str
    room: str
    address: str
    accessibility_notes: str
    registration_required: bool
    places_left: int | None
    next_start: datetime | None
    organisation: str
    programme: str | None

    @staticmethod
    def build(group) -> GroupOut:
        return GroupOut(
            id=group.public_id,
            name=group.name,
            kind=group.kind,
            audience=group.audience,
            language=group.language,
            format=group.format,
            description=group.description,
            room=group.room,
            address=group.address,
            accessibility_notes=group.accessibility_notes,
            registration_required=group.registration_required,
            places_left=group.seats_left,
            next_start=getattr(group, "next_start", None),
            organisation=group.organisation.name,
            programme=group.programme.name if group.programme_id else None,
        )


class GroupPage(Schema):
    count: int
    page: int
    pages: int
    results: list[GroupOut]


class ListingFilters(Schema):
    day: int | None = Field(None, ge=0, le=6, description="Local weekday, 0 = Monday.")
    audience: Literal[tuple(Audience.values)] | None = None  # type: ignore[valid-type]
    language: Literal[tuple(Language.values)] | None = None  # type: ignore[valid-type]
    format: Literal[tuple(Format.values[:2])] | None = None  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=10_000)


class RegistrationOut(Schema):
    id: int
    group: UUID
    group_name: str
    status: str
    reminder_channel: str


class JoinIn(Schema):
    reminder_channel: Literal["email", "sms", "none"] = "email"


@router.get("/public", response={200: GroupPage, 422: ErrorOut}, auth=None)
def public_listing(request: HttpRequest, filters: Query[ListingFilters]):
    """Public groups with a meeting to come, soonest first (no credentials needed)."""
    from django.core.paginator import Paginator

    groups = selectors.public_groups(
        day=filters.day,
        audience=filters.audience or "",
        language=filters.language or "",
        format=filters.format or "",
    )
    paginator = Paginator(groups, selectors.PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return GroupPage(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        results=[GroupOut.build(g) for g in page.object_list],
    )


@router.get("/public/{group_id}", response={200: GroupOut, 404: ErrorOut}, auth=None)
def public_group(request: HttpRequest, group_id: UUID):
    return GroupOut.build(selectors.get_public_group(group_id))


def _registration_out(r) -> RegistrationOut:
    return RegistrationOut(
        id=r.pk,
        group=r.group.public_id,
        group_name=r.group.name,
        status=r.status,
        reminder_channel=r.reminder_channel,
    )


@router.get("/mine", response={200: list[RegistrationOut], **_ERRORS})
def my_registrations(request: HttpRequest):
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, Perm.GROUPS_JOIN):
        raise PermissionDenied
    return [_registration_out(r) for r in selectors.my_registrations(user)]


@router.post("/public/{group_id}/join", response={201: RegistrationOut, **_ERRORS})
def join(request: HttpRequest, group_id: UUID, payload: JoinIn):
    """Register yourself; a full group puts you on the waitlist (``status``)."""
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, Perm.GROUPS_JOIN):
        raise PermissionDenied
    group = selectors.get_public_group(group_id)
    if group.organisation_id != user.organisation_id:
        from django.http import Http404

        raise Http404
    registration = services.registration_join(
        actor=user,
        group=group,
        reminder_channel=payload.reminder_channel,
        request=request,
        channel="api",
    )
    return Status(201, _registration_out(registration))
