"""What every group write shares: the audit helper, the permission check, the
group's editable fields and how far ahead meetings are made."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied

from hearth.accounts.models import User
from hearth.audit.models import Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.groups.models import (
    Group,
)

GROUP_FIELDS = (
    "name",
    "kind",
    "description",
    "programme",
    "audience",
    "language",
    "format",
    "facilitator_note",
    "room",
    "address",
    "video_url",
    "accessibility_notes",
    "capacity",
    "registration_required",
    "is_public",
    "is_active",
    "timezone",
    "first_date",
    "start_time",
    "duration_minutes",
    "rrule",
    "last_date",
    "completion_required",
    "cancelled_dates",
    "moved",
)
HORIZON = timedelta(days=365)


def _audit(
    actor,
    action,
    object_type,
    object_id,
    organisation_id,
    detail="",
    request=None,
    channel=Channel.WEB,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        organisation_id=organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def _require(actor: User, perm: Perm, group: Group | None = None) -> None:
    if not can(actor, perm) or (
        group is not None and group.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied
