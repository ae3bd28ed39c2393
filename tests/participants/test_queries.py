"""The participant list costs the same number of SQL queries at 3 rows as at 30.

Counts are taken on a second request (the first signs the session in, records the
session's activity and touches its last-seen time), and compared between two sizes
rather than pinned, so a new feature that adds a fixed query does not fail here — only
one that adds a query per row does.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.core.policy import Role
from tests.factories import ParticipantFactory, UserFactory, assign

ROLES = (Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.PROGRAMME_MANAGER, Role.ORG_ADMIN)


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def make_visible(world, role: str, n: int) -> None:
    """Add ``n`` participants that ``role`` sees, each with a care team of two and a
    programme, so per-row lookups (care team, specialist names) would show up as queries."""
    specialist = world.users[Role.PEER_SPECIALIST]
    second = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, with_totp=False)
    for participant in ParticipantFactory.create_batch(n, organisation=world.org):
        if role in (Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.ORG_ADMIN):
            assign(participant, specialist)
            assign(participant, second, primary=False)
        if role in (Role.PROGRAMME_MANAGER, Role.ORG_ADMIN):
            participant.programmes.add(world.programme)


def assert_flat(few: list[str], many: list[str]) -> None:
    extra = Counter(sql[:120] for sql in many) - Counter(sql[:120] for sql in few)
    assert len(few) == len(many), f"{len(few)} -> {len(many)} queries; grew: {dict(extra)}"


@pytest.mark.parametrize("role", ROLES)
def test_participant_list_queries_do_not_grow_with_rows(world, client_for, role):
    client = client_for(world.users[role])
    url = reverse("participants:list")
    client.get(url)
    make_visible(world, role, 3)
    few = queries_for(client, url)
    make_visible(world, role, 27)
    many = queries_for(client, url)
    assert_flat(few, many)
    assert len(many) > 0


def test_caseload_filter_queries_do_not_grow_with_caseload(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("participants:list") + "?mine=on"
    client.get(url)
    make_visible(world, Role.PEER_SPECIALIST, 3)
    few = queries_for(client, url)
    make_visible(world, Role.PEER_SPECIALIST, 27)
    many = queries_for(client, url)
    assert_flat(few, many)
    # 30 on the caseload: a full first page, the rest on page 2.
    assert "Page 1 of 2" in client.get(url).content.decode()


def test_participant_detail_queries_do_not_grow_with_care_team(world, client_for):
    client = client_for(world.users[Role.ORG_ADMIN])
    small, large = ParticipantFactory.create_batch(2, organisation=world.org)
    assign(small, world.users[Role.PEER_SPECIALIST])
    for _ in range(5):
        assign(large, UserFactory(organisation=world.org, with_totp=False), primary=False)
    large.programmes.add(world.programme)
    client.get(reverse("participants:detail", args=[small.public_id]))
    few = queries_for(client, reverse("participants:detail", args=[small.public_id]))
    many = queries_for(client, reverse("participants:detail", args=[large.public_id]))
    assert_flat(few, many)
