from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hearth.core.logging import ScrubPersonalDataFilter, scrub
from hearth.core.policy import Role
from hearth.organisations.models import LocalCrisisLine

ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "path", ["/", "/help/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"]
)
def test_crisis_control_on_public_pages(db, path):
    body = Client().get(path).content.decode()
    assert "Get help now" in body
    assert 'href="tel:988"' in body and "741741" in body
    assert "press 3" not in body.lower()


def test_crisis_control_on_every_signed_in_home(world, client_for):
    LocalCrisisLine.objects.create(
        organisation=world.org, name="County Mobile Crisis", phone="555-0199"
    )
    for role, user in world.users.items():
        body = client_for(user).get(reverse("core:home"), follow=True).content.decode()
        assert "Get help now" in body, role
        assert "County Mobile Crisis" in body, role


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("core:home", "Home"),
        ("participants:list", "Participants"),
        ("caseload:team", "Supervision"),
        ("groups:manage", "Groups"),
        ("accounts:users", "People & roles"),
    ],
)
def test_the_menu_marks_the_page_you_are_on(world, client_for, url_name, current):
    body = client_for(world.users[Role.ORG_ADMIN]).get(reverse(url_name), follow=True)
    nav = body.content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in nav


def test_local_crisis_lines_do_not_leak_across_organisations(world, client_for):
    LocalCrisisLine.objects.create(
        organisation=world.other_org, name="Harbor Line", phone="555-0123"
    )
    body = (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(reverse("core:staff_home"))
        .content.decode()
    )
    assert "Harbor Line" not in body


def test_strict_content_security_policy_header(db):
    csp = Client().get("/").headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )


def test_language_choice_follows_the_person_to_a_new_device(world, client_for):
    user = world.users[Role.PEER_SPECIALIST]
    client = client_for(user)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/participants/"})
    assert response.status_code == 302 and response["Location"] == "/participants/"
    user.refresh_from_db()
    assert user.preferred_language == "es"
    fresh = client_for(user)
    body = fresh.get(reverse("participants:list")).content.decode()
    assert '<html lang="es">' in body


def test_set_language_ignores_unsafe_next_and_unknown_language(db):
    response = Client().post(
        reverse("set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_log_scrubbing_masks_emails_and_phones():
    assert scrub("login failed for maria@example.org from 555-201-3344") == (
        "login failed for [email] from [phone]"
    )
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "user %s", ("pat@example.org",), None
    )
    ScrubPersonalDataFilter().filter(record)
    assert record.getMessage() == "user [email]"


def test_deploy_check_is_clean_in_production_mode():
    env = {
        **os.environ,
        "HEARTH_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-9f8e7d6c5b4a",
        "HEARTH_FIELD_KEYS": "ZmFrZS1rZXktZm9yLWRlcGxveS1jaGVjay0wMTIzNDU2Nzg=",
        "ALLOWED_HOSTS": "hearth.example.org",
        "DATABASE_URL": "sqlite:////tmp/hearth-deploy-check.sqlite3",
    }
    for leaked in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by browser tests in this process
        env.pop(leaked, None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets():
    env = {**os.environ, "HEARTH_ENV": "production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_backoffice_has_the_crisis_link_and_no_participant_records(db):
    from hearth.accounts.models import User

    operator = User.objects.create_superuser("ops@example.org", "an operator passphrase 1")
    client = Client()
    client.force_login(operator)
    body = client.get("/backoffice/").content.decode()
    assert "Get help now" in body
    assert "/backoffice/participants/" not in body


def test_access_log_drops_query_strings():
    from hearth.core.logging import StripQueryStringFilter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/participants/?q=Maria+Lopez", "1.1", 200),
        None,
    )
    StripQueryStringFilter().filter(record)
    assert "Maria" not in record.getMessage() and "/participants/" in record.getMessage()
