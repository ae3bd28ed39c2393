"""Shared pieces of the plan services: constants, errors, checks and the audit helper."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can
from hearth.participants.models import Participant
from hearth.plans.models import (
    GoalStatus,
    PlanStatus,
    RecoveryPlan,
)

RECOVERY_PLAN_TYPE = "recovery_plan"
WELLNESS_PLAN_TYPE = "wellness_plan"
SAFETY_PLAN_TYPE = "safety_plan"

WELLNESS_FIELDS = (
    "wellness_toolbox",
    "daily_maintenance",
    "triggers",
    "triggers_action",
    "early_warning_signs",
    "early_warning_action",
    "breaking_down",
    "breaking_down_action",
    "crisis_plan",
    "post_crisis_plan",
)
SAFETY_FIELDS = (
    "warning_signs",
    "coping_strategies",
    "social_distractions",
    "people_to_ask",
    "professionals",
    "safe_environment",
    "reasons_for_living",
)
GOAL_FIELDS = ("dimension", "text", "target_date", "status")
#: Goal fields that change what the participant agreed to (status is progress, not content).
GOAL_CONTENT_FIELDS = ("dimension", "text", "target_date")
REVIEW_DAYS_RANGE = (7, 365)
#: Goals still worth carrying into a new plan.
OPEN_GOAL_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.ON_HOLD)


class ConcurrentEditError(Exception):
    """Someone else saved the record after this edit started. ``current`` is the record
    as it is saved now (``None`` if it is gone), so the editor can compare."""

    def __init__(self, current: Any):
        super().__init__("The plan was changed by someone else")
        self.current = current


class PlanChangedError(Exception):
    """The recovery plan changed after the participant looked at it, so their agreement
    would be to something they have not seen."""


# --- helpers ----------------------------------------------------------------------------------


def _require_edit(actor: User, participant: Participant) -> None:
    if not can(actor, Perm.PLAN_EDIT, participant):
        raise PermissionDenied


def _require_active(plan: RecoveryPlan) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("This plan is archived and can no longer be changed."))


def _audit(
    *,
    actor: User,
    action: str,
    object_type: str,
    obj: Any,
    participant: Participant,
    detail: str = "",
    request: HttpRequest | None,
    channel: str,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.public_id if obj is not None else "",
        organisation_id=participant.organisation_id,
        detail=detail,
        request=request,
        channel=channel,
    )


def _review_days(value: int) -> int:
    low, high = REVIEW_DAYS_RANGE
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            {
                "review_every_days": _("Choose between %(low)d and %(high)d days.")
                % {"low": low, "high": high}
            }
        )
    return value


def _touch_content(plan: RecoveryPlan) -> None:
    """Record that what the participant agrees to has changed (a goal or step was added
    or reworded), without touching the plan row's edit lock."""
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    plan.refresh_from_db(fields=["revision", "updated_at"])


# --- recovery plan ----------------------------------------------------------------------------
