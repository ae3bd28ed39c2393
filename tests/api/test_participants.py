"""The participant endpoints: same scopes, permissions, services and audit as the pages."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.audit.models import Action, AuditEvent, Channel
from hearth.core.policy import Role
from hearth.participants.models import Participant
from tests.factories import ParticipantFactory, ProgrammeFactory, assign

LIST = "/api/v1/participants"


def detail_url(participant) -> str:
    return f"{LIST}/{participant.public_id}"


def names(response) -> set[str]:
    return {row["name"] for row in response.json()["items"]}


def audit_events(**filters):
    return AuditEvent.objects.filter(object_type="participant", **filters)


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ORG_ADMIN, {"Maria Lopez", "Tom Reed", "Ana Cruz", "Sam Park", "Pat Own"}),
        (Role.PROGRAMME_MANAGER, {"Ana Cruz"}),
        (Role.PEER_SUPERVISOR, {"Tom Reed", "Maria Lopez", "Pat Own"}),
        (Role.PEER_SPECIALIST, {"Maria Lopez", "Pat Own"}),
    ],
)
def test_list_returns_only_the_roles_scope(world, api_for, role, expected):
    response = api_for(world.users[role]).get(LIST)

    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.PARTICIPANT, Role.COMMUNITY_MEMBER])
def test_list_is_forbidden_to_roles_without_casework(world, client_for, role):
    response = client_for(world.users[role]).get(LIST)

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}


def test_list_is_forbidden_to_clinician_with_token(world, api_for):
    response = api_for(world.users[Role.CLINICIAN]).get(LIST)

    assert response.status_code == 403


def test_list_filters_by_search_and_status(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])
    Participant.objects.filter(pk=world.stranger_case.pk).update(status="active")

    assert names(client.get(LIST, {"search": "lopez"})) == {"Maria Lopez"}
    assert names(client.get(LIST, {"status": "active"})) == {"Sam Park"}
    assert names(client.get(LIST, {"programme": str(world.programme.public_id)})) == {"Ana Cruz"}


def test_list_rejects_unknown_status(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(LIST, {"status": "cured"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


def test_list_rejects_nul_in_search(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(LIST, {"search": "a\x00b"})

    assert response.status_code == 422


def test_list_paginates(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])

    first = client.get(LIST, {"per_page": 2}).json()
    third = client.get(LIST, {"per_page": 2, "page": 3}).json()
    beyond = client.get(LIST, {"per_page": 2, "page": 99}).json()

    assert [r["name"] for r in first["items"]] == ["Ana Cruz", "Maria Lopez"]
    assert [r["name"] for r in third["items"]] == ["Tom Reed"]
    assert beyond["items"] == [] and beyond["count"] == 5


def test_list_refuses_more_than_100_per_page(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(LIST, {"per_page": 101})

    assert response.status_code == 422


def test_list_writes_one_list_event_with_api_channel(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])
    before = audit_events().count()

    client.get(LIST, {"search": "park"})

    assert audit_events().count() == before + 1
    event = audit_events().last()
    assert (event.action, event.channel, event.detail) == (Action.SEARCH, Channel.API, "rows=1")


def test_list_query_count_stays_flat_as_rows_grow(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])
    client.get(LIST)  # token's last-used stamp, written once a minute at most

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(10):
        participant = ParticipantFactory(organisation=world.org, name=f"Zed {i}")
        participant.programmes.add(world.programme)
        assign(participant, world.users[Role.PEER_SPECIALIST])
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(response.json()["items"]) == 15
    assert len(many) == len(few)


def test_list_never_exposes_internal_ids(world, api_for):
    body = api_for(world.users[Role.ORG_ADMIN]).get(LIST).json()

    row = next(r for r in body["items"] if r["name"] == "Maria Lopez")
    assert "id" not in row and "pk" not in row and "organisation" not in row
    assert row["public_id"] == str(world.mine.public_id)
    specialist = world.users[Role.PEER_SPECIALIST]
    assert row["care_team"] == [
        {
            "specialist": str(specialist.public_id),
            "display_name": specialist.display_name,
            "is_primary": True,
        }
    ]


# --- detail ---------------------------------------------------------------------------------


def test_detail_returns_the_record_for_the_specialist(world, api_for):
    world.mine.notes = "Likes morning calls"
    world.mine.save()
    world.mine.programmes.add(world.programme)

    response = api_for(world.users[Role.PEER_SPECIALIST]).get(detail_url(world.mine))

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Maria Lopez"
    assert body["notes"] == "Likes morning calls"
    assert body["programmes"] == [str(world.programme.public_id)]
    assert body["version"] == world.mine.version


def test_detail_outsider_gets_404(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).get(detail_url(world.stranger_case))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_detail_other_organisation_gets_404_even_for_admin(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(detail_url(world.other_org_case))

    assert response.status_code == 404


def test_detail_missing_and_hidden_read_the_same(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])

    hidden = client.get(detail_url(world.stranger_case))
    missing = client.get(f"{LIST}/{uuid.uuid4()}")

    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)


def test_detail_malformed_id_is_422(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(f"{LIST}/not-a-uuid")

    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.PARTICIPANT, Role.COMMUNITY_MEMBER])
def test_detail_is_forbidden_to_roles_without_casework(world, client_for, role):
    response = client_for(world.users[role]).get(detail_url(world.own_record))

    assert response.status_code == 403


def test_detail_writes_exactly_one_view_event(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])
    client.get(LIST)  # settle the token's last-used stamp
    before = AuditEvent.objects.count()

    client.get(detail_url(world.mine))

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("occurred_at", "pk").last()
    assert event.action == Action.VIEW
    assert event.channel == Channel.API
    assert event.object_id == str(world.mine.public_id)


def test_detail_of_hidden_record_writes_no_view_event(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])

    client.get(detail_url(world.stranger_case))

    assert not audit_events(action=Action.VIEW).exists()


# --- create ---------------------------------------------------------------------------------


def test_create_by_specialist_makes_them_primary(world, api_for):
    specialist = world.users[Role.PEER_SPECIALIST]

    response = api_for(specialist).post(
        LIST,
        {
            "name": "Dee Rivers",
            "pronouns": "she/her",
            "lived_experience": ["alcohol", "trauma", "alcohol"],
            "recovery_pathways": ["smart"],
            "may_text": "yes",
            "date_of_birth": "1990-04-01",
            "programmes": [str(world.programme.public_id)],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    created = Participant.objects.get(public_id=body["public_id"])
    assert created.organisation == world.org
    assert created.lived_experience == ["alcohol", "trauma"]
    assert body["care_team"][0]["specialist"] == str(specialist.public_id)
    assert body["programmes"] == [str(world.programme.public_id)]
    assert body["status"] == "referred" and body["version"] == 1
    event = audit_events(action=Action.CREATE).get()
    assert event.channel == Channel.API


def test_create_by_manager_outside_own_programmes_still_returns_the_record(world, api_for):
    response = api_for(world.users[Role.PROGRAMME_MANAGER]).post(
        LIST, {"name": "New Person"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["name"] == "New Person"


@pytest.mark.parametrize("role", [Role.CLINICIAN])
def test_create_is_forbidden_without_permission(world, api_for, role):
    response = api_for(world.users[role]).post(
        LIST, {"name": "Nobody"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Participant.objects.filter(name="Nobody").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Ok", "phone": "1" * 41}, "phone"),
        ({"name": "Ok", "lived_experience": ["astrology"]}, "lived_experience"),
        ({"name": "Ok", "recovery_pathways": ["magic"]}, "recovery_pathways"),
        ({"name": "Ok", "veteran_status": "maybe"}, "veteran_status"),
        ({"name": "Ok", "may_text": "perhaps"}, "may_text"),
        ({"name": "Ok", "date_of_birth": "yesterday"}, "date_of_birth"),
        ({"name": "Nul\x00byte"}, "name"),
        ({"name": "Ok", "status": "active"}, "status"),
        ({"name": "Ok", "programmes": ["nope"]}, "programmes"),
    ],
)
def test_create_rejects_bad_input_with_field_errors(world, api_for, payload, field):
    response = api_for(world.users[Role.ORG_ADMIN]).post(
        LIST, payload, content_type="application/json"
    )

    assert response.status_code == 422
    assert any(field in err["loc"] for err in response.json()["detail"])
    assert Participant.objects.count() == 6


def test_create_rejects_invalid_email_from_the_model(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).post(
        LIST, {"name": "Ok", "email": "not-an-email"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "email"]


def test_create_rejects_programme_of_another_organisation(world, api_for):
    theirs = ProgrammeFactory(organisation=world.other_org)

    response = api_for(world.users[Role.ORG_ADMIN]).post(
        LIST,
        {"name": "Ok", "programmes": [str(theirs.public_id)]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "programmes"]


def test_create_rejects_malformed_json(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).post(
        LIST, "{not json", content_type="application/json"
    )

    assert response.status_code == 400


def test_create_refuses_an_oversized_body_as_bad_request(world, api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = api_for(world.users[Role.ORG_ADMIN]).post(
        LIST, {"name": "Ok", "notes": "x" * 20_000}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


# --- update ---------------------------------------------------------------------------------


def test_update_changes_only_the_fields_sent(world, api_for):
    world.mine.pronouns = "she/her"
    world.mine.save()
    version = Participant.objects.get(pk=world.mine.pk).version

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        detail_url(world.mine),
        {"version": version, "preferred_name": "Mari", "notes": "Prefers text"},
        content_type="application/json",
    )

    assert response.status_code == 200
    world.mine.refresh_from_db()
    assert (world.mine.preferred_name, world.mine.notes) == ("Mari", "Prefers text")
    assert world.mine.pronouns == "she/her"
    assert world.mine.version == version + 1
    assert response.json()["version"] == version + 1
    event = audit_events(action=Action.UPDATE).get()
    assert (event.channel, event.detail) == (Channel.API, "notes,preferred_name")


def test_update_replaces_programmes_when_sent(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).patch(
        detail_url(world.stranger_case),
        {"version": world.stranger_case.version, "programmes": [str(world.programme.public_id)]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert list(world.stranger_case.programmes.all()) == [world.programme]


def test_update_can_clear_date_of_birth(world, api_for):
    Participant.objects.filter(pk=world.mine.pk).update(date_of_birth="1980-01-01")

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        detail_url(world.mine),
        {"version": world.mine.version, "date_of_birth": None},
        content_type="application/json",
    )

    assert response.status_code == 200
    world.mine.refresh_from_db()
    assert world.mine.date_of_birth is None


def test_update_with_stale_version_is_409_and_changes_nothing(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])
    start = world.mine.version
    first = client.patch(
        detail_url(world.mine),
        {"version": start, "pronouns": "they/them"},
        content_type="application/json",
    )
    assert first.status_code == 200

    stale = client.patch(
        detail_url(world.mine),
        {"version": start, "pronouns": "he/him", "programmes": [str(world.programme.public_id)]},
        content_type="application/json",
    )

    assert stale.status_code == 409
    assert stale.json() == {
        "detail": "The record was changed by someone else; nothing was saved.",
        "current_version": start + 1,
    }
    world.mine.refresh_from_db()
    assert world.mine.pronouns == "they/them"
    assert world.mine.version == start + 1
    assert not world.mine.programmes.exists()
    assert audit_events(action=Action.UPDATE).count() == 1


def test_update_requires_version(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        detail_url(world.mine), {"pronouns": "he/him"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "version"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": None},
        {"name": ""},
        {"emergency_contact_phone": "9" * 41},
        {"lived_experience": ["unknown"]},
        {"status": "discharged"},
        {"email": "nope"},
        {"notes": "nul\x00"},
        {"version": 2**40},
    ],
)
def test_update_rejects_bad_input_and_keeps_the_record(world, api_for, payload):
    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        detail_url(world.mine),
        {"version": world.mine.version, **payload},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"]
    world.mine.refresh_from_db()
    assert world.mine.name == "Maria Lopez"
    assert world.mine.version == 1


def test_update_outsider_gets_404(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        detail_url(world.teammate_case),
        {"version": 1, "name": "Hijacked"},
        content_type="application/json",
    )

    assert response.status_code == 404
    world.teammate_case.refresh_from_db()
    assert world.teammate_case.name == "Tom Reed"


def test_update_other_organisation_gets_404(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).patch(
        detail_url(world.other_org_case),
        {"version": 1, "name": "Hijacked"},
        content_type="application/json",
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.COMMUNITY_MEMBER])
def test_update_is_forbidden_to_roles_without_casework(world, client_for, role):
    response = client_for(world.users[role]).patch(
        detail_url(world.own_record),
        {"version": 1, "name": "Changed"},
        content_type="application/json",
    )

    assert response.status_code == 403
    world.own_record.refresh_from_db()
    assert world.own_record.name == "Pat Own"
