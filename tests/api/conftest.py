"""API fixtures: a test client that speaks for a user with a personal token."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.accounts.services import api_token_create


def token_client(user) -> Client:
    """A client that sends ``Authorization: Bearer …`` for ``user`` (and no session)."""
    _, key = api_token_create(actor=user, name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def api_for():
    return token_client
