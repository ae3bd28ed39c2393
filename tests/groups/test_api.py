"""The groups API: the public listing without credentials (same filters and data as the
page), one's own registrations, and joining; every operation × role pinned."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.core.policy import Role
from hearth.groups.models import Registration
from tests.api.conftest import token_client
from tests.conftest import signed_in_client
from tests.groups.helpers import make_group
from tests.matrix import ANON, ROLES, row

pytestmark = pytest.mark.django_db
BASE = "/api/v1/groups"


def api_client(user) -> Client:
    """Staff use a personal token; people who join groups have no tokens and use the API
    from the browser with their signed-in session."""
    if user.role in (Role.PARTICIPANT, Role.COMMUNITY_MEMBER):
        return signed_in_client(user)
    return token_client(user)


def test_public_listing_needs_no_credentials_and_filters(world):
    make_group(world, name="Thursday veterans", audience="veterans")
    make_group(world, name="Grupo", language="es", format="online")
    make_group(world, name="Hidden", is_public=False)
    body = Client().get(f"{BASE}/public").json()
    assert body["count"] == 2
    assert {g["name"] for g in body["results"]} == {"Thursday veterans", "Grupo"}
    assert (
        Client().get(f"{BASE}/public", {"language": "es"}).json()["results"][0]["name"] == "Grupo"
    )
    first = body["results"][0]
    assert set(first) >= {"id", "next_start", "places_left", "audience", "format"}
    assert Client().get(f"{BASE}/public", {"day": "9"}).status_code == 422
    assert Client().get(f"{BASE}/public", {"audience": "aliens"}).status_code == 422


def test_public_group_and_404_for_a_private_one(world):
    group = make_group(world)
    hidden = make_group(world, is_public=False)
    assert Client().get(f"{BASE}/public/{group.public_id}").json()["name"] == group.name
    assert Client().get(f"{BASE}/public/{hidden.public_id}").status_code == 404


def test_join_over_the_api_fills_then_waitlists(world):
    group = make_group(world, capacity=1)
    first = api_client(world.users[Role.PARTICIPANT]).post(
        f"{BASE}/public/{group.public_id}/join", {"reminder_channel": "sms"}, "application/json"
    )
    assert first.status_code == 201 and first.json()["status"] == "registered"
    second = api_client(world.users[Role.COMMUNITY_MEMBER]).post(
        f"{BASE}/public/{group.public_id}/join", {}, "application/json"
    )
    assert second.json()["status"] == "waitlisted"
    mine = api_client(world.users[Role.PARTICIPANT]).get(f"{BASE}/mine").json()
    assert [r["group_name"] for r in mine] == [group.name]
    bad = api_client(world.users[Role.PARTICIPANT]).post(
        f"{BASE}/public/{group.public_id}/join", {"reminder_channel": "pigeon"}, "application/json"
    )
    assert bad.status_code == 422
    assert Registration.objects.count() == 2


MATRIX = {
    "public": row(200, 200, 200, 200, 200, 200, 200, 200),
    "mine": row(401, 200, 200, 403, 403, 403, 403, 403),
    "join": row(401, 201, 201, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_api_permission_matrix(world, operation):
    group = make_group(world)
    for role in ROLES:
        client = Client() if role == ANON else api_client(world.users[role])
        if operation == "public":
            response = client.get(f"{BASE}/public")
        elif operation == "mine":
            response = client.get(f"{BASE}/mine")
        else:
            response = client.post(f"{BASE}/public/{group.public_id}/join", {}, "application/json")
        assert response.status_code == MATRIX[operation][role], (operation, role)
