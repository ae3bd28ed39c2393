"""A participant's plans over the API: the same policy, selectors and services as the plan
pages.

Every endpoint first checks the role's permission with ``can`` (403 without it), then finds
the participant through ``selectors.get_participant_for_plans`` (outside the user's scope is
a 404, as if it did not exist). Reading the plans is audited like the pages' reads, one
``view`` event per plan shown, with channel ``api``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from hearth.audit.models import Channel
from hearth.core.api_auth import api_actor
from hearth.core.policy import Perm
from hearth.participants.schemas import ErrorOut
from hearth.plans import selectors, services
from hearth.plans.schemas import (
    GoalIn,
    GoalOut,
    PlanConflictOut,
    PlansOut,
    SafetyPlanIn,
    SafetyPlanOut,
)

router = Router(tags=["plans"])

_RECORD: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/{participant_id}", response={200: PlansOut, **_RECORD}, summary="Read plans")
def plans_detail(request: HttpRequest, participant_id: UUID):
    """The participant's recovery plans (with goals, steps and check-ins), wellness plan
    and safety plan. ``null`` where a plan has not been written yet."""
    actor = api_actor(request, Perm.PLAN_VIEW)
    participant = selectors.get_participant_for_plans(actor, participant_id)
    recovery = selectors.all_recovery_plans(participant)
    wellness = selectors.wellness_plan_for(participant)
    safety = selectors.safety_plan_for(participant)
    active = next((plan for plan in recovery if plan.is_active), None)
    for object_type, plan in (
        (services.RECOVERY_PLAN_TYPE, active),
        (services.WELLNESS_PLAN_TYPE, wellness),
        (services.SAFETY_PLAN_TYPE, safety),
    ):
        services.plan_viewed(
            actor=actor,
            object_type=object_type,
            plan=plan,
            participant=participant,
            request=request,
            channel=Channel.API,
        )
    return {
        "participant": participant.public_id,
        "recovery_plans": recovery,
        "wellness_plan": wellness,
        "safety_plan": safety,
    }


@router.post(
    "/{participant_id}/recovery/goals",
    response={201: GoalOut, **_RECORD},
    summary="Add a goal to the recovery plan",
)
def goal_add(request: HttpRequest, participant_id: UUID, payload: GoalIn):
    """Add a goal, in the participant's own words, to their active recovery plan (start
    the plan on its page first)."""
    actor = api_actor(request, Perm.PLAN_EDIT)
    participant = selectors.get_participant_for_plans(actor, participant_id)
    plan = selectors.active_recovery_plan(participant)
    if plan is None:
        raise ValidationError(_("There is no active recovery plan yet: start one first."))
    data = payload.model_dump()
    goal = services.goal_add(
        actor=actor,
        plan=plan,
        data={field: getattr(value, "value", value) for field, value in data.items()},
        request=request,
        channel=Channel.API,
    )
    return Status(201, selectors.goal_with_details(goal.pk))


@router.patch(
    "/{participant_id}/safety",
    response={200: SafetyPlanOut, 409: PlanConflictOut, **_RECORD},
    summary="Write or change the safety plan",
)
def safety_plan_update(request: HttpRequest, participant_id: UUID, payload: SafetyPlanIn):
    """Send the steps that change and the ``version`` you read (0 to write the first
    safety plan). If someone else saved it since, nothing is written and the answer is 409
    with the current version."""
    actor = api_actor(request, Perm.PLAN_EDIT)
    participant = selectors.get_participant_for_plans(actor, participant_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version")
    try:
        plan = services.safety_plan_save(
            actor=actor,
            participant=participant,
            data={field: value or "" for field, value in sent.items()},
            expected_version=version,
            request=request,
            channel=Channel.API,
        )
    except services.ConcurrentEditError as exc:
        return Status(
            409,
            {
                "detail": _("The safety plan was changed by someone else; nothing was saved."),
                "current_version": exc.current.version,
            },
        )
    return Status(200, plan)
