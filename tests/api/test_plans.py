"""The plan endpoints: same scopes, permissions, services and audit as the plan pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent, Channel
from hearth.core.policy import Role
from hearth.plans import services
from hearth.plans.models import RecoveryGoal, SafetyPlan
from tests.api.test_auth import csrf_client_for
from tests.encounters.factories import RecoveryPlanFactory
from tests.plans.helpers import active_plan, goal, step

BASE = "/api/v1/plans"
NO_CASEWORK = [Role.CLINICIAN, Role.PARTICIPANT, Role.COMMUNITY_MEMBER]


def plans_url(participant, tail: str = "") -> str:
    return f"{BASE}/{participant.public_id}{tail}"


def safety(world, **fields) -> SafetyPlan:
    return services.safety_plan_save(
        actor=world.users[Role.PEER_SPECIALIST],
        participant=world.mine,
        data={"warning_signs": "Not sleeping", **fields},
        expected_version=0,
    )


GOAL = {"dimension": "home", "text": "Have my own front door by spring"}


# --- read ------------------------------------------------------------------------------------


def test_read_returns_recovery_wellness_and_safety_plans(world, api_for):
    step(world)
    safety(world)

    response = api_for(world.users[Role.PEER_SUPERVISOR]).get(plans_url(world.mine))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["participant"] == str(world.mine.public_id)
    (plan,) = body["recovery_plans"]
    assert plan["status"] == "active"
    (only_goal,) = plan["goals"]
    assert only_goal["text"] == "Sleep through the night most nights"
    assert only_goal["steps"][0]["text"] == "Put the phone away at 10pm"
    assert body["wellness_plan"] is None
    assert body["safety_plan"]["warning_signs"] == "Not sleeping"
    assert body["safety_plan"]["version"] == 1


def test_read_writes_one_view_event_per_plan_with_api_channel(world, api_for):
    active_plan(world)
    before = AuditEvent.objects.filter(action=Action.VIEW).count()

    api_for(world.users[Role.ORG_ADMIN]).get(plans_url(world.mine))

    viewed = AuditEvent.objects.filter(action=Action.VIEW).order_by("seq")[before:]
    assert [(e.object_type, e.channel) for e in viewed] == [
        ("recovery_plan", Channel.API),
        ("wellness_plan", Channel.API),
        ("safety_plan", Channel.API),
    ]


def test_read_outsider_and_other_organisation_get_404(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])

    for participant in (world.stranger_case, world.other_org_case):
        response = client.get(plans_url(participant))

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert client.get(f"{BASE}/{uuid.uuid4()}").status_code == 404
    assert (
        api_for(world.users[Role.ORG_ADMIN]).get(plans_url(world.other_org_case)).status_code == 404
    )


@pytest.mark.parametrize("role", NO_CASEWORK)
def test_read_is_forbidden_to_roles_without_plan_view(world, client_for, role):
    assert client_for(world.users[role]).get(plans_url(world.mine)).status_code == 403


# --- add a goal ------------------------------------------------------------------------------


def test_goal_add_puts_the_goal_on_the_active_plan(world, api_for):
    plan = active_plan(world)
    target = (timezone.localdate() + timedelta(days=90)).isoformat()

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        plans_url(world.mine, "/recovery/goals"),
        {**GOAL, "target_date": target},
        "application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    added = RecoveryGoal.objects.get(pk=body["id"])
    assert (added.plan, added.text, str(added.target_date)) == (plan, GOAL["text"], target)
    event = AuditEvent.objects.filter(object_type="recovery_plan").last()
    assert (event.action, event.detail, event.channel) == (Action.UPDATE, "goal_added", Channel.API)


def test_goal_add_without_an_active_plan_is_refused(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        plans_url(world.mine, "/recovery/goals"), GOAL, "application/json"
    )

    assert response.status_code == 422
    assert "start one" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"dimension": "wealth", "text": "x"}, "dimension"),
        ({"dimension": "home", "text": ""}, "text"),
        ({"dimension": "home", "text": "x" * 501}, "text"),
        ({"dimension": "home", "text": "x", "target_date": "2205-01-01"}, "target_date"),
        ({"dimension": "home", "text": "x", "id": 3}, "id"),
    ],
)
def test_goal_add_rejects_bad_input(world, api_for, payload, field):
    active_plan(world)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        plans_url(world.mine, "/recovery/goals"), payload, "application/json"
    )

    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]
    assert not RecoveryGoal.objects.exists()


def test_goal_add_outsider_gets_404(world, api_for):
    RecoveryPlanFactory(participant=world.stranger_case)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        plans_url(world.stranger_case, "/recovery/goals"), GOAL, "application/json"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", [*NO_CASEWORK, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN])
def test_goal_add_is_forbidden_to_roles_without_plan_edit(world, client_for, role):
    active_plan(world)

    response = client_for(world.users[role]).post(
        plans_url(world.mine, "/recovery/goals"), GOAL, "application/json"
    )

    assert response.status_code == 403


def test_goal_add_by_session_needs_csrf_token(world):
    active_plan(world)

    response = csrf_client_for(world.users[Role.PEER_SPECIALIST]).post(
        plans_url(world.mine, "/recovery/goals"), GOAL, "application/json"
    )

    assert response.status_code == 403
    assert not RecoveryGoal.objects.exists()


# --- safety plan -----------------------------------------------------------------------------


def test_safety_writes_the_first_plan_with_version_zero(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        plans_url(world.mine, "/safety"),
        {"version": 0, "reasons_for_living": "My daughter"},
        "application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["reasons_for_living"] == "My daughter"
    assert SafetyPlan.objects.get(participant=world.mine).reasons_for_living == "My daughter"


def test_safety_changes_only_the_steps_sent(world, api_for):
    plan = safety(world, people_to_ask="My sister")

    response = api_for(world.users[Role.PEER_SUPERVISOR]).patch(
        plans_url(world.mine, "/safety"),
        {"version": plan.version, "warning_signs": "Skipping meals"},
        "application/json",
    )

    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert (plan.warning_signs, plan.people_to_ask, plan.version) == (
        "Skipping meals",
        "My sister",
        2,
    )
    event = AuditEvent.objects.filter(object_type="safety_plan").last()
    assert (event.action, event.channel) == (Action.UPDATE, Channel.API)


def test_safety_with_stale_version_is_409_and_changes_nothing(world, api_for):
    plan = safety(world)
    SafetyPlan.objects.filter(pk=plan.pk).update(version=4)

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        plans_url(world.mine, "/safety"),
        {"version": 1, "warning_signs": "Overwritten"},
        "application/json",
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 4
    plan.refresh_from_db()
    assert plan.warning_signs == "Not sleeping"


@pytest.mark.parametrize(
    "payload",
    [
        {"warning_signs": "no version"},
        {"version": 1, "warning_signs": None},
        {"version": 1, "warning_signs": "x" * 5001},
        {"version": 1, "favourite_colour": "blue"},
        {"version": -1},
    ],
)
def test_safety_rejects_bad_input(world, api_for, payload):
    safety(world)

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        plans_url(world.mine, "/safety"), payload, "application/json"
    )

    assert response.status_code == 422


def test_safety_outsider_gets_404(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        plans_url(world.other_org_case, "/safety"), {"version": 0}, "application/json"
    )

    assert response.status_code == 404
    assert not SafetyPlan.objects.exists()


@pytest.mark.parametrize("role", [*NO_CASEWORK, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN])
def test_safety_is_forbidden_to_roles_without_plan_edit(world, client_for, role):
    response = client_for(world.users[role]).patch(
        plans_url(world.mine, "/safety"), {"version": 0}, "application/json"
    )

    assert response.status_code == 403


def test_safety_by_session_needs_csrf_token(world):
    response = csrf_client_for(world.users[Role.PEER_SPECIALIST]).patch(
        plans_url(world.mine, "/safety"), {"version": 0, "warning_signs": "x"}, "application/json"
    )

    assert response.status_code == 403
    assert not SafetyPlan.objects.exists()


def test_goal_ids_from_the_plan_link_a_note_through_the_encounter_api(world, api_for):
    """The goal ids the plans endpoint gives are the ones a session's note takes."""
    goal(world)
    client = api_for(world.users[Role.PEER_SPECIALIST])
    goal_id = client.get(plans_url(world.mine)).json()["recovery_plans"][0]["goals"][0]["id"]
    end = timezone.now() - timedelta(minutes=5)

    response = client.post(
        "/api/v1/encounters",
        {
            "participant": str(world.mine.public_id),
            "starts_at": (end - timedelta(minutes=20)).isoformat(),
            "ends_at": end.isoformat(),
            "goals_addressed": [goal_id],
        },
        "application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["note"]["goals_addressed"] == [goal_id]
