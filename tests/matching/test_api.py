"""The mentoring API: every operation × every role, and the one-call batch flow."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.core.policy import Role
from hearth.matching.models import MatchStatus
from tests.api.conftest import token_client
from tests.matching import helpers
from tests.matrix import ANON, ROLES, row

BASE = "/api/v1/matching"

MATRIX = {
    "waitlist": row(401, 403, 403, 403, 403, 200, 200, 200),
    "run": row(401, 403, 403, 403, 403, 201, 201, 201),
    "run_detail": row(401, 403, 403, 403, 403, 200, 200, 200),
    "approve": row(401, 403, 403, 403, 403, 200, 404, 200),
    "suggestions": row(401, 403, 403, 403, 403, 200, 404, 200),
    "mentoring": row(401, 403, 403, 403, 200, 200, 403, 403),
    "respond": row(401, 403, 403, 403, 200, 404, 403, 403),
}


def _run_id(world):
    from hearth.matching import selectors, services

    helpers.mentor(world)
    helpers.waiting(world)
    admin = world.users[Role.ORG_ADMIN]
    return services.matching_run(actor=admin, waitlist=selectors.waitlist_for(admin)).public_id


CALLS = {
    "waitlist": lambda c, w: c.get(f"{BASE}/waitlist"),
    "run": lambda c, w: c.post(f"{BASE}/runs"),
    "run_detail": lambda c, w: c.get(f"{BASE}/runs/{_run_id(w)}"),
    "approve": lambda c, w: c.post(f"{BASE}/matches/{helpers.proposal(w).public_id}/approve"),
    "suggestions": lambda c, w: c.get(
        f"{BASE}/requests/{helpers.waiting(w).public_id}/suggestions"
    ),
    "mentoring": lambda c, w: c.get(f"{BASE}/mentoring"),
    "respond": lambda c, w: c.post(
        f"{BASE}/mentoring/{helpers.offer_to_specialist(w).public_id}/respond",
        {"answer": "accept"},
        "application/json",
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, operation, role):
    client = Client() if role == ANON else client_for(world.users[role])

    response = CALLS[operation](client, world)

    assert response.status_code == MATRIX[operation][role], response.content


def test_api_batch_run_returns_proposals_with_reasons_and_unmatched(world):
    helpers.mentor(world, languages=["es", "en"])
    helpers.waiting(world, languages=["es"], must_language="es")
    helpers.waiting(world, world.teammate_case, languages=["vi"], must_language="vi")
    client = token_client(world.users[Role.PEER_SUPERVISOR])

    body = client.post(f"{BASE}/runs").json()

    assert body["proposed"] == 1
    assert "both speak Spanish" in body["proposals"][0]["reasons"]
    assert body["unmatched"][0]["why"] == "no mentor speaks Vietnamese"
    approved = client.post(f"{BASE}/matches/{body['proposals'][0]['match']}/approve")
    assert approved.json()["status"] == MatchStatus.OFFERED


def test_api_decline_needs_a_reason(world):
    offer = helpers.offer_to_specialist(world)
    client = token_client(world.users[Role.PEER_SPECIALIST])
    url = f"{BASE}/mentoring/{offer.public_id}/respond"

    refused = client.post(url, {"answer": "decline"}, "application/json")
    bad = client.post(url, {"answer": "decline", "reason": "astrology"}, "application/json")
    ok = client.post(url, {"answer": "decline", "reason": "no_room"}, "application/json")

    assert (refused.status_code, bad.status_code, ok.status_code) == (422, 422, 200)
    assert ok.json()["status"] == MatchStatus.DECLINED
