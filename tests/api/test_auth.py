"""API authentication: personal tokens, the browser session with CSRF, and the staff
two-step rule, all answered in JSON (never a redirect to a page)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client

from hearth.accounts.middleware import LAST_SEEN_KEY, MFA_OK_KEY
from hearth.accounts.models import ApiToken
from hearth.accounts.services import api_token_create, api_token_revoke
from hearth.core.policy import Role
from hearth.participants.models import Participant
from tests.factories import UserFactory

LIST = "/api/v1/participants"


def csrf_client_for(user) -> Client:
    """A signed-in browser-like client that enforces CSRF, as a real browser would meet it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    session = client.session
    session[MFA_OK_KEY] = True
    session.save()
    return client


def test_anonymous_gets_401_json(db):
    response = Client().get(LIST)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_write_gets_401_not_a_csrf_error(db):
    response = Client(enforce_csrf_checks=True).post(
        LIST, {"name": "X"}, content_type="application/json"
    )

    assert response.status_code == 401


def test_token_authenticates_and_stamps_last_use(world):
    admin = world.users[Role.ORG_ADMIN]
    token, key = api_token_create(actor=admin, name="script")

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(LIST)

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_unknown_token_gets_401(world):
    response = Client(headers={"Authorization": "Bearer hth_not-a-real-token"}).get(LIST)

    assert response.status_code == 401


def test_revoked_token_gets_401(world):
    admin = world.users[Role.ORG_ADMIN]
    token, key = api_token_create(actor=admin, name="old")
    api_token_revoke(actor=admin, token=token)

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(LIST)

    assert response.status_code == 401


def test_token_of_deactivated_user_gets_401(world):
    admin = world.users[Role.ORG_ADMIN]
    _, key = api_token_create(actor=admin, name="script")
    admin.is_active = False
    admin.save(update_fields=["is_active"])

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(LIST)

    assert response.status_code == 401


def test_token_writes_need_no_csrf_token(world):
    _, key = api_token_create(actor=world.users[Role.ORG_ADMIN], name="script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})

    response = client.post(LIST, {"name": "By Script"}, content_type="application/json")

    assert response.status_code == 201


def test_only_the_hash_of_a_token_is_stored(world):
    _, key = api_token_create(actor=world.users[Role.ORG_ADMIN], name="script")

    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).exists()


def test_session_reads_work_without_csrf_token(world):
    client = csrf_client_for(world.users[Role.ORG_ADMIN])

    assert client.get(LIST).status_code == 200


def test_session_write_without_csrf_token_is_refused(world):
    client = csrf_client_for(world.users[Role.ORG_ADMIN])

    response = client.post(LIST, {"name": "Forged"}, content_type="application/json")

    assert response.status_code == 403
    assert not Participant.objects.filter(name="Forged").exists()


def test_session_patch_without_csrf_token_is_refused(world):
    client = csrf_client_for(world.users[Role.ORG_ADMIN])

    response = client.patch(
        f"{LIST}/{world.mine.public_id}",
        {"version": 1, "name": "Forged"},
        content_type="application/json",
    )

    assert response.status_code == 403
    world.mine.refresh_from_db()
    assert world.mine.name == "Maria Lopez"


def test_session_write_with_csrf_token_is_accepted(world):
    client = csrf_client_for(world.users[Role.ORG_ADMIN])
    client.get("/api/docs")  # the docs page hands out the CSRF cookie, as Swagger UI uses it
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        LIST, {"name": "Genuine"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )

    assert response.status_code == 201


def test_staff_session_without_two_step_gets_401_json_not_a_redirect(world):
    specialist = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, with_totp=False)
    client = Client()
    client.force_login(specialist)

    response = client.get(LIST)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_staff_session_with_authenticator_is_let_through_on_first_api_call(world):
    """Signed in (with two-step), the first request is an API call: it is not refused."""
    client = Client()
    client.force_login(world.users[Role.ORG_ADMIN])

    assert client.get(LIST).status_code == 200


def test_staff_without_two_step_can_still_use_a_token_made_earlier(world):
    specialist = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, with_totp=False)
    _, key = api_token_create(actor=specialist, name="script")

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(LIST)

    assert response.status_code == 200


@pytest.mark.parametrize("path", [LIST, "/api/docs"])
def test_idle_staff_session_ends_with_401_json_on_the_api(world, client_for, settings, path):
    client = client_for(world.users[Role.ORG_ADMIN])
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.HEARTH_STAFF_IDLE_MINUTES * 60 - 5
    session.save()

    response = client.get(path)

    if path == LIST:
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
    else:  # the docs are public; the point is no redirect to a sign-in page
        assert response.status_code == 200
    assert "_auth_user_id" not in client.session
