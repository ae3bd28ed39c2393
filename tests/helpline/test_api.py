"""The warmline API: the queue carries no chat content and puts high risk first; shifts
with their statistics and gaps; supervisors schedule shifts, with field errors for bad
times; every operation × every role."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from hearth.audit.models import AuditEvent, Channel
from hearth.core.policy import Role
from hearth.helpline import services
from hearth.helpline.models import Shift
from tests.api.conftest import api_for  # noqa: F401 (fixture)
from tests.helpline.helpers import on_shift, open_line, waiting_chat
from tests.matrix import ANON, ROLES, row

pytestmark = pytest.mark.django_db
BASE = "/api/v1/helpline"

MATRIX = {
    "queue": row(401, 403, 403, 403, 200, 200, 403, 200),
    "shifts": row(401, 403, 403, 403, 403, 200, 200, 200),
    "schedule": row(401, 403, 403, 403, 403, 201, 403, 201),
}


def _shift_body(world, hours_from_now: int = 24) -> dict:
    start = timezone.now() + dt.timedelta(hours=hours_from_now)
    return {
        "peer": str(world.users[Role.PEER_SPECIALIST].public_id),
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=4)).isoformat(),
    }


def _call(client: Client, operation: str, world):
    if operation == "queue":
        return client.get(f"{BASE}/queue")
    if operation == "shifts":
        return client.get(f"{BASE}/shifts")
    return client.post(f"{BASE}/shifts", _shift_body(world), "application/json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, operation, role):
    open_line(world)
    client = Client() if role == ANON else client_for(world.users[role])
    response = _call(client, operation, world)
    assert response.status_code == MATRIX[operation][role], response.content


def test_queue_puts_high_risk_first_and_carries_no_words(world, api_for):  # noqa: F811
    routine, _ = waiting_chat(world, topic="lonely tonight")
    urgent, _ = waiting_chat(world, topic="")
    services.visitor_message_post(
        chat=urgent, body="I have the pills counted out, tonight is the night", deliver=False
    )
    services.visitor_message_post(chat=routine, body="my cat is sick", deliver=False)
    peer = world.users[Role.PEER_SPECIALIST]
    on_shift(peer)
    response = api_for(peer).get(f"{BASE}/queue")
    body = response.json()
    assert [w["public_id"] for w in body["waiting"]] == [
        str(urgent.public_id),
        str(routine.public_id),
    ]
    assert body["waiting"][0]["risk"] == "high"
    assert body["open_now"] and body["peers_on_shift"] == 1
    text = response.content.decode()
    for words in ("pills", "lonely", "cat"):
        assert words not in text


def test_shifts_report_statistics_gaps_and_are_audited(world, api_for):  # noqa: F811
    open_line(world)
    peer = world.users[Role.PEER_SPECIALIST]
    on_shift(peer, hours=2)
    chat, _ = waiting_chat(world)
    services.chat_pick_up(actor=peer, chat=chat)
    body = api_for(world.users[Role.PEER_SUPERVISOR]).get(f"{BASE}/shifts", {"days": 2}).json()
    assert [s["peer"] for s in body["on_now"]] == [str(peer.public_id)]
    assert body["past"][0]["chats"] == 1
    assert body["gaps"]  # open around the clock, covered for two hours only
    assert body["totals"]["chats"] == 1
    event = AuditEvent.objects.filter(object_type="helpline_shift").latest("pk")
    assert event.channel == Channel.API
    assert (
        api_for(world.users[Role.PEER_SUPERVISOR]).get(f"{BASE}/shifts", {"days": 99}).status_code
        == 422
    )


def test_scheduling_a_shift_refuses_bad_times_and_strangers(world, api_for):  # noqa: F811
    client = api_for(world.users[Role.PEER_SUPERVISOR])
    url = f"{BASE}/shifts"
    made = client.post(url, _shift_body(world), "application/json")
    assert made.status_code == 201 and Shift.objects.count() == 1
    backwards = {**_shift_body(world), "ends_at": timezone.now().isoformat()}
    refused = client.post(url, backwards, "application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "ends_at"
    naive = {**_shift_body(world), "starts_at": "2027-01-01T09:00:00"}
    assert client.post(url, naive, "application/json").json()["detail"][0]["loc"][-1] == "starts_at"
    for peer in (world.users[Role.PARTICIPANT], world.users[Role.PROGRAMME_MANAGER]):
        body = {**_shift_body(world), "peer": str(peer.public_id)}
        answer = client.post(url, json.dumps(body), "application/json")
        assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][-1] == "peer"
    assert client.post(url, {"nonsense": 1}, "application/json").status_code == 422
    assert Shift.objects.count() == 1
