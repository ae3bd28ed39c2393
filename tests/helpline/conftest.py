"""Warmline test plumbing."""

from __future__ import annotations

import time

import pytest


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """Socket tests run consumers on event loops in other threads; asgiref keeps some of
    those threads, and their database connections, alive until the process ends. On
    PostgreSQL an open connection stops the test database from being dropped, so when the
    run is over (and before the database is dropped) the strays on it are closed."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            others = (
                " FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid)" + others)  # noqa: S608
                for _ in range(50):  # termination is asynchronous: wait until they are gone
                    cursor.execute("SELECT count(*)" + others)  # noqa: S608
                    if cursor.fetchone()[0] == 0:
                        break
                    time.sleep(0.1)
