from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from hearth.accounts.middleware import LAST_SEEN_KEY
from hearth.accounts.models import User
from hearth.core.policy import Role
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def current_code() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def sign_in(client: Client, email: str, password: str = TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_staff_sign_in_requires_the_authenticator_code(world):
    client = Client()
    response = sign_in(client, "specialist@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: protected pages still send them to sign in.
    assert client.get(reverse("participants:list")).status_code == 302
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code() != "000000" else "111111"}
    )
    assert response.status_code == 200  # wrong code: form shown again with an error
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("participants:list")).status_code == 200


def test_staff_without_authenticator_must_set_one_up_first(world):
    user = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST, with_totp=False)
    client = Client()
    response = sign_in(client, user.email)
    assert response.status_code == 302
    for path in (reverse("core:staff_home"), reverse("participants:list")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself and the crisis resources stay reachable.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("help")).status_code == 200


def test_participants_and_community_members_are_not_forced_into_mfa(world):
    client = Client()
    response = sign_in(client, "member@example.org")
    assert response.status_code == 302
    assert client.get(reverse("core:community_home")).status_code == 200


def test_staff_cannot_remove_their_authenticator(world, client_for):
    user = world.users[Role.PEER_SPECIALIST]
    client = client_for(user)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_totp_secret_is_encrypted_at_rest(world):
    authenticator = Authenticator.objects.get(user=world.users[Role.PEER_SPECIALIST], type="totp")
    assert TEST_TOTP_SECRET not in str(authenticator.data)


def test_account_locks_after_repeated_failures(world):
    client = Client()
    for _ in range(5):
        response = sign_in(client, "member@example.org", "wrong password")
        assert response.status_code == 200
    # Now even the right password is refused for this account...
    response = sign_in(Client(), "member@example.org")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in response.wsgi_request.session
    # ...while other accounts are unaffected.
    other = Client()
    assert sign_in(other, "participant@example.org").status_code == 302


def test_password_hashing_uses_argon2(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("hash@example.org", "a sturdy passphrase 9")
    assert user.password.startswith("argon2")


def test_staff_session_ends_after_idle_timeout(world, client_for, settings):
    settings.HEARTH_STAFF_IDLE_MINUTES = 15
    client = client_for(world.users[Role.PEER_SPECIALIST])
    assert client.get(reverse("participants:list")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 16 * 60
    session.save()
    response = client.get(reverse("participants:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("participants:list")).status_code == 302


def test_active_staff_session_survives(world, client_for):
    client = client_for(world.users[Role.PEER_SPECIALIST])
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 14 * 60
    session.save()
    assert client.get(reverse("participants:list")).status_code == 200


def test_community_sign_up_is_pseudonymous_and_gets_least_privilege(world):
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a long enough passphrase 7",
            "password2": "a long enough passphrase 7",
            "display_name": "Morning Star",
            "organisation": world.org.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="newcomer@example.org")
    assert user.role == Role.COMMUNITY_MEMBER and user.display_name == "Morning Star"
    assert user.organisation == world.org
    assert client.get(reverse("participants:list")).status_code in (302, 403)


def test_sign_out_everywhere_ends_other_sessions(world):
    first, second = Client(), Client()
    for client in (first, second):
        sign_in(client, "member@example.org")
        assert client.get(reverse("core:community_home")).status_code == 200
    response = first.post(reverse("usersessions_list"), {"action": "logout"})
    assert response.status_code == 302
    assert second.get(reverse("core:community_home")).status_code == 302
