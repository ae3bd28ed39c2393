"""API shapes for a participant's plans: the recovery plan (goals, steps, check-ins), the
wellness plan and the safety plan.

Plans are named by ``public_id``. Goals have no public id yet: they are named by their id
within the participant's plans, as on the plan pages, and only ever looked up through the
participant (a goal of someone else's plan is not found). Input mirrors the plan pages'
forms: the same text limits and the same sanity bound on target dates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator

from hearth.participants.schemas import MAX_VERSION, STRICT_INPUT, Text
from hearth.plans.forms import FURTHEST_YEARS, SECTION_MAX_CHARS
from hearth.plans.models import Dimension, GoalStatus, RecoveryGoal, RecoveryPlan

GOAL_TEXT_MAX = RecoveryGoal._meta.get_field("text").max_length


def _plausible(value: date | None) -> date | None:
    """As the goal form: a date more than ten years away is a typo (2205 for 2025)."""
    if value is None:
        return value
    reach = timedelta(days=365 * FURTHEST_YEARS)
    today = timezone.localdate()
    if not today - reach <= value <= today + reach:
        raise ValueError("That date is too far away or too long ago. Check the year.")
    return value


Section = Annotated[Text, Field(max_length=SECTION_MAX_CHARS)]


class GoalIn(Schema):
    """A goal on the participant's active recovery plan, in their own words."""

    model_config = STRICT_INPUT

    dimension: Dimension
    text: Text = Field(min_length=1, max_length=GOAL_TEXT_MAX)
    target_date: Annotated[date | None, AfterValidator(_plausible)] = None
    status: GoalStatus = GoalStatus.NOT_STARTED


class SafetyPlanIn(Schema):
    """Send the steps that change and the ``version`` you read (0 when there is no safety
    plan yet). A step left out keeps its text."""

    model_config = STRICT_INPUT

    version: int = Field(ge=0, le=MAX_VERSION)
    warning_signs: Section = None  # type: ignore[assignment]
    coping_strategies: Section = None  # type: ignore[assignment]
    social_distractions: Section = None  # type: ignore[assignment]
    people_to_ask: Section = None  # type: ignore[assignment]
    professionals: Section = None  # type: ignore[assignment]
    safe_environment: Section = None  # type: ignore[assignment]
    reasons_for_living: Section = None  # type: ignore[assignment]


class StepOut(Schema):
    text: str
    due_on: date | None
    done_on: date | None


class CheckInOut(Schema):
    recorded_at: datetime
    rating: int | None
    note: str


class GoalOut(Schema):
    id: int = Field(description="The goal's id within this participant's plans.")
    dimension: str
    text: str
    status: str
    target_date: date | None
    version: int
    steps: list[StepOut]
    check_ins: list[CheckInOut]

    @staticmethod
    def resolve_steps(obj: RecoveryGoal) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_check_ins(obj: RecoveryGoal) -> list[Any]:
        return list(obj.progress.all())


class RecoveryPlanOut(Schema):
    public_id: UUID
    status: str
    started: datetime
    strengths: str
    review_every_days: int
    last_reviewed_on: date | None
    next_review_on: date | None
    agreed_at: datetime | None
    agreed_how: str
    agreed_to_current_version: bool
    version: int
    goals: list[GoalOut]

    @staticmethod
    def resolve_started(obj: RecoveryPlan) -> datetime:
        return obj.created_at

    @staticmethod
    def resolve_agreed_at(obj: RecoveryPlan) -> datetime | None:
        return obj.acknowledged_at

    @staticmethod
    def resolve_agreed_how(obj: RecoveryPlan) -> str:
        return obj.acknowledged_how

    @staticmethod
    def resolve_agreed_to_current_version(obj: RecoveryPlan) -> bool:
        return obj.is_agreed

    @staticmethod
    def resolve_goals(obj: RecoveryPlan) -> list[Any]:
        return list(obj.goals.all())


class WellnessPlanOut(Schema):
    public_id: UUID
    version: int
    updated_at: datetime
    wellness_toolbox: str
    daily_maintenance: str
    triggers: str
    triggers_action: str
    early_warning_signs: str
    early_warning_action: str
    breaking_down: str
    breaking_down_action: str
    crisis_plan: str
    post_crisis_plan: str


class SafetyPlanOut(Schema):
    public_id: UUID
    version: int
    updated_at: datetime
    warning_signs: str
    coping_strategies: str
    social_distractions: str
    people_to_ask: str
    professionals: str
    safe_environment: str
    reasons_for_living: str


class PlansOut(Schema):
    participant: UUID
    recovery_plans: list[RecoveryPlanOut] = Field(
        description="Every recovery plan, the active one first, then newest first."
    )
    wellness_plan: WellnessPlanOut | None
    safety_plan: SafetyPlanOut | None


class PlanConflictOut(Schema):
    detail: str
    current_version: int
