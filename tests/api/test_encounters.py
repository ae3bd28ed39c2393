"""The session and note endpoints: same scopes, permissions, services and audit as the
session pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent, Channel
from hearth.core.policy import Role
from hearth.encounters.models import Encounter, NoteAddendum, NoteStatus, ProgressNote
from tests.api.test_auth import csrf_client_for
from tests.encounters.factories import (
    EncounterFactory,
    InterventionFactory,
    PayerFactory,
    complete_note,
    goal_for,
    signed_encounter,
)

LIST = "/api/v1/encounters"
NO_CASEWORK = [Role.CLINICIAN, Role.PARTICIPANT, Role.COMMUNITY_MEMBER]


def url(encounter, tail: str = "") -> str:
    return f"{LIST}/{encounter.public_id}{tail}"


def draft(world, participant=None, **fields) -> Encounter:
    """A draft session the specialist held with ``world.mine`` two hours ago."""
    return EncounterFactory(
        participant=participant or world.mine, peer=world.users[Role.PEER_SPECIALIST], **fields
    )


def signed(world, **fields) -> Encounter:
    return signed_encounter(
        participant=world.mine, peer=world.users[Role.PEER_SPECIALIST], **fields
    )


def events(**filters):
    return AuditEvent.objects.filter(object_type="encounter", **filters)


def session_payload(world, **overrides) -> dict:
    end = timezone.now() - timedelta(minutes=10)
    payload = {
        "participant": str(world.mine.public_id),
        "kind": "session",
        "mode": "phone",
        "place_of_service": "02",
        "starts_at": (end - timedelta(minutes=30)).isoformat(),
        "ends_at": end.isoformat(),
        "summary": "Talked about the housing application.",
    }
    return {**payload, **overrides}


# --- list ------------------------------------------------------------------------------------


def test_list_returns_only_sessions_in_scope(world, api_for):
    mine = draft(world)
    EncounterFactory(participant=world.stranger_case)
    EncounterFactory(participant=world.other_org_case)

    body = api_for(world.users[Role.PEER_SPECIALIST]).get(LIST).json()

    assert [row["public_id"] for row in body["items"]] == [str(mine.public_id)]
    assert body["items"][0]["participant"] == str(world.mine.public_id)
    assert body["items"][0]["note_status"] == "draft"


def test_list_filters_by_participant_and_time(world, api_for):
    now = timezone.now()
    old = draft(world, starts_at=now - timedelta(days=10))
    recent = draft(world)
    draft(world, participant=world.own_record)
    client = api_for(world.users[Role.PEER_SPECIALIST])

    by_person = client.get(LIST, {"participant": str(world.mine.public_id)}).json()
    since = client.get(LIST, {"since": (now - timedelta(days=1)).isoformat()}).json()
    until = client.get(LIST, {"until": (now - timedelta(days=5)).isoformat()}).json()

    assert {row["public_id"] for row in by_person["items"]} == {
        str(old.public_id),
        str(recent.public_id),
    }
    assert since["count"] == 2
    assert [row["public_id"] for row in until["items"]] == [str(old.public_id)]


def test_list_refuses_a_naive_datetime(world, api_for):
    response = api_for(world.users[Role.ORG_ADMIN]).get(LIST, {"since": "2026-01-01T10:00:00"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]


def test_list_writes_one_list_event_with_api_channel(world, api_for):
    draft(world)
    before = events(action=Action.LIST).count()

    api_for(world.users[Role.ORG_ADMIN]).get(LIST)

    assert events(action=Action.LIST).count() == before + 1
    event = events(action=Action.LIST).last()
    assert (event.channel, event.detail) == (Channel.API, "rows=1")


def test_list_query_count_stays_flat_as_rows_grow(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])
    draft(world)
    client.get(LIST)  # token's last-used stamp, written once a minute at most

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(8):
        draft(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert response.json()["count"] == 9
    assert len(many) == len(few)


@pytest.mark.parametrize("role", NO_CASEWORK)
def test_list_is_forbidden_to_roles_without_encounter_view(world, client_for, role):
    assert client_for(world.users[role]).get(LIST).status_code == 403


# --- detail ----------------------------------------------------------------------------------


def test_detail_returns_session_note_and_addenda(world, api_for):
    encounter = signed(world)
    NoteAddendum.objects.create(
        note=encounter.note,
        text="Also: she has a new number.",
        author=world.users[Role.PEER_SPECIALIST],
        signed_at=timezone.now(),
    )

    body = api_for(world.users[Role.PEER_SUPERVISOR]).get(url(encounter)).json()

    assert body["public_id"] == str(encounter.public_id)
    assert body["peer"]["public_id"] == str(world.users[Role.PEER_SPECIALIST].public_id)
    assert body["note"]["status"] == "signed"
    assert body["note"]["participant_response"] == "I feel better having a plan."
    assert len(body["note"]["goals_addressed"]) == 1
    assert body["note"]["addenda"][0]["text"] == "Also: she has a new number."
    assert "id" not in body and "pk" not in body


def test_detail_writes_exactly_one_view_event(world, api_for):
    encounter = draft(world)
    client = api_for(world.users[Role.PEER_SPECIALIST])

    client.get(url(encounter))

    viewed = events(action=Action.VIEW, object_id=str(encounter.public_id))
    assert viewed.count() == 1
    assert viewed.get().channel == Channel.API


def test_detail_outsider_gets_404_and_writes_no_view_event(world, api_for):
    hidden = EncounterFactory(participant=world.stranger_case)

    response = api_for(world.users[Role.PEER_SPECIALIST]).get(url(hidden))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not events(action=Action.VIEW, object_id=str(hidden.public_id)).exists()


def test_detail_other_organisation_gets_404_even_for_admin(world, api_for):
    elsewhere = EncounterFactory(participant=world.other_org_case)

    response = api_for(world.users[Role.ORG_ADMIN]).get(url(elsewhere))

    assert response.status_code == 404


def test_detail_missing_and_malformed_ids(world, api_for):
    client = api_for(world.users[Role.ORG_ADMIN])

    assert client.get(f"{LIST}/{uuid.uuid4()}").status_code == 404
    assert client.get(f"{LIST}/42").status_code == 422


@pytest.mark.parametrize("role", NO_CASEWORK)
def test_detail_is_forbidden_to_roles_without_encounter_view(world, client_for, role):
    assert client_for(world.users[role]).get(url(draft(world))).status_code == 403


# --- create ----------------------------------------------------------------------------------


def test_create_logs_session_with_draft_note_and_computed_units(world, api_for):
    payer = PayerFactory(organisation=world.org)
    goal = goal_for(world.mine)
    intervention = InterventionFactory(organisation=world.org)
    payload = session_payload(
        world,
        payer=str(payer.public_id),
        goals_addressed=[goal.pk],
        interventions=[str(intervention.public_id)],
    )

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        LIST, payload, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["minutes"], body["units"], body["overlaps"]) == (30, 2, [])
    assert body["note"]["status"] == "draft"
    assert body["note"]["goals_addressed"] == [goal.pk]
    assert body["note"]["interventions"] == [str(intervention.public_id)]
    encounter = Encounter.objects.get(public_id=body["public_id"])
    assert encounter.peer == world.users[Role.PEER_SPECIALIST]
    assert encounter.note.summary == "Talked about the housing application."
    created = events(action=Action.CREATE, object_id=str(encounter.public_id)).get()
    assert created.channel == Channel.API


def test_create_flags_an_overlapping_session(world, api_for):
    existing = draft(world)
    payload = session_payload(
        world,
        starts_at=(existing.starts_at + timedelta(minutes=10)).isoformat(),
        ends_at=(existing.ends_at + timedelta(minutes=10)).isoformat(),
    )

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        LIST, payload, content_type="application/json"
    )

    assert response.status_code == 201
    assert [o["kind"] for o in response.json()["overlaps"]] == ["session"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "2026-01-01T10:00:00"}, "starts_at"),
        ({"kind": "group"}, "kind"),
        ({"goals_addressed": [999_999]}, "goals_addressed"),
        ({"interventions": [str(uuid.uuid4())]}, "interventions"),
        ({"payer": str(uuid.uuid4())}, "payer"),
        ({"programme": str(uuid.uuid4())}, "programme"),
        ({"summary": "nul\x00"}, "summary"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_create_rejects_bad_input_with_field_errors(world, api_for, change, field):
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        LIST, session_payload(world, **change), content_type="application/json"
    )

    assert response.status_code == 422, response.content
    assert field in response.json()["detail"][0]["loc"]
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (timedelta(hours=-2), timedelta(hours=-3), "ends_at"),  # ends before it starts
        (timedelta(hours=-10), timedelta(hours=-1), "ends_at"),  # over 8 hours
        (timedelta(hours=1), timedelta(hours=2), "starts_at"),  # in the future
    ],
)
def test_create_refuses_impossible_times(world, api_for, starts, ends, field):
    now = timezone.now()
    payload = session_payload(
        world, starts_at=(now + starts).isoformat(), ends_at=(now + ends).isoformat()
    )

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        LIST, payload, content_type="application/json"
    )

    assert response.status_code == 422
    assert ["body", "payload", field] in [e["loc"] for e in response.json()["detail"]]


def test_create_goal_of_another_participant_is_refused(world, api_for):
    other_goal = goal_for(world.stranger_case)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        LIST, session_payload(world, goals_addressed=[other_goal.pk]), "application/json"
    )

    assert response.status_code == 422


def test_create_for_participant_outside_scope_is_404(world, api_for):
    for hidden in (world.stranger_case, world.other_org_case):
        payload = session_payload(world, participant=str(hidden.public_id))

        response = api_for(world.users[Role.PEER_SPECIALIST]).post(
            LIST, payload, content_type="application/json"
        )

        assert response.status_code == 404
    assert not Encounter.objects.exists()


@pytest.mark.parametrize("role", [*NO_CASEWORK, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN])
def test_create_is_forbidden_to_roles_that_do_not_hold_sessions(world, client_for, role):
    response = client_for(world.users[role]).post(
        LIST, session_payload(world), content_type="application/json"
    )

    assert response.status_code == 403


def test_create_by_session_needs_csrf_token(world):
    client = csrf_client_for(world.users[Role.PEER_SPECIALIST])

    response = client.post(LIST, session_payload(world), content_type="application/json")

    assert response.status_code == 403
    assert not Encounter.objects.exists()


# --- update ----------------------------------------------------------------------------------


def test_update_changes_times_and_recomputes_units(world, api_for):
    payer = PayerFactory(organisation=world.org)
    encounter = draft(world, payer=payer)
    payload = {
        "version": encounter.version,
        "ends_at": (encounter.starts_at + timedelta(minutes=60)).isoformat(),
    }

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        url(encounter), payload, "application/json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["minutes"], response.json()["units"]) == (60, 4)
    assert response.json()["version"] == encounter.version + 1


def test_update_changes_the_draft_note_with_note_version(world, api_for):
    encounter = draft(world)
    goal = goal_for(world.mine)
    client = api_for(world.users[Role.PEER_SPECIALIST])

    missing = client.patch(
        url(encounter), {"version": 1, "next_steps": "Call Monday."}, "application/json"
    )
    response = client.patch(
        url(encounter),
        {
            "version": 1,
            "note_version": 1,
            "next_steps": "Call Monday.",
            "goals_addressed": [goal.pk],
        },
        "application/json",
    )

    assert missing.status_code == 422
    assert response.status_code == 200, response.content
    note = ProgressNote.objects.get(encounter=encounter)
    assert note.next_steps == "Call Monday."
    assert list(note.goals_addressed.all()) == [goal]


def test_update_with_stale_version_is_409_and_changes_nothing(world, api_for):
    encounter = draft(world, location_note="Library")
    Encounter.objects.filter(pk=encounter.pk).update(version=3)

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        url(encounter), {"version": 1, "location_note": "Cafe"}, "application/json"
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 3
    assert response.json()["current_note_version"] == 1
    encounter.refresh_from_db()
    assert (encounter.location_note, encounter.version) == ("Library", 3)


def test_update_with_stale_note_version_is_409_and_changes_nothing(world, api_for):
    encounter = draft(world, location_note="Library")
    ProgressNote.objects.filter(encounter=encounter).update(version=2)

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        url(encounter),
        {"version": 1, "note_version": 1, "location_note": "Cafe", "summary": "Changed"},
        "application/json",
    )

    assert response.status_code == 409
    encounter.refresh_from_db()
    assert (encounter.location_note, encounter.note.summary) == ("Library", "")


def test_update_of_a_signed_note_is_refused_with_addendum_offered(world, api_for):
    encounter = signed(world)

    response = api_for(world.users[Role.PEER_SPECIALIST]).patch(
        url(encounter), {"version": 1, "location_note": "Cafe"}, "application/json"
    )

    assert response.status_code == 422
    assert "addendum" in response.json()["detail"][0]["msg"]
    encounter.refresh_from_db()
    assert encounter.location_note == ""


def test_update_by_the_supervisor_is_forbidden(world, api_for):
    encounter = draft(world)

    response = api_for(world.users[Role.PEER_SUPERVISOR]).patch(
        url(encounter), {"version": 1, "location_note": "Cafe"}, "application/json"
    )

    assert response.status_code == 403


def test_update_outsider_and_other_organisation_get_404(world, api_for):
    client = api_for(world.users[Role.PEER_SPECIALIST])
    for participant in (world.stranger_case, world.other_org_case):
        hidden = EncounterFactory(participant=participant)

        response = client.patch(url(hidden), {"version": 1, "mode": "phone"}, "application/json")

        assert response.status_code == 404


def test_update_requires_version_and_refuses_naive_times(world, api_for):
    encounter = draft(world)
    client = api_for(world.users[Role.PEER_SPECIALIST])

    no_version = client.patch(url(encounter), {"mode": "phone"}, "application/json")
    naive = client.patch(
        url(encounter), {"version": 1, "ends_at": "2026-01-01T10:00:00"}, "application/json"
    )

    assert no_version.status_code == naive.status_code == 422


def test_update_by_session_needs_csrf_token(world):
    encounter = draft(world)
    client = csrf_client_for(world.users[Role.PEER_SPECIALIST])

    response = client.patch(url(encounter), {"version": 1, "mode": "phone"}, "application/json")

    assert response.status_code == 403
    encounter.refresh_from_db()
    assert encounter.version == 1


# --- sign ------------------------------------------------------------------------------------


def test_sign_locks_the_note(world, api_for):
    encounter = draft(world)
    complete_note(encounter)
    version = ProgressNote.objects.get(encounter=encounter).version

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(encounter, "/note/sign"), {"version": version}, "application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["note"]["status"] == "signed"
    status = AuditEvent.objects.get(
        object_type="note", action=Action.STATUS, object_id=str(encounter.public_id)
    )
    assert (status.channel, status.detail) == (Channel.API, "signed")


def test_sign_an_incomplete_note_gives_field_errors(world, api_for):
    encounter = draft(world)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(encounter, "/note/sign"), {"version": 1}, "application/json"
    )

    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert {"interventions", "participant_response", "next_steps", "goals_addressed"} <= fields
    assert ProgressNote.objects.get(encounter=encounter).status == NoteStatus.DRAFT


def test_sign_with_stale_version_is_409(world, api_for):
    encounter = draft(world)
    complete_note(encounter)
    ProgressNote.objects.filter(encounter=encounter).update(version=2)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(encounter, "/note/sign"), {"version": 1}, "application/json"
    )

    assert response.status_code == 409
    assert response.json()["current_note_version"] == 2
    assert ProgressNote.objects.get(encounter=encounter).status == NoteStatus.DRAFT


def test_sign_by_someone_else_is_forbidden(world, api_for):
    encounter = draft(world)
    complete_note(encounter)

    response = api_for(world.users[Role.PEER_SUPERVISOR]).post(
        url(encounter, "/note/sign"), {"version": 1}, "application/json"
    )

    assert response.status_code == 403


# --- co-sign ---------------------------------------------------------------------------------


def test_cosign_by_the_supervisor(world, api_for):
    encounter = signed(world, cosign_required=True)

    response = api_for(world.users[Role.PEER_SUPERVISOR]).post(url(encounter, "/note/cosign"))

    assert response.status_code == 200, response.content
    note = response.json()["note"]
    assert note["status"] == "cosigned"
    assert note["cosigned_by"]["public_id"] == str(world.users[Role.PEER_SUPERVISOR].public_id)


def test_cosign_own_note_is_refused_with_a_clear_message(world, api_for):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    own = signed_encounter(participant=world.mine, peer=supervisor)

    response = api_for(supervisor).post(url(own, "/note/cosign"))

    assert response.status_code == 422
    assert "own note" in response.json()["detail"][0]["msg"]
    assert ProgressNote.objects.get(encounter=own).status == NoteStatus.SIGNED


def test_cosign_a_draft_is_refused(world, api_for):
    response = api_for(world.users[Role.PEER_SUPERVISOR]).post(url(draft(world), "/note/cosign"))

    assert response.status_code == 422


@pytest.mark.parametrize(
    "role", [*NO_CASEWORK, Role.PEER_SPECIALIST, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN]
)
def test_cosign_is_forbidden_to_roles_that_do_not_supervise(world, client_for, role):
    response = client_for(world.users[role]).post(url(signed(world), "/note/cosign"))

    assert response.status_code == 403


def test_cosign_by_session_needs_csrf_token(world):
    encounter = signed(world)

    response = csrf_client_for(world.users[Role.PEER_SUPERVISOR]).post(
        url(encounter, "/note/cosign")
    )

    assert response.status_code == 403
    assert ProgressNote.objects.get(encounter=encounter).status == NoteStatus.SIGNED


# --- addenda ---------------------------------------------------------------------------------


def test_addendum_is_added_to_a_signed_note(world, api_for):
    encounter = signed(world)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(encounter, "/note/addenda"), {"text": "Correction: 40 minutes."}, "application/json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Correction: 40 minutes."
    note = ProgressNote.objects.get(encounter=encounter)
    assert note.participant_response == "I feel better having a plan."
    assert note.addenda.count() == 1


def test_addendum_on_a_draft_is_refused(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(draft(world), "/note/addenda"), {"text": "Too early."}, "application/json"
    )

    assert response.status_code == 422


def test_addendum_needs_text(world, api_for):
    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(signed(world), "/note/addenda"), {"text": "   "}, "application/json"
    )

    assert response.status_code == 422


def test_addendum_outsider_gets_404(world, api_for):
    hidden = signed_encounter(participant=world.stranger_case)

    response = api_for(world.users[Role.PEER_SPECIALIST]).post(
        url(hidden, "/note/addenda"), {"text": "Not mine."}, "application/json"
    )

    assert response.status_code == 404
    assert not NoteAddendum.objects.exists()
