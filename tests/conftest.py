"""Shared fixtures: one organisation with one named user per role, a second organisation
for isolation tests, and participants placed so each role's scope is distinct."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db.backends.postgresql.creation import DatabaseCreation as PostgresCreation
from django.test import Client

from hearth.accounts.middleware import MFA_OK_KEY
from hearth.core.policy import Role
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
    assign,
)

os.environ.setdefault("HEARTH_TESTING", "1")
# Test modules are compiled once, not on every run (docs/decisions/0043-keep-bytecode.md).
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # The worker's own in-memory cache: nothing a previous test cached leaks into this one.
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Spanish leaves Spanish active in the worker's thread (LocaleMiddleware
    activates, nothing deactivates); the next test must not inherit it."""
    yield
    from django.utils import translation

    translation.deactivate()


@dataclass
class World:
    org: object
    other_org: object
    programme: object
    users: dict
    mine: object  # assigned to the specialist
    teammate_case: object  # assigned to a specialist on the supervisor's team
    in_programme: object  # only in the manager's programme, no care team
    stranger_case: object  # same org, nobody's caseload above
    other_org_case: object  # another organisation entirely
    own_record: object  # linked to the participant account


@pytest.fixture
def world(db) -> World:
    org = OrganisationFactory(name="Riverbend", slug="riverbend")
    other = OrganisationFactory(name="Harbor", slug="harbor")
    programme = ProgrammeFactory(organisation=org, name="Recovery Community Center")
    supervisor = UserFactory(
        organisation=org, role=Role.PEER_SUPERVISOR, email="supervisor@example.org"
    )
    users = {
        Role.ORG_ADMIN: UserFactory(
            organisation=org, role=Role.ORG_ADMIN, email="admin@example.org"
        ),
        Role.PROGRAMME_MANAGER: UserFactory(
            organisation=org, role=Role.PROGRAMME_MANAGER, email="manager@example.org"
        ),
        Role.PEER_SUPERVISOR: supervisor,
        Role.PEER_SPECIALIST: UserFactory(
            organisation=org,
            role=Role.PEER_SPECIALIST,
            supervisor=supervisor,
            email="specialist@example.org",
        ),
        Role.CLINICIAN: UserFactory(
            organisation=org, role=Role.CLINICIAN, email="clinician@example.org"
        ),
        Role.PARTICIPANT: UserFactory(
            organisation=org, role=Role.PARTICIPANT, email="participant@example.org"
        ),
        Role.COMMUNITY_MEMBER: UserFactory(
            organisation=org,
            role=Role.COMMUNITY_MEMBER,
            email="member@example.org",
            display_name="Sunny",
        ),
    }
    programme.managers.add(users[Role.PROGRAMME_MANAGER])
    teammate = UserFactory(
        organisation=org,
        role=Role.PEER_SPECIALIST,
        supervisor=supervisor,
        email="teammate@example.org",
    )
    mine = ParticipantFactory(organisation=org, name="Maria Lopez")
    assign(mine, users[Role.PEER_SPECIALIST])
    teammate_case = ParticipantFactory(organisation=org, name="Tom Reed")
    assign(teammate_case, teammate)
    in_programme = ParticipantFactory(organisation=org, name="Ana Cruz")
    in_programme.programmes.add(programme)
    stranger = ParticipantFactory(organisation=org, name="Sam Park")
    other_case = ParticipantFactory(organisation=other, name="Jo Other")
    own = ParticipantFactory(organisation=org, name="Pat Own", user=users[Role.PARTICIPANT])
    assign(own, users[Role.PEER_SPECIALIST])
    return World(
        org, other, programme, users, mine, teammate_case, in_programme, stranger, other_case, own
    )


def signed_in_client(user) -> Client:
    """A client signed in as ``user`` having passed two-step sign-in (for staff)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_OK_KEY] = True
    session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in_client


def _uses_real_transactions(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def _audit_trail_flushable_on_sqlite(request):
    """Transactional tests end with a flush. SQLite flushes with DELETE, which the audit
    table's append-only trigger refuses, so it is lifted for the clean-up only.
    (Browser tests have their own copy of this in tests/browser/conftest.py.)"""
    if not _uses_real_transactions(request) or "live_server" in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    import importlib

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("hearth.audit.migrations.0002_append_only_trigger")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE_DOWN:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditevent")
        for sql in migration.SQLITE_UP:
            cursor.execute(sql)


def _drop_test_database_even_if_in_use(self, test_database_name, verbosity):
    """Socket tests run consumers on event loops in other threads; asgiref keeps some of
    those threads, and their database connections, alive until the process ends. On
    PostgreSQL an open connection stops the test database from being dropped at the end of
    the run, so the drop ends them (PostgreSQL 13+: ``WITH (FORCE)``)."""
    with self._nodb_cursor() as cursor:
        name = self.connection.ops.quote_name(test_database_name)
        cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")


PostgresCreation._destroy_test_db = _drop_test_database_even_if_in_use
