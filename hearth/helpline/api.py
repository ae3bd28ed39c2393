"""The warmline over the API, for wallboards and rosters: the live queue (no chat content)
and the shifts with their statistics; supervisors schedule shifts.

Chats themselves are answered on the console, over its WebSockets, never here: a
transcript is read only where the reading is audited and the crisis protocol is at hand.
A role without the permission gets 403, bad input 422 with field errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm, can
from hearth.helpline import selectors, services
from hearth.participants.schemas import ErrorOut
from hearth.triage import Risk

router = Router(tags=["helpline"])


class WaitingOut(Schema):
    public_id: UUID
    language: str
    risk: str = Field(description="none, low, moderate or high: the highest seen so far.")
    waiting_seconds: int


class QueueOut(Schema):
    open_now: bool
    peers_on_shift: int
    waiting: list[WaitingOut] = Field(description="Highest risk first, then longest waiting.")
    my_active_chats: int


class ShiftOut(Schema):
    public_id: UUID
    peer: UUID
    peer_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ShiftStatsOut(ShiftOut):
    chats: int
    median_wait_minutes: float | None
    escalations: int = Field(description="Chats that reached high risk.")


class GapOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime


class TotalsOut(Schema):
    chats: int
    escalations: int
    follow_ups: int


class ShiftsOut(Schema):
    on_now: list[ShiftOut]
    past: list[ShiftStatsOut]
    upcoming: list[ShiftOut]
    gaps: list[GapOut] = Field(description="Opening hours ahead that no shift covers.")
    totals: TotalsOut


class ShiftsQuery(Schema):
    days: int = Field(7, ge=1, le=31, description="How far back and ahead.")


class ShiftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    peer: UUID = Field(description="The public id of a peer or supervisor of the warmline.")
    starts_at: dt.datetime
    ends_at: dt.datetime


_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _shift(shift) -> dict[str, Any]:
    return {
        "public_id": shift.public_id,
        "peer": shift.peer.public_id,
        "peer_name": shift.peer.display_name,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
    }


@router.get("/queue", response={200: QueueOut, **_ERRORS}, summary="The live queue")
def queue(request: HttpRequest):
    """Who is waiting, by risk and then by waiting time — never what they wrote."""
    actor = api_actor(request, Perm.HELPLINE_CONSOLE)
    now = timezone.now()
    status = selectors.line_status(actor.organisation)
    waiting = [
        {
            "public_id": chat.public_id,
            "language": chat.language,
            "risk": Risk(chat.risk).label,
            "waiting_seconds": max(0, int((now - chat.created_at).total_seconds())),
        }
        for chat in selectors.queue_for(actor)
    ]
    return {
        "open_now": status.open_now,
        "peers_on_shift": status.peers_on_shift,
        "waiting": waiting,
        "my_active_chats": len(selectors.my_chats(actor)),
    }


@router.get("/shifts", response={200: ShiftsOut, **_ERRORS}, summary="Shifts and coverage")
def shifts(request: HttpRequest, filters: Query[ShiftsQuery]):
    """Who is on now, each shift of the last and next ``days`` days with its chats, median
    wait and escalations, and the coverage gaps in the opening hours ahead."""
    actor = api_actor(request, Perm.HELPLINE_SHIFTS)
    overview = selectors.shift_overview(actor, days=filters.days)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="helpline_shift",
        request=request,
        channel=Channel.API,
    )
    return {
        "on_now": [_shift(s) for s in overview["now"]],
        "past": [
            {
                **_shift(st.shift),
                "chats": st.chats,
                "median_wait_minutes": st.median_wait_minutes,
                "escalations": st.escalations,
            }
            for st in overview["past"]
        ],
        "upcoming": [_shift(s) for s in overview["upcoming"]],
        "gaps": [{"starts_at": b, "ends_at": e} for b, e in overview["gaps"]],
        "totals": overview["totals"],
    }


@router.post(
    "/shifts", response={201: ShiftOut, **_ERRORS}, summary="Schedule a shift (supervisors)"
)
def shift_create(request: HttpRequest, payload: ShiftIn):
    actor = api_actor(request, Perm.HELPLINE_SUPERVISE)
    if not can(actor, Perm.HELPLINE_SHIFTS):
        raise PermissionDenied
    peer = User.objects.filter(
        public_id=payload.peer, organisation_id=actor.organisation_id, is_active=True
    ).first()
    if peer is None:
        raise ValidationError({"peer": _("Choose a peer or supervisor of this warmline.")})
    for name in ("starts_at", "ends_at"):
        if timezone.is_naive(getattr(payload, name)):
            raise ValidationError({name: _("Give the time with its offset from UTC.")})
    shift = services.shift_schedule(
        actor=actor,
        peer=peer,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        request=request,
        channel=Channel.API,
    )
    return Status(201, _shift(shift))
