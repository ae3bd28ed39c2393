"""Every API operation × every role, pinned. /api/ is left out of the page matrix
(tests/core/test_permission_matrix.py) because its answers are JSON statuses, not redirects:
401 without credentials, 403 for a role without the permission, 404 outside the scope.

The record used is ``world.mine``: on the specialist's caseload (so also on the supervisor's
team), in no programme of the manager's (so 404 for them), in the admin's organisation."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.matrix import ANON, ROLES, row

LIST = "/api/v1/participants"

MATRIX = {
    "list": row(401, 403, 403, 403, 200, 200, 200, 200),
    "detail": row(401, 403, 403, 403, 200, 200, 404, 200),
    "create": row(401, 403, 403, 403, 201, 201, 201, 201),
    "update": row(401, 403, 403, 403, 200, 200, 404, 200),
}


def call(client: Client, operation: str, world):
    record = f"{LIST}/{world.mine.public_id}"
    if operation == "list":
        return client.get(LIST)
    if operation == "detail":
        return client.get(record)
    if operation == "create":
        return client.post(LIST, {"name": "Matrix"}, content_type="application/json")
    return client.patch(
        record, {"version": world.mine.version, "pronouns": "they/them"}, "application/json"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(MATRIX))
def test_api_permission_matrix(world, client_for, operation, role):
    client = Client() if role == ANON else client_for(world.users[role])

    response = call(client, operation, world)

    assert response.status_code == MATRIX[operation][role], response.content
    assert response["Content-Type"].startswith("application/json")
