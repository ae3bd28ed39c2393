"""Accounting for reads and exports of plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.participants.models import Participant
from hearth.plans.services.common import (
    _audit,
)


def plan_viewed(
    *,
    actor: User,
    object_type: str,
    plan: Any,
    participant: Participant,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> None:
    """Account for a look at one plan (or at the empty page where it would be)."""
    _audit(
        actor=actor,
        action=Action.VIEW,
        object_type=object_type,
        obj=plan,
        participant=participant,
        detail="" if plan is not None else f"none;participant={participant.public_id}",
        request=request,
        channel=channel,
    )


def plan_exported(
    *,
    actor: User,
    object_type: str,
    plan: Any,
    participant: Participant,
    detail: str = "pdf",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> None:
    """Account for a plan leaving Hearth (a PDF download)."""
    _audit(
        actor=actor,
        action=Action.EXPORT,
        object_type=object_type,
        obj=plan,
        participant=participant,
        detail=detail if plan is not None else f"{detail};participant={participant.public_id}",
        request=request,
        channel=channel,
    )


def own_record_exported(
    *,
    actor: User,
    participant: Participant,
    notes: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> None:
    """Account for a participant downloading their own record (right of access)."""
    _audit(
        actor=actor,
        action=Action.EXPORT,
        object_type="participant",
        obj=participant,
        participant=participant,
        detail=f"record.pdf;notes={notes}",
        request=request,
        channel=channel,
    )
