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


def _aim_at_a_real_record(case, world) -> None:
    """A random UUID is always a 404; point well-formed ids at a record the admin can see so
    the update path is exercised too (malformed ids are left alone, to be refused)."""
    params = case.path_parameters or {}
    if "public_id" in params:
        try:
            uuid.UUID(str(params["public_id"]))
        except ValueError:
            return
        params["public_id"] = str(world.stranger_case.public_id)


# The role is a pytest parameter (not only for the reader): with it, schemathesis 4.32 names
# each operation's test apart under pytest 9 (without, all four share one node id and
# pytest-xdist runs only one of them).
@pytest.mark.parametrize("role", [Role.ORG_ADMIN], ids=["as-org-admin"])
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_with_a_server_error(case, world, token_key, role):
    _aim_at_a_real_record(case, world)

    response = case.call(headers={"Authorization": f"Bearer {token_key}"})

    case.validate_response(response, checks=[not_a_server_error])
