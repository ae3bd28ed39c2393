"""Plan services: lifecycle, goals, steps, check-ins, reviews, agreement, concurrency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.plans import services
from hearth.plans.models import (
    AcknowledgedHow,
    GoalStatus,
    PlanStatus,
    RecoveryPlan,
    SafetyPlan,
    WellnessPlan,
)
from tests.plans.helpers import active_plan, goal, step


def _sp(world):
    return world.users[Role.PEER_SPECIALIST]


# --- lifecycle --------------------------------------------------------------------------------


def test_start_creates_an_active_plan_with_a_review_date(world):
    plan = services.recovery_plan_start(
        actor=_sp(world),
        participant=world.mine,
        strengths="Stubborn, in a good way",
        review_every_days=30,
    )
    assert plan.status == PlanStatus.ACTIVE
    assert plan.next_review_on == timezone.localdate() + timedelta(days=30)
    assert plan.created_by == _sp(world) and plan.organisation == world.org
    plan.refresh_from_db()
    assert plan.strengths == "Stubborn, in a good way"


def test_new_plan_archives_the_old_one_and_keeps_it(world):
    old = active_plan(world)
    services.recovery_plan_start(actor=_sp(world), participant=world.mine)
    old.refresh_from_db()
    assert old.status == PlanStatus.ARCHIVED
    assert RecoveryPlan.objects.filter(participant=world.mine).count() == 2
    assert (
        RecoveryPlan.objects.filter(participant=world.mine, status=PlanStatus.ACTIVE).count() == 1
    )


def test_new_plan_carries_over_open_goals_and_unfinished_steps(world):
    old = active_plan(world)
    open_goal = goal(world, old, text="Find a quiet place to live", dimension="home")
    done_goal = goal(world, old, text="Get my ID back", dimension="purpose")
    services.goal_update(
        actor=_sp(world),
        goal=done_goal,
        data={
            "dimension": "purpose",
            "text": done_goal.text,
            "target_date": None,
            "status": GoalStatus.ACHIEVED,
        },
        expected_version=done_goal.version,
    )
    finished = step(world, open_goal, text="Call the housing office")
    services.step_set_done(actor=_sp(world), step=finished, done=True)
    step(world, open_goal, text="Visit two flats")

    new = services.recovery_plan_start(
        actor=_sp(world), participant=world.mine, carry_over_goals=True
    )
    goals = list(new.goals.all())
    assert [g.text for g in goals] == ["Find a quiet place to live"]
    assert [s.text for s in goals[0].steps.all()] == ["Visit two flats"]
    # The old plan keeps everything, untouched.
    assert old.goals.count() == 2 and open_goal.steps.count() == 2


def test_new_plan_without_carry_over_starts_empty(world):
    goal(world)
    new = services.recovery_plan_start(
        actor=_sp(world), participant=world.mine, carry_over_goals=False
    )
    assert new.goals.count() == 0


def test_database_refuses_two_active_plans(world):
    plan = active_plan(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecoveryPlan.objects.create(
            organisation=world.org, participant=world.mine, status=PlanStatus.ACTIVE
        )
    assert RecoveryPlan.objects.get(participant=world.mine, status=PlanStatus.ACTIVE) == plan


def test_archived_plan_cannot_be_changed(world):
    old = active_plan(world)
    old_goal = goal(world, old)
    services.recovery_plan_start(actor=_sp(world), participant=world.mine)
    old.refresh_from_db()
    old_goal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.goal_add(actor=_sp(world), plan=old, data={"dimension": "home", "text": "x"})
    with pytest.raises(ValidationError):
        services.recovery_plan_mark_reviewed(actor=_sp(world), plan=old)
    with pytest.raises(ValidationError):
        services.progress_add(actor=_sp(world), goal=old_goal, rating=5)


@pytest.mark.parametrize("days", [0, 6, 366, -1])
def test_review_interval_out_of_range_is_refused(world, days):
    with pytest.raises(ValidationError) as exc:
        services.recovery_plan_start(
            actor=_sp(world), participant=world.mine, review_every_days=days
        )
    assert "review_every_days" in exc.value.error_dict
    assert not RecoveryPlan.objects.filter(participant=world.mine).exists()


# --- goals, steps, check-ins ------------------------------------------------------------------


def test_goals_steps_and_checkins(world):
    g = goal(world, text="Walk to the river on Sundays", dimension="community")
    s = step(world, g, text="Ask Ana to come along")
    services.step_set_done(actor=_sp(world), step=s, done=True)
    s.refresh_from_db()
    assert s.done_on == timezone.localdate()
    services.step_set_done(actor=_sp(world), step=s, done=False)
    s.refresh_from_db()
    assert s.done_on is None
    services.progress_add(actor=_sp(world), goal=g, rating=3, note="Went twice")
    services.progress_add(actor=_sp(world), goal=g, rating=6, note="")
    services.progress_add(actor=_sp(world), goal=g, rating=None, note="Rain all month")
    assert [(p.rating, p.note) for p in g.progress.all()] == [
        (3, "Went twice"),
        (6, ""),
        (None, "Rain all month"),
    ]
    assert g.latest_progress.note == "Rain all month"


def test_marking_a_step_done_twice_keeps_the_first_date(world):
    s = step(world)
    services.step_set_done(actor=_sp(world), step=s, done=True)
    s.done_on = timezone.localdate() - timedelta(days=3)
    s.save(update_fields=["done_on"])
    services.step_set_done(actor=_sp(world), step=s, done=True)
    s.refresh_from_db()
    assert s.done_on == timezone.localdate() - timedelta(days=3)


@pytest.mark.parametrize(("rating", "note"), [(None, ""), (None, "   "), (11, "ok"), (-1, "")])
def test_bad_checkins_are_refused(world, rating, note):
    g = goal(world)
    with pytest.raises(ValidationError):
        services.progress_add(actor=_sp(world), goal=g, rating=rating, note=note)
    assert g.progress.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dimension": "health", "text": "  "}, "text"),
        ({"dimension": "wealth", "text": "Save money"}, "dimension"),
        ({"dimension": "home", "text": "x", "status": "done-ish"}, "status"),
    ],
)
def test_bad_goals_are_refused_with_the_field_named(world, data, field):
    with pytest.raises(ValidationError) as exc:
        services.goal_add(actor=_sp(world), plan=active_plan(world), data=data)
    assert field in exc.value.error_dict


def test_goal_positions_follow_the_order_they_were_added(world):
    plan = active_plan(world)
    first, second = goal(world, plan, text="A"), goal(world, plan, text="B")
    assert (first.position, second.position) == (0, 1)


# --- reviews ----------------------------------------------------------------------------------


def test_mark_reviewed_sets_last_and_next_review(world):
    plan = active_plan(world, review_every_days=60)
    services.recovery_plan_mark_reviewed(actor=_sp(world), plan=plan)
    today = timezone.localdate()
    assert plan.last_reviewed_on == today
    assert plan.next_review_on == today + timedelta(days=60)
    assert not plan.review_overdue


def test_changing_the_interval_moves_the_next_review(world):
    plan = active_plan(world, review_every_days=90)
    plan = services.recovery_plan_update(
        actor=_sp(world),
        plan=plan,
        strengths="",
        review_every_days=30,
        expected_version=plan.version,
    )
    assert plan.next_review_on == timezone.localdate(plan.created_at) + timedelta(days=30)


def test_review_overdue_when_the_date_has_passed(world):
    plan = active_plan(world)
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        next_review_on=timezone.localdate() - timedelta(days=1)
    )
    plan.refresh_from_db()
    assert plan.review_overdue


# --- agreement --------------------------------------------------------------------------------


def test_participant_agrees_from_their_own_account(world):
    plan = active_plan(world, world.own_record)
    participant_user = world.users[Role.PARTICIPANT]
    services.recovery_plan_acknowledge(
        actor=participant_user,
        plan=plan,
        how=AcknowledgedHow.OWN_ACCOUNT,
        seen_revision=plan.revision,
    )
    assert plan.is_agreed and plan.acknowledged_how == "own_account"
    assert plan.acknowledged_by == participant_user


def test_peer_records_agreement_in_session(world):
    plan = active_plan(world)
    services.recovery_plan_acknowledge(
        actor=_sp(world), plan=plan, how=AcknowledgedHow.IN_SESSION, seen_revision=plan.revision
    )
    assert plan.is_agreed and plan.get_acknowledged_how_display()


def test_a_participant_cannot_agree_to_someone_elses_plan(world):
    plan = active_plan(world)  # world.mine is not linked to the participant account
    with pytest.raises(PermissionDenied):
        services.recovery_plan_acknowledge(
            actor=world.users[Role.PARTICIPANT],
            plan=plan,
            how=AcknowledgedHow.OWN_ACCOUNT,
            seen_revision=plan.revision,
        )


def test_a_peer_cannot_claim_the_participant_agreed_from_their_account(world):
    plan = active_plan(world, world.own_record)
    with pytest.raises(PermissionDenied):
        services.recovery_plan_acknowledge(
            actor=_sp(world),
            plan=plan,
            how=AcknowledgedHow.OWN_ACCOUNT,
            seen_revision=plan.revision,
        )


def test_agreement_to_a_version_they_did_not_see_is_refused(world):
    plan = active_plan(world, world.own_record)
    seen = plan.revision
    goal(world, plan, text="A goal added after the page was opened")
    with pytest.raises(services.PlanChangedError):
        services.recovery_plan_acknowledge(
            actor=world.users[Role.PARTICIPANT],
            plan=plan,
            how=AcknowledgedHow.OWN_ACCOUNT,
            seen_revision=seen,
        )
    plan.refresh_from_db()
    assert plan.acknowledged_at is None


def test_changing_the_goals_after_agreement_asks_for_it_again(world):
    plan = active_plan(world)
    g = goal(world, plan)
    plan.refresh_from_db()
    services.recovery_plan_acknowledge(
        actor=_sp(world), plan=plan, how=AcknowledgedHow.IN_SESSION, seen_revision=plan.revision
    )
    # Progress is not content: ticking a step or a check-in keeps the agreement.
    s = step(world, g)
    plan.refresh_from_db()
    services.recovery_plan_acknowledge(
        actor=_sp(world), plan=plan, how=AcknowledgedHow.IN_SESSION, seen_revision=plan.revision
    )
    services.step_set_done(actor=_sp(world), step=s, done=True)
    services.progress_add(actor=_sp(world), goal=g, rating=4)
    plan.refresh_from_db()
    assert plan.is_agreed
    services.goal_update(
        actor=_sp(world),
        goal=g,
        data={
            "dimension": "health",
            "text": "Sleep better",
            "target_date": None,
            "status": "in_progress",
        },
        expected_version=g.version,
    )
    plan.refresh_from_db()
    assert not plan.is_agreed and plan.changed_since_agreed


# --- concurrency ------------------------------------------------------------------------------


def test_concurrent_strengths_edit_is_refused_and_nothing_is_lost(world):
    plan = active_plan(world)
    started_from = plan.version
    services.recovery_plan_update(
        actor=world.users[Role.PEER_SUPERVISOR],
        plan=plan,
        strengths="Theirs",
        review_every_days=90,
        expected_version=started_from,
    )
    with pytest.raises(services.ConcurrentEditError) as exc:
        services.recovery_plan_update(
            actor=_sp(world),
            plan=plan,
            strengths="Mine",
            review_every_days=90,
            expected_version=started_from,
        )
    assert exc.value.current.strengths == "Theirs"
    plan.refresh_from_db()
    assert plan.strengths == "Theirs"


def test_concurrent_goal_edit_is_refused(world):
    g = goal(world)
    v = g.version
    data = {"dimension": "health", "text": "First", "target_date": None, "status": "in_progress"}
    services.goal_update(actor=_sp(world), goal=g, data=data, expected_version=v)
    with pytest.raises(services.ConcurrentEditError) as exc:
        services.goal_update(
            actor=_sp(world), goal=g, data={**data, "text": "Second"}, expected_version=v
        )
    assert exc.value.current.text == "First"


@pytest.mark.parametrize(
    ("save", "model", "field"),
    [
        (services.safety_plan_save, SafetyPlan, "warning_signs"),
        (services.wellness_plan_save, WellnessPlan, "triggers"),
    ],
)
def test_single_plans_are_created_then_version_checked(world, save, model, field):
    plan = save(actor=_sp(world), participant=world.mine, data={field: "one"}, expected_version=0)
    assert plan.version == 1 and getattr(model.objects.get(pk=plan.pk), field) == "one"
    # Someone else created it while another editor had the empty form open.
    with pytest.raises(services.ConcurrentEditError):
        save(actor=_sp(world), participant=world.mine, data={field: "two"}, expected_version=0)
    plan = save(actor=_sp(world), participant=world.mine, data={field: "three"}, expected_version=1)
    assert plan.version == 2
    with pytest.raises(services.ConcurrentEditError) as exc:
        save(actor=_sp(world), participant=world.mine, data={field: "four"}, expected_version=1)
    assert getattr(exc.value.current, field) == "three"
    assert getattr(model.objects.get(pk=plan.pk), field) == "three"


def test_plan_text_is_encrypted_at_rest(world):
    from django.db import connection

    services.safety_plan_save(
        actor=_sp(world),
        participant=world.mine,
        data={"reasons_for_living": "My daughter Lily"},
        expected_version=0,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT reasons_for_living FROM {SafetyPlan._meta.db_table}")
        (stored,) = cursor.fetchone()
    assert "Lily" not in stored


# --- permissions and audit --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_MANAGER, Role.ORG_ADMIN, Role.PARTICIPANT, Role.CLINICIAN]
)
def test_only_peers_in_scope_change_plans(world, role):
    with pytest.raises(PermissionDenied):
        services.recovery_plan_start(actor=world.users[role], participant=world.mine)
    with pytest.raises(PermissionDenied):
        services.safety_plan_save(
            actor=world.users[role], participant=world.mine, data={}, expected_version=0
        )


def test_a_peer_cannot_change_another_caseloads_plans(world):
    with pytest.raises(PermissionDenied):
        services.recovery_plan_start(actor=_sp(world), participant=world.teammate_case)
    # ...but their supervisor can.
    services.recovery_plan_start(
        actor=world.users[Role.PEER_SUPERVISOR], participant=world.teammate_case
    )


def test_every_change_is_audited_without_personal_data(world):
    before = AuditEvent.objects.count()
    plan = active_plan(world, strengths="Secret strength")
    g = goal(world, plan, text="Secret goal")
    s = step(world, g, text="Secret step")
    services.step_set_done(actor=_sp(world), step=s, done=True)
    services.progress_add(actor=_sp(world), goal=g, rating=2, note="Secret note")
    services.recovery_plan_mark_reviewed(actor=_sp(world), plan=plan)
    services.safety_plan_save(
        actor=_sp(world),
        participant=world.mine,
        data={"warning_signs": "Secret sign"},
        expected_version=0,
    )
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type) for e in events] == [
        (Action.CREATE, "recovery_plan"),
        *[(Action.UPDATE, "recovery_plan")] * 5,
        (Action.CREATE, "safety_plan"),
    ]
    assert all("Secret" not in e.detail for e in events)
    assert events[0].object_id == str(plan.public_id)
