"""Selectors other apps call: plans due for review, and goals to link notes to."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.core.policy import Role
from hearth.participants.models import ParticipantStatus
from hearth.plans import selectors, services
from hearth.plans.models import GoalStatus, RecoveryPlan
from tests.factories import ParticipantFactory, assign
from tests.plans.helpers import active_plan, goal


def _due_in(plan, days):
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        next_review_on=timezone.localdate() + timedelta(days=days)
    )


def test_plans_due_for_review_within_a_week_in_scope(world):
    sp, su = world.users[Role.PEER_SPECIALIST], world.users[Role.PEER_SUPERVISOR]
    overdue = active_plan(world)
    _due_in(overdue, -3)
    soon = active_plan(world, world.own_record)
    _due_in(soon, 7)
    team = active_plan(world, world.teammate_case, actor=su)
    _due_in(team, 1)
    later = ParticipantFactory(organisation=world.org)
    assign(later, sp)
    _due_in(active_plan(world, later), 8)

    assert list(selectors.plans_due_for_review(sp)) == [overdue, soon]
    assert list(selectors.plans_due_for_review(su)) == [overdue, team, soon]
    assert list(selectors.plans_due_for_review(world.users[Role.PROGRAMME_MANAGER])) == []
    assert list(selectors.plans_due_for_review(world.users[Role.PARTICIPANT])) == []
    assert list(selectors.plans_due_for_review(world.users[Role.CLINICIAN])) == []


def test_plans_due_for_review_leaves_out_archived_plans_and_discharged_people(world):
    sp = world.users[Role.PEER_SPECIALIST]
    old = active_plan(world)
    _due_in(old, -10)
    new = services.recovery_plan_start(actor=sp, participant=world.mine)
    _due_in(new, 2)
    assert list(selectors.plans_due_for_review(sp)) == [new]
    world.mine.status = ParticipantStatus.DISCHARGED
    world.mine.discharge_reason = "completed"
    world.mine.save(update_fields=["status", "discharge_reason"])
    assert list(selectors.plans_due_for_review(sp)) == []


def test_plans_due_for_review_is_one_query_however_many(world):
    sp = world.users[Role.PEER_SPECIALIST]
    for _ in range(5):
        p = ParticipantFactory(organisation=world.org)
        assign(p, sp)
        _due_in(active_plan(world, p), 0)
    with CaptureQueriesContext(connection) as ctx:
        rows = [
            (plan.next_review_on, plan.participant.display_name)
            for plan in selectors.plans_due_for_review(sp)
        ]
    assert len(rows) == 5 and len(ctx.captured_queries) == 1


def test_goals_for_participant_are_the_active_plans_in_dimension_order(world):
    sp = world.users[Role.PEER_SPECIALIST]
    old = active_plan(world)
    goal(world, old, text="Old goal")
    new = services.recovery_plan_start(actor=sp, participant=world.mine, carry_over_goals=False)
    community = goal(world, new, text="Join a choir", dimension="community")
    health = goal(world, new, text="See a dentist", dimension="health")
    done = goal(world, new, text="Get a library card", dimension="purpose")
    services.goal_update(
        actor=sp,
        goal=done,
        data={
            "dimension": "purpose",
            "text": done.text,
            "target_date": None,
            "status": GoalStatus.ACHIEVED,
        },
        expected_version=done.version,
    )
    assert list(selectors.goals_for_participant(world.mine)) == [health, done, community]
    assert list(selectors.goals_for_participant(world.mine, open_only=True)) == [health, community]
    assert list(selectors.goals_for_participant(world.stranger_case)) == []


def test_plans_as_data_is_json_ready(world):
    import json

    plan = active_plan(world)
    g = goal(world, plan, text="Cook on Sundays")
    services.progress_add(
        actor=world.users[Role.PEER_SPECIALIST], goal=g, rating=5, note="Made soup"
    )
    services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={"reasons_for_living": "My nephew"},
        expected_version=0,
    )
    data = json.loads(json.dumps(selectors.plans_as_data(world.mine), default=str))
    assert data["recovery_plans"][0]["goals"][0]["goal"] == "Cook on Sundays"
    assert data["recovery_plans"][0]["goals"][0]["check_ins"][0]["note"] == "Made soup"
    assert data["safety_plan"]["reasons_for_living"] == "My nephew"
    assert data["wellness_plan"] is None
