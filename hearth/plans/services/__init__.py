"""Writes to plans: the recovery plan (with its goals, steps and check-ins), the wellness
plan and the safety plan.

Every function is atomic, checks the actor may make the change (``PLAN_EDIT`` on a
participant inside their scope; a participant only on their own record), validates, and
writes one audit event. Audit details hold field names and event codes only — never what
anyone wrote.
"""

from __future__ import annotations

from hearth.plans.services.common import (
    GOAL_CONTENT_FIELDS,
    GOAL_FIELDS,
    OPEN_GOAL_STATUSES,
    RECOVERY_PLAN_TYPE,
    REVIEW_DAYS_RANGE,
    SAFETY_FIELDS,
    SAFETY_PLAN_TYPE,
    WELLNESS_FIELDS,
    WELLNESS_PLAN_TYPE,
    ConcurrentEditError,
    PlanChangedError,
)
from hearth.plans.services.documents import (
    safety_plan_save,
    wellness_plan_save,
)
from hearth.plans.services.records import (
    own_record_exported,
    plan_exported,
    plan_viewed,
)
from hearth.plans.services.recovery import (
    goal_add,
    goal_update,
    progress_add,
    recovery_plan_acknowledge,
    recovery_plan_mark_reviewed,
    recovery_plan_start,
    recovery_plan_update,
    step_add,
    step_set_done,
)

__all__ = [
    "RECOVERY_PLAN_TYPE",
    "WELLNESS_PLAN_TYPE",
    "SAFETY_PLAN_TYPE",
    "WELLNESS_FIELDS",
    "SAFETY_FIELDS",
    "GOAL_FIELDS",
    "GOAL_CONTENT_FIELDS",
    "REVIEW_DAYS_RANGE",
    "OPEN_GOAL_STATUSES",
    "ConcurrentEditError",
    "PlanChangedError",
    "recovery_plan_start",
    "recovery_plan_update",
    "recovery_plan_mark_reviewed",
    "recovery_plan_acknowledge",
    "goal_add",
    "goal_update",
    "step_add",
    "step_set_done",
    "progress_add",
    "wellness_plan_save",
    "safety_plan_save",
    "plan_viewed",
    "plan_exported",
    "own_record_exported",
]
