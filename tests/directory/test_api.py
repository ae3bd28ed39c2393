"""The directory API for staff: search that says why, a participant's saved list, and
suggesting corrections — every operation × every role, bad input, scope and audit."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.audit.models import AuditEvent, Channel
from hearth.core.policy import Role
from hearth.directory.models import ListingCorrection, SavedResource
from hearth.directory.search import reindex_services
from tests.api.conftest import api_for  # noqa: F401 (fixture)
from tests.directory.helpers import located, service, tag
from tests.matrix import ANON, ROLES, row

pytestmark = pytest.mark.django_db
BASE = "/api/v1/directory"

MATRIX = {
    "search": row(401, 403, 403, 403, 200, 200, 200, 200),
    "saved": row(401, 403, 403, 403, 200, 200, 404, 200),
    "save": row(401, 403, 403, 403, 201, 201, 404, 201),
    "remove": row(401, 403, 403, 403, 204, 204, 404, 204),
    "correct": row(401, 403, 403, 201, 201, 201, 201, 201),
}


@pytest.fixture
def shelter():
    s = service("shelter", name="Night shelter", description="A bed tonight, no cost")
    located(s, lat=39.95, lon=-75.16, postcode="19107")
    tag(s, "housing")
    reindex_services()
    return s


def _call(client: Client, operation: str, world, shelter):
    saved = f"{BASE}/participants/{world.mine.public_id}/saved"
    if operation == "search":
        return client.get(f"{BASE}/search", {"search": "somewhere to sleep"})
    if operation == "saved":
        return client.get(saved)
    if operation == "save":
        return client.post(
            saved, {"service": shelter.pk, "note": "Ask for Dee"}, "application/json"
        )
    if operation == "remove":
        item = SavedResource.objects.create(
            organisation=world.org, participant=world.mine, service=shelter
        )
        return client.delete(f"{saved}/{item.public_id}")
    return client.post(
        f"{BASE}/services/{shelter.pk}/corrections",
        {"field_name": "name", "proposed_value": "Night shelter (closed Sundays)"},
        "application/json",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, shelter, operation, role):
    client = Client() if role == ANON else client_for(world.users[role])
    response = _call(client, operation, world, shelter)
    assert response.status_code == MATRIX[operation][role], response.content


def test_search_finds_from_lay_words_and_says_why(world, api_for, shelter):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    body = client.get(f"{BASE}/search", {"search": "somewhere to sleep tonight"}).json()
    assert body["count"] >= 1
    first = body["items"][0]
    assert first["id"] == shelter.pk and first["name"] == "Night shelter"
    assert first["reasons"]  # plain words, e.g. "matches “sleep” → shelter"
    near = client.get(f"{BASE}/search", {"lat": 39.96, "lon": -75.16, "radius_km": 5}).json()
    assert near["items"][0]["distance_km"] == pytest.approx(1.1, abs=0.2)


@pytest.mark.parametrize(
    "params",
    [
        {"radius_km": 0, "lat": 39.9, "lon": -75.1},
        {"radius_km": -3},
        {"lat": 91},
        {"per_page": 100000},
        {"open_on": "someday"},
        {"search": "x" * 10_000},
    ],
)
def test_bad_search_input_is_422_with_the_field(world, api_for, shelter, params):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    response = client.get(f"{BASE}/search", params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_emoji_and_sql_looking_searches_answer_sensibly(world, api_for, shelter):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    for text in ("🙏🏽🛏️", "'; DROP TABLE directory_service; --", "   "):
        assert client.get(f"{BASE}/search", {"search": text}).status_code == 200


def test_saved_list_round_trip_is_audited_on_the_api_channel(world, api_for, shelter):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    url = f"{BASE}/participants/{world.mine.public_id}/saved"
    created = client.post(url, {"service": shelter.pk, "note": "Ask for Dee"}, "application/json")
    assert created.status_code == 201
    again = client.post(url, {"service": shelter.pk, "note": "Ask for Sam"}, "application/json")
    assert [(r["id"], r["note"]) for r in again.json()] == [(shelter.pk, "Ask for Sam")]
    listed = client.get(url).json()
    assert listed[0]["phone"] == "" and listed[0]["address"]
    assert client.delete(f"{url}/{listed[0]['item_id']}").status_code == 204
    assert client.get(url).json() == []
    events = AuditEvent.objects.filter(object_type="saved_resources")
    assert events.count() == 5  # two saves, two reads, one removal
    assert set(events.values_list("channel", flat=True)) == {Channel.API}
    assert not events.filter(detail__icontains="Dee").exists()


def test_saved_list_refuses_unknown_services_and_other_peoples_records(
    world,
    api_for,  # noqa: F811
    shelter,
):
    client = api_for(world.users[Role.PEER_SPECIALIST])
    mine = f"{BASE}/participants/{world.mine.public_id}/saved"
    unknown = client.post(mine, {"service": "no-such-service"}, "application/json")
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "service"
    assert (
        client.post(mine, {"service": shelter.pk, "extra": 1}, "application/json").status_code
        == 422
    )
    for person in (world.teammate_case, world.other_org_case):
        url = f"{BASE}/participants/{person.public_id}/saved"
        assert client.get(url).status_code == 404
        assert client.post(url, {"service": shelter.pk}, "application/json").status_code == 404
    theirs = SavedResource.objects.create(
        organisation=world.org, participant=world.teammate_case, service=shelter
    )
    assert client.delete(f"{mine}/{theirs.public_id}").status_code == 404
    assert SavedResource.objects.filter(pk=theirs.pk).exists()


def test_a_correction_names_what_is_wrong(world, api_for, shelter):  # noqa: F811
    client = api_for(world.users[Role.PEER_SPECIALIST])
    url = f"{BASE}/services/{shelter.pk}/corrections"
    wrong = client.post(url, {"field_name": "colour", "proposed_value": "Blue"}, "application/json")
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"][-1] == "field_name"
    made = client.post(
        url, {"field_name": "name", "proposed_value": "Night Shelter"}, "application/json"
    )
    assert made.status_code == 201
    assert made.json()["current_value"] == "Night shelter"
    assert ListingCorrection.objects.get().proposed_value == "Night Shelter"
    assert (
        client.post(
            f"{BASE}/services/nope/corrections",
            {"field_name": "name", "proposed_value": "x"},
            "application/json",
        ).status_code
        == 404
    )
