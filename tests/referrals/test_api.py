"""The referrals API: every operation × every role, and its answers to bad input,
illegal moves and stale versions."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.core.policy import Role
from hearth.referrals.lifecycle import Status
from hearth.referrals.models import Referral
from tests.api.conftest import api_for  # noqa: F401 (fixture)
from tests.matrix import ANON, ROLES, row
from tests.referrals.helpers import consent, draft, make_service, move, sent

BASE = "/api/v1/referrals"

MATRIX = {
    "list": row(401, 403, 403, 403, 200, 200, 200, 200),
    "detail": row(401, 403, 403, 403, 200, 200, 404, 200),
    "create": row(401, 403, 403, 403, 201, 201, 403, 403),
    "transition": row(401, 403, 403, 403, 200, 200, 403, 403),
}


def _call(client: Client, operation: str, world):
    if operation == "list":
        return client.get(BASE)
    if operation == "detail":
        return client.get(f"{BASE}/{draft(world).public_id}")
    if operation == "create":
        body = {"participant": str(world.mine.public_id), "service": make_service().pk}
        return client.post(BASE, {**body, "reason": "A bed"}, "application/json")
    referral = draft(world)
    return client.post(
        f"{BASE}/{referral.public_id}/transition",
        {"to_status": "cancelled", "version": referral.version},
        "application/json",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, operation, role):
    client = Client() if role == ANON else client_for(world.users[role])
    response = _call(client, operation, world)
    assert response.status_code == MATRIX[operation][role], response.content
    assert response["Content-Type"].startswith("application/json")


def test_create_send_and_read_back(world, api_for):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    service = make_service("Community food pantry", term="Food")
    body = {
        "participant": str(world.mine.public_id),
        "service": service.pk,
        "reason": "Food until payday",
        "priority": "urgent",
    }
    created = client.post(BASE, body, "application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["status"], data["fhir_task_status"], data["category_name"]) == (
        "draft",
        "draft",
        "Food",
    )
    url = f"{BASE}/{data['public_id']}/transition"
    refused = client.post(url, {"to_status": "sent", "version": 1}, "application/json")
    assert refused.status_code == 422
    assert "consent" in str(refused.json()["detail"])
    consent(world, service)
    moved = client.post(url, {"to_status": "sent", "version": 1}, "application/json")
    assert moved.status_code == 200, moved.content
    out = moved.json()
    assert (out["status"], out["fhir_task_status"], out["version"]) == ("sent", "requested", 2)
    assert [e["to_status"] for e in out["events"]] == ["draft", "sent"]
    listed = client.get(BASE, {"participant": str(world.mine.public_id)}).json()
    assert listed["count"] == 1 and "reason" not in listed["items"][0]


def test_illegal_move_is_422_with_the_reason(world, api_for):  # noqa: F811
    referral = draft(world)
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        f"{BASE}/{referral.public_id}/transition",
        {"to_status": "completed", "version": referral.version},
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "to_status"


def test_stale_version_is_409_with_the_current_state(world, api_for):  # noqa: F811
    referral = sent(world)
    move(world, referral, Status.ACCEPTED)
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        f"{BASE}/{referral.public_id}/transition",
        {"to_status": "declined", "version": 2, "reason": "no_capacity"},
        "application/json",
    )
    assert response.status_code == 409
    assert response.json()["current_status"] == "accepted"
    assert response.json()["current_version"] == 3


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"service": "x", "reason": "y"},
        {"participant": "not-a-uuid", "service": "x", "reason": "y"},
        {"participant": None, "service": "x", "reason": "y", "extra": 1},
        {"service": "x" * 300, "reason": "y"},
        {"service": "x", "reason": "\x00"},
        {"service": "x", "reason": "y", "priority": "stat"},
    ],
)
def test_bad_create_input_is_422(world, api_for, body):  # noqa: F811
    body = {"participant": str(world.mine.public_id), **body} if "participant" not in body else body
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(BASE, body, "application/json")
    assert response.status_code == 422
    assert not Referral.objects.exists()


def test_unknown_service_is_422_and_outsider_participant_404(world, api_for):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    body = {"participant": str(world.mine.public_id), "service": "nope", "reason": "y"}
    assert client.post(BASE, body, "application/json").status_code == 422
    body = {"participant": str(world.stranger_case.public_id), "service": make_service().pk}
    assert client.post(BASE, {**body, "reason": "y"}, "application/json").status_code == 404


def test_detail_outside_scope_is_404(world, api_for):  # noqa: F811
    referral = draft(world)
    client = api_for(world.users[Role.PROGRAMME_MANAGER])
    assert client.get(f"{BASE}/{referral.public_id}").status_code == 404


def test_list_queries_stay_flat(world, api_for):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_for(world.users[Role.PEER_SPECIALIST])
    sent(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE).status_code == 200
        return len(ctx.captured_queries)

    count()
    few = count()
    for _ in range(5):
        sent(world)
    assert count() == few
