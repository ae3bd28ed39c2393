"""Every route × every role, generated from the URL conf.

A route that has no ``hearth_policy`` (no ``requires``/``signed_in``/``public`` decorator)
or no row in ``EXPECTED`` below fails ``test_every_route_has_a_policy_and_an_expectation``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from hearth.accounts.services import api_token_create
from hearth.core.policy import EXTERNALLY_GOVERNED_PREFIXES
from tests.conftest import signed_in_client
from tests.matrix import ANON, CL, CM, OA, PM, ROLES, SP, SU, P, row  # noqa: F401

# (method, kwargs-builder key, expected status per role). 302 for anonymous = sent to sign in.
# The participant used for record routes is ``world.mine``: on the specialist's caseload
# (so also the supervisor's team), not in the manager's programme (→ 404 for the manager).
EXPECTED = {
    "landing": ("get", None, row(200, 302, 302, 302, 302, 302, 302, 302)),
    "healthz": ("get", None, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "help": ("get", None, row(200, 200, 200, 200, 200, 200, 200, 200)),
    "set_language": ("post", None, row(302, 302, 302, 302, 302, 302, 302, 302)),
    "core:home": ("get", None, row(302, 302, 302, 302, 302, 302, 302, 302)),
    "core:staff_home": ("get", None, row(302, 403, 403, 200, 200, 200, 200, 200)),
    "core:community_home": ("get", None, row(302, 403, 200, 403, 403, 403, 403, 403)),
    "participants:list": ("get", None, row(302, 403, 403, 403, 200, 200, 200, 200)),
    "participants:create": ("get", None, row(302, 403, 403, 403, 200, 200, 200, 200)),
    "participants:detail": ("get", "participant", row(302, 403, 403, 403, 200, 200, 404, 200)),
    "participants:edit": ("get", "participant", row(302, 403, 403, 403, 200, 200, 404, 200)),
    "participants:status": ("post", "participant", row(302, 403, 403, 403, 400, 400, 404, 400)),
    "participants:assign": ("get", "participant", row(302, 403, 403, 403, 403, 200, 404, 200)),
    "participants:export": ("get", None, row(302, 403, 403, 403, 403, 403, 200, 200)),
    "participants_self:home": ("get", None, row(302, 200, 403, 403, 403, 403, 403, 403)),
    "participants_self:download": ("get", None, row(302, 200, 403, 403, 403, 403, 403, 403)),
    "accounts:users": ("get", None, row(302, 403, 403, 403, 403, 403, 403, 200)),
    "accounts:user_create": ("get", None, row(302, 403, 403, 403, 403, 403, 403, 200)),
    "accounts:user_edit": ("get", "user", row(302, 403, 403, 403, 403, 403, 403, 200)),
    "accounts:api_tokens": ("get", None, row(302, 403, 403, 200, 200, 200, 200, 200)),
    # The token belongs to the org admin: only they can revoke it; others get 404.
    "accounts:api_token_revoke": ("post", "token", row(302, 403, 403, 404, 404, 404, 404, 302)),
    "organisations:programmes": ("get", None, row(302, 403, 403, 403, 403, 403, 200, 200)),
    "organisations:programme_create": ("get", None, row(302, 403, 403, 403, 403, 403, 200, 200)),
    "organisations:programme_edit": (
        "get",
        "programme",
        row(302, 403, 403, 403, 403, 403, 200, 200),
    ),
    "audit:list": ("get", None, row(302, 403, 403, 403, 403, 403, 403, 200)),
    "audit:export": ("get", None, row(302, 403, 403, 403, 403, 403, 403, 200)),
}


def _app_rows() -> dict:
    """Rows contributed by each app's tests/<app>/matrix_rows.py and *_matrix_rows.py."""
    rows = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        package = importlib.import_module(f"tests.{module.name}")
        for sub in pkgutil.iter_modules(package.__path__):
            if sub.name != "matrix_rows" and not sub.name.endswith("_matrix_rows"):
                continue
            found = importlib.import_module(f"tests.{module.name}.{sub.name}")
            overlap = set(rows) & set(found.ROWS)
            assert not overlap, f"routes listed twice: {overlap}"
            rows.update(found.ROWS)
    return rows


EXPECTED.update(_app_rows())

# Library-governed routes we still pin down, so a settings change that opens them shows up.
EXPECTED_EXTERNAL = {
    "account_login": ("get", None, row(200, 302, 302, 302, 302, 302, 302, 302)),
    "account_change_password": ("get", None, row(302, 200, 200, 200, 200, 200, 200, 200)),
    "mfa_index": ("get", None, row(302, 200, 200, 200, 200, 200, 200, 200)),
    "usersessions_list": ("get", None, row(302, 200, 200, 200, 200, 200, 200, 200)),
    "admin:index": ("get", None, row(302, 302, 302, 302, 302, 302, 302, 302)),
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = (
                ":".join(filter(None, [namespace, pattern.namespace]))
                if pattern.namespace
                else namespace
            )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def test_every_route_has_a_policy_and_an_expectation():
    missing = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route.startswith(EXTERNALLY_GOVERNED_PREFIXES):
            continue
        if not hasattr(callback, "hearth_policy"):
            missing.append(f"{route} ({name}): view has no requires/signed_in/public decorator")
        elif name not in EXPECTED:
            missing.append(f"{route} ({name}): no row in the permission matrix")
    assert not missing, "Routes without a policy:\n" + "\n".join(missing)


def test_matrix_has_no_stale_rows():
    names = {name for _route, name, _cb in _walk(get_resolver().url_patterns)}
    assert set(EXPECTED) <= names
    assert set(EXPECTED_EXTERNAL) <= names


def _kwargs(world, key):
    if key is None:
        return {}
    if callable(key):
        return key(world)
    if key == "participant":
        return {"pk": world.mine.public_id}
    if key == "user":
        return {"pk": world.users[SP].public_id}
    if key == "programme":
        return {"pk": world.programme.public_id}
    if key == "token":
        token, _secret = api_token_create(actor=world.users[OA], name="matrix")
        return {"pk": token.pk}
    raise KeyError(key)


def _client(world, role) -> Client:
    return Client() if role == ANON else signed_in_client(world.users[role])


def _check(world, name, method, key, expected):
    kwargs = _kwargs(world, key)
    url = reverse(name, kwargs=kwargs)
    failures = []
    for role in ROLES:
        client = _client(world, role)
        if method == "get":
            response = client.get(url)
        else:
            data = {"language": "es", "next": "/"} if name == "set_language" else {}
            response = client.post(url, data)
        if response.status_code != expected[role]:
            failures.append(f"{role}: expected {expected[role]}, got {response.status_code}")
        if (
            role == ANON
            and expected[role] == 302
            and name not in ("set_language", "landing", "core:home")
        ):
            assert "/accounts/login/" in response["Location"] or name.startswith("admin:")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_route_outcome_for_every_role(world, name):
    method, key, expected = EXPECTED[name]
    _check(world, name, method, key, expected)


@pytest.mark.parametrize("name", sorted(EXPECTED_EXTERNAL))
def test_library_route_outcome_for_every_role(world, name):
    method, key, expected = EXPECTED_EXTERNAL[name]
    _check(world, name, method, key, expected)
