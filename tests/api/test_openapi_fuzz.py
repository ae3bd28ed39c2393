"""Property-based fuzzing of every API operation from its own OpenAPI schema: whatever is
sent, valid or not, the answer is never a server error.

The schema is loaded from the WSGI application in-process (no network). Requests run inside
the test's transaction, as the Django test client's do: Django's per-request connection
clean-up is switched off meanwhile, or it would close the connection mid-transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from hearth.accounts.services import api_token_create
from hearth.core.policy import Role
from tests.encounters.factories import EncounterFactory

# Loaded eagerly at collection (pytest-django has set Django up by then; fetching the schema
# touches no database). schemathesis' lazy ``from_fixture`` loader does not work with
# pytest 9 (it sets ``node._nodeid``, which pytest no longer has).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _requests_share_the_test_transaction() -> Iterator[None]:
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_key(world, role) -> str:
    _, key = api_token_create(actor=world.users[role], name="fuzz")
    return key


def _aim_at_a_real_record(case, world, role) -> None:
    """A random UUID is always a 404; point well-formed ids at a record the role can see so
    the update path is exercised too (malformed ids are left alone, to be refused): a
    participant, or a draft session the specialist held with ``world.mine``."""
    params = case.path_parameters or {}
    for name in ("public_id", "participant_id"):
        if name not in params:
            continue
        try:
            uuid.UUID(str(params[name]))
        except ValueError:
            continue
        if case.path.startswith("/api/v1/encounters/"):
            peer = world.users[Role.PEER_SPECIALIST]
            params[name] = str(EncounterFactory(participant=world.mine, peer=peer).public_id)
        elif role == Role.PEER_SPECIALIST:
            params[name] = str(world.mine.public_id)
        else:
            params[name] = str(world.stranger_case.public_id)


#: Session and plan writes the admin may not make: fuzzed as the specialist, who may.
_SPECIALIST_WRITES = (
    "[POST /api/v1/encounters]",
    "[PATCH /api/v1/encounters/{public_id}]",
    "[POST /api/v1/encounters/{public_id}/note/sign]",
    "[POST /api/v1/plans/{participant_id}/recovery/goals]",
    "[PATCH /api/v1/plans/{participant_id}/safety]",
)


@pytest.fixture(autouse=True)
def _one_role_per_operation(request, role) -> None:
    """Each operation is fuzzed once, as a role that gets past the permission check (to
    keep the run short): the specialist for the session and plan writes, else the admin."""
    specialist_write = any(op in request.node.name for op in _SPECIALIST_WRITES)
    if specialist_write != (role == Role.PEER_SPECIALIST):
        pytest.skip("fuzzed as the other role")


# The role is a pytest parameter (not only for the reader): with it, schemathesis 4.32 names
# each operation's test apart under pytest 9 (without, all four share one node id and
# pytest-xdist runs only one of them).
@pytest.mark.parametrize(
    "role", [Role.ORG_ADMIN, Role.PEER_SPECIALIST], ids=["as-org-admin", "as-peer-specialist"]
)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_with_a_server_error(case, world, token_key, role):
    _aim_at_a_real_record(case, world, role)

    response = case.call(headers={"Authorization": f"Bearer {token_key}"})

    case.validate_response(response, checks=[not_a_server_error])
