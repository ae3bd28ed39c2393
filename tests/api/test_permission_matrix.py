"""Every API operation × every role, pinned. /api/ is left out of the page matrix
(tests/core/test_permission_matrix.py) because its answers are JSON statuses, not redirects:
401 without credentials, 403 for a role without the permission, 404 outside the scope.

The record used is ``world.mine``: on the specialist's caseload (so also on the supervisor's
team), in no programme of the manager's (so 404 for them), in the admin's organisation.
Sessions are ones the specialist held with ``world.mine``; only that peer edits or signs
them, only their supervisor co-signs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.core.policy import Role
from tests.encounters.factories import EncounterFactory, complete_note, signed_encounter
from tests.matrix import ANON, ROLES, row
from tests.plans.helpers import active_plan

LIST = "/api/v1/participants"

MATRIX = {
    "list": row(401, 403, 403, 403, 200, 200, 200, 200),
    "detail": row(401, 403, 403, 403, 200, 200, 404, 200),
    "create": row(401, 403, 403, 403, 201, 201, 201, 201),
    "update": row(401, 403, 403, 403, 200, 200, 404, 200),
    "encounters.list": row(401, 403, 403, 403, 200, 200, 200, 200),
    "encounters.detail": row(401, 403, 403, 403, 200, 200, 404, 200),
    "encounters.create": row(401, 403, 403, 403, 201, 201, 403, 403),
    "encounters.update": row(401, 403, 403, 403, 200, 403, 403, 403),
    "encounters.sign": row(401, 403, 403, 403, 200, 403, 403, 403),
    "encounters.cosign": row(401, 403, 403, 403, 403, 200, 403, 403),
    "encounters.addendum": row(401, 403, 403, 403, 201, 201, 404, 201),
    "plans.detail": row(401, 403, 403, 403, 200, 200, 404, 200),
    "plans.goal_add": row(401, 403, 403, 403, 201, 201, 403, 403),
    "plans.safety": row(401, 403, 403, 403, 200, 200, 403, 403),
}

ENCOUNTERS = "/api/v1/encounters"
PLANS = "/api/v1/plans"


def _session(world, *, signed: bool = False, complete: bool = False):
    peer = world.users[Role.PEER_SPECIALIST]
    if signed:
        return signed_encounter(participant=world.mine, peer=peer)
    encounter = EncounterFactory(participant=world.mine, peer=peer)
    if complete:
        complete_note(encounter)
    return encounter


def _new_session(world) -> dict:
    end = timezone.now() - timedelta(minutes=5)
    start = end - timedelta(minutes=30)
    return {
        "participant": str(world.mine.public_id),
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
    }


def _note_url(world, action: str, **kwargs) -> str:
    return f"{ENCOUNTERS}/{_session(world, **kwargs).public_id}/note/{action}"


def _goal_add(client: Client, world):
    active_plan(world)
    goal = {"dimension": "home", "text": "A place of my own"}
    return client.post(f"{PLANS}/{world.mine.public_id}/recovery/goals", goal, "application/json")


DOMAIN_CALLS = {
    "encounters.list": lambda client, world: client.get(ENCOUNTERS),
    "encounters.detail": lambda client, world: client.get(
        f"{ENCOUNTERS}/{_session(world).public_id}"
    ),
    "encounters.create": lambda client, world: client.post(
        ENCOUNTERS, _new_session(world), "application/json"
    ),
    "encounters.update": lambda client, world: client.patch(
        f"{ENCOUNTERS}/{_session(world).public_id}",
        {"version": 1, "location_note": "Library"},
        "application/json",
    ),
    "encounters.sign": lambda client, world: client.post(
        _note_url(world, "sign", complete=True), {"version": 1}, "application/json"
    ),
    "encounters.cosign": lambda client, world: client.post(_note_url(world, "cosign", signed=True)),
    "encounters.addendum": lambda client, world: client.post(
        _note_url(world, "addenda", signed=True), {"text": "Matrix"}, "application/json"
    ),
    "plans.detail": lambda client, world: client.get(f"{PLANS}/{world.mine.public_id}"),
    "plans.goal_add": _goal_add,
    "plans.safety": lambda client, world: client.patch(
        f"{PLANS}/{world.mine.public_id}/safety", {"version": 0}, "application/json"
    ),
}


def call(client: Client, operation: str, world):
    if operation in DOMAIN_CALLS:
        return DOMAIN_CALLS[operation](client, world)
    record = f"{LIST}/{world.mine.public_id}"
    if operation == "list":
        return client.get(LIST)
    if operation == "detail":
        return client.get(record)
    if operation == "create":
        return client.post(LIST, {"name": "Matrix"}, content_type="application/json")
    return client.patch(
        record, {"version": world.mine.version, "pronouns": "they/them"}, "application/json"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, operation, role):
    client = Client() if role == ANON else client_for(world.users[role])

    response = call(client, operation, world)

    assert response.status_code == MATRIX[operation][role], response.content
    assert response["Content-Type"].startswith("application/json")
