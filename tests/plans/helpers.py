"""Builders for plan tests: plans made through the services, as a peer would."""

from __future__ import annotations

from hearth.core.policy import Role
from hearth.plans import services
from hearth.plans.models import PlanStatus, RecoveryPlan


def active_plan(world, participant=None, actor=None, **kwargs) -> RecoveryPlan:
    """The participant's active plan (``world.mine`` by default), started by ``actor``
    (the specialist by default) if there is none yet."""
    participant = participant or world.mine
    plan = RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE).first()
    if plan is None:
        plan = services.recovery_plan_start(
            actor=actor or world.users[Role.PEER_SPECIALIST], participant=participant, **kwargs
        )
    return plan


def goal(world, plan=None, text="Sleep through the night most nights", dimension="health"):
    plan = plan or active_plan(world)
    return services.goal_add(
        actor=world.users[Role.PEER_SPECIALIST],
        plan=plan,
        data={"dimension": dimension, "text": text, "target_date": None, "status": "not_started"},
    )


def step(world, goal_=None, text="Put the phone away at 10pm"):
    goal_ = goal_ or goal(world)
    return services.step_add(actor=world.users[Role.PEER_SPECIALIST], goal=goal_, text=text)
