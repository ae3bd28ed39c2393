"""Plan pages for peer specialists and their supervisors (``PLAN_EDIT``), and read-only
for managers and admins (``PLAN_VIEW``). Every participant is fetched through
``selectors.get_participant_for_plans``, so a record outside the user's scope is a 404.

Each page that shows plan content writes one VIEW audit event; each change is written by
a service that audits it; each PDF is audited as an export."""

from __future__ import annotations

from hearth.plans.views.common import (
    DIMENSION_DESCRIPTIONS,
    always_crisis_lines,
    goals_by_dimension,
)
from hearth.plans.views.documents import (
    safety_plan,
    safety_plan_edit,
    safety_plan_pdf,
    safety_plan_pdf_response,
    wellness_plan,
    wellness_plan_edit,
)
from hearth.plans.views.recovery import (
    goal_add,
    goal_edit,
    progress_add,
    recovery_plan,
    recovery_plan_acknowledge,
    recovery_plan_archived,
    recovery_plan_edit,
    recovery_plan_new,
    recovery_plan_reviewed,
    step_add,
    step_done,
)

__all__ = [
    "DIMENSION_DESCRIPTIONS",
    "goals_by_dimension",
    "always_crisis_lines",
    "recovery_plan",
    "recovery_plan_archived",
    "recovery_plan_new",
    "recovery_plan_edit",
    "recovery_plan_reviewed",
    "recovery_plan_acknowledge",
    "goal_add",
    "goal_edit",
    "step_add",
    "step_done",
    "progress_add",
    "wellness_plan",
    "wellness_plan_edit",
    "safety_plan",
    "safety_plan_edit",
    "safety_plan_pdf_response",
    "safety_plan_pdf",
]
