"""The last-seat race with real threads and database connections: exactly one of the
people taking the last place gets it, the others go on the waitlist. Meaningful on
PostgreSQL (row locks, READ COMMITTED re-check of the conditional UPDATE); on SQLite the
database serialises writers, and the test still checks the outcome."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from hearth.core.policy import Role
from hearth.groups import services
from hearth.groups.models import Group, Registration, RegistrationStatus
from tests.factories import ParticipantFactory
from tests.groups.helpers import make_group

pytestmark = pytest.mark.django_db(transaction=True)


def _race(group, people, actor):
    barrier = threading.Barrier(len(people))
    outcomes, errors = [], []

    def take(person):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            registration = services.registration_create(
                actor=actor, group=Group.objects.get(pk=group.pk), participant=person
            )
            outcomes.append(registration.status)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes, errors


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite locks the whole database per writer"
)
def test_two_people_take_the_last_place_at_once_exactly_one_wins(world):
    admin = world.users[Role.ORG_ADMIN]
    group = make_group(world, capacity=3)
    for _ in range(2):
        services.registration_create(
            actor=admin, group=group, participant=ParticipantFactory(organisation=world.org)
        )
    racers = [ParticipantFactory(organisation=world.org) for _ in range(2)]
    outcomes, errors = _race(group, racers, admin)
    assert errors == []
    assert sorted(outcomes) == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    group.refresh_from_db()
    assert group.seats_taken == 3
    assert Registration.objects.filter(group=group, status="registered").count() == 3


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent writers")
def test_many_people_race_for_few_places(world):
    admin = world.users[Role.ORG_ADMIN]
    group = make_group(world, capacity=5)
    racers = [ParticipantFactory(organisation=world.org) for _ in range(12)]
    outcomes, errors = _race(group, racers, admin)
    assert errors == []
    assert outcomes.count(RegistrationStatus.REGISTERED) == 5
    assert outcomes.count(RegistrationStatus.WAITLISTED) == 7
    group.refresh_from_db()
    assert group.seats_taken == 5


def test_same_person_twice_at_once_gets_one_registration(world):
    admin = world.users[Role.ORG_ADMIN]
    group = make_group(world, capacity=5)
    person = ParticipantFactory(organisation=world.org)
    services.registration_create(actor=admin, group=group, participant=person)
    services.registration_create(actor=admin, group=group, participant=person)
    assert Registration.objects.filter(group=group, participant=person).count() == 1
