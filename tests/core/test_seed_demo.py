"""The demo loader and the demo two-step helper."""

from __future__ import annotations

import io
import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.core.management.demo_data import DEMO_PASSWORD, DEMO_TOTP_SECRET
from hearth.core.policy import STAFF_ROLES, Role, participant_scope
from hearth.organisations.models import LocalCrisisLine, Organisation, Programme
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus

pytestmark = pytest.mark.django_db

SPECIALIST = "specialist@riverbend.example"


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "programmes": Programme.objects.count(),
        "programme_managers": Programme.managers.through.objects.count(),
        "crisis_lines": LocalCrisisLine.objects.count(),
        "users": User.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "participants": Participant.objects.count(),
        "enrolments": Participant.programmes.through.objects.count(),
        "assignments": CaseAssignment.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def _wait_for_fresh_totp_window() -> None:
    """Codes change every 30 s; don't compute a code in one window and check it in the next."""
    if 30 - time.time() % 30 < 2:
        time.sleep(2.1)


@pytest.fixture
def seeded():
    _seed()


def test_seed_demo_twice_changes_nothing():
    _seed()
    first = _counts()
    _seed()
    assert _counts() == first
    assert first["organisations"] == 2
    assert Participant.objects.filter(organisation__slug="riverbend").count() >= 60
    assert first["audit_events"] == 0


def test_seed_demo_prints_every_login_and_how_to_get_the_code():
    output = _seed()
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    for user in User.objects.all():
        assert user.email in output
    assert f"demo_totp {SPECIALIST}" in output


def test_seed_demo_has_a_login_for_every_role(seeded):
    riverbend = User.objects.filter(organisation__slug="riverbend")
    for role in Role:
        user = riverbend.filter(role=role).first()
        assert user is not None, role
        assert user.check_password(DEMO_PASSWORD)
    participant = riverbend.get(role=Role.PARTICIPANT)
    assert participant.participant_record.organisation.slug == "riverbend"
    manager = riverbend.get(role=Role.PROGRAMME_MANAGER)
    assert manager.managed_programmes.count() == 2
    supervisor = riverbend.get(role=Role.PEER_SUPERVISOR)
    assert supervisor.supervisees.filter(role=Role.PEER_SPECIALIST).count() == 3
    specialists = riverbend.filter(role=Role.PEER_SPECIALIST)
    assert all(s.credential for s in specialists)
    assert specialists.filter(preferred_language="es").exists()


def test_seed_demo_staff_have_two_step_and_others_do_not(seeded):
    for user in User.objects.all():
        types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        if user.role in STAFF_ROLES:
            assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
        else:
            assert types == set()


def test_seed_demo_gives_the_home_page_work_to_show(seeded):
    riverbend = Participant.objects.filter(organisation__slug="riverbend")
    waited = timezone.now() - timedelta(days=3)
    assert riverbend.filter(status=ParticipantStatus.REFERRED, created_at__lt=waited).exists()
    open_teams = CaseAssignment.objects.filter(ended_at__isnull=True)
    unassigned = riverbend.exclude(status=ParticipantStatus.DISCHARGED).exclude(
        pk__in=open_teams.values("participant_id")
    )
    assert unassigned.exists()
    discharged = riverbend.filter(status=ParticipantStatus.DISCHARGED)
    assert discharged.exists()
    assert not discharged.filter(discharge_reason="").exists()


def test_seed_demo_keeps_organisations_apart(seeded):
    admin = User.objects.get(email="admin@riverbend.example")
    visible = Participant.objects.filter(participant_scope(admin))
    assert visible.count() == Participant.objects.filter(organisation__slug="riverbend").count()
    assert not visible.filter(organisation__slug="harbor").exists()


def test_seed_demo_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        _seed()
    assert not User.objects.exists()


def test_demo_totp_prints_a_code_allauth_accepts(seeded, settings):
    settings.DEBUG = True
    cache.clear()
    _wait_for_fresh_totp_window()
    out = io.StringIO()
    call_command("demo_totp", SPECIALIST, stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    authenticator = Authenticator.objects.get(user__email=SPECIALIST, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_demo_totp_refuses_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", SPECIALIST, stdout=io.StringIO())


def test_demo_totp_refuses_in_production_even_with_debug(seeded, settings):
    settings.DEBUG = True
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_totp", SPECIALIST, stdout=io.StringIO())


def test_demo_totp_unknown_account_is_an_error(seeded, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_totp", "nobody@riverbend.example", stdout=io.StringIO())


def test_demo_specialist_signs_in_with_password_and_demo_secret(seeded):
    cache.clear()
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": SPECIALIST, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    _wait_for_fresh_totp_window()
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 200
    assert "Marcus Bell" in response.content.decode()
