"""Warmline test plumbing."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _close_stray_connections(request):
    """Socket tests run consumers on event loops in other threads, which open their own
    database connections; asgiref keeps some of those threads (and so their connections)
    alive after the test. On PostgreSQL a connection left open stops the test database
    from being dropped at the end of the run, so after a transactional test the others
    on this worker's test database are closed."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
