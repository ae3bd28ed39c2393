"""The staff home costs the same number of SQL queries with 3 participants in view as with
30: caseload preview, referrals waiting, unassigned and new today all stay fixed-size. And a
signed-in request does not write the session-activity record every time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.core.policy import Role
from hearth.participants.models import Participant, ParticipantStatus
from tests.factories import ParticipantFactory, UserFactory, assign
from tests.participants.test_queries import assert_flat, queries_for

ROLES = (Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN)


def add_participants(world, n: int) -> None:
    """``n`` participants that fill every panel of the home page for every role: on the
    specialist's caseload (so the supervisor's team's too) and in the manager's programme;
    a third referred a week ago, a third with no care team, the rest new today."""
    specialist = world.users[Role.PEER_SPECIALIST]
    teammate = UserFactory(
        organisation=world.org,
        role=Role.PEER_SPECIALIST,
        supervisor=world.users[Role.PEER_SUPERVISOR],
        with_totp=False,
    )
    week_ago = timezone.now() - timedelta(days=7)
    for i, participant in enumerate(ParticipantFactory.create_batch(n, organisation=world.org)):
        participant.programmes.add(world.programme)
        if i % 3 == 0:
            Participant.objects.filter(pk=participant.pk).update(
                status=ParticipantStatus.REFERRED, created_at=week_ago
            )
        if i % 3 != 2:
            assign(participant, specialist)
            assign(participant, teammate, primary=False)


@pytest.mark.parametrize("role", ROLES)
def test_staff_home_queries_do_not_grow_with_participants(world, client_for, role):
    client = client_for(world.users[role])
    url = reverse("core:staff_home")
    client.get(url)
    add_participants(world, 3)
    few = queries_for(client, url)
    add_participants(world, 27)
    many = queries_for(client, url)
    assert_flat(few, many)


def test_session_activity_is_recorded_once_a_minute_not_on_every_request(world, client_for):
    from allauth.usersessions.models import UserSession

    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("core:staff_home")
    client.get(url)
    session = UserSession.objects.get(session_key=client.session.session_key)
    first_seen = session.last_seen_at
    quiet = queries_for(client, url)
    assert not [sql for sql in quiet if "usersessions_usersession" in sql]
    session.refresh_from_db()
    assert session.last_seen_at == first_seen


def test_session_activity_is_recorded_again_after_a_minute(world, client_for, monkeypatch):
    import time

    from allauth.usersessions.models import UserSession

    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("core:staff_home")
    client.get(url)
    first_seen = UserSession.objects.get(session_key=client.session.session_key).last_seen_at
    later = time.time() + 61
    monkeypatch.setattr("hearth.accounts.middleware.time.time", lambda: later)
    client.get(url)
    session = UserSession.objects.get(session_key=client.session.session_key)
    assert session.last_seen_at > first_seen


def test_session_activity_from_a_new_address_is_recorded_at_once(world, client_for):
    from allauth.usersessions.models import UserSession

    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("core:staff_home")
    client.get(url)
    client.get(url, REMOTE_ADDR="203.0.113.9")
    session = UserSession.objects.get(session_key=client.session.session_key)
    assert session.ip == "203.0.113.9"
