"""Capacity under concurrent approvals: two coordinators approve two different proposals
for a mentor with one place left, at the same moment. Exactly one wins.

Needs real concurrent transactions, so it runs on PostgreSQL only: SQLite has a single
writer (the second approval waits for the database lock, so there is no race to test)
and Django's SQLite test database is in memory, shared badly between threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hearth.core.policy import Role
from hearth.matching import services
from hearth.matching.models import MatchStatus
from tests.matching import helpers


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
def test_concurrent_approvals_never_exceed_the_mentors_capacity(world):
    profile = helpers.mentor(world, capacity=1)
    proposals = [
        helpers.proposal(world, item=helpers.waiting(world, participant), profile=profile)
        for participant in (world.mine, world.teammate_case, world.stranger_case)
    ]
    actors = [
        world.users[Role.ORG_ADMIN],
        world.users[Role.PEER_SUPERVISOR],
        world.users[Role.ORG_ADMIN],
    ]
    barrier = threading.Barrier(len(proposals))
    outcomes: list[str] = []

    def approve(match, actor):
        try:
            barrier.wait()
            services.match_approve(actor=actor, match=match)
            outcomes.append("approved")
        except services.CapacityError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(m, a))
        for m, a in zip(proposals, actors, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "full", "full"]
    assert profile.matches.filter(status=MatchStatus.OFFERED).count() == 1
