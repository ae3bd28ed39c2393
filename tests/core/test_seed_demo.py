"""The demo loader and the demo two-step helper.

Loading the whole demo (plans and ~120 sessions, through the services) takes seconds, so
it is loaded once for this module inside a transaction that is rolled back at the end;
each test still runs in its own savepoint on top of it, as usual."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.models import AuditEvent
from hearth.core.management.demo_data import DEMO_PASSWORD, DEMO_TOTP_SECRET
from hearth.core.policy import STAFF_ROLES, Role, participant_scope
from hearth.encounters.billing import Reason, units_for
from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    NoteAddendum,
    NoteStatus,
    Payer,
    ProgressNote,
)
from hearth.organisations.models import LocalCrisisLine, Organisation, Programme
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus
from hearth.plans.models import PlanStatus, RecoveryPlan, SafetyPlan, WellnessPlan

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
        "payers": Payer.objects.count(),
        "recovery_plans": RecoveryPlan.objects.count(),
        "encounters": Encounter.objects.count(),
        "notes": ProgressNote.objects.count(),
        "addenda": NoteAddendum.objects.count(),
    }


def _wait_for_fresh_totp_window() -> None:
    """Codes change every 30 s; don't compute a code in one window and check it in the next."""
    if 30 - time.time() % 30 < 2:
        time.sleep(2.1)


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    # The same fast hasher as tests/conftest.py's per-test settings, so passwords check.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        _seed()
        yield
        transaction.set_rollback(True)


def test_seed_demo_twice_changes_nothing():
    first = _counts()
    output = _seed()
    assert _counts() == first
    assert "created 0 organisations, 0 accounts, 0 participants, 0 recovery plans" in output
    assert first["organisations"] == 2
    assert Participant.objects.filter(organisation__slug="riverbend").count() >= 60
    assert 100 <= first["encounters"] == first["notes"] <= 140
    assert first["recovery_plans"] >= 25


def test_seed_demo_prints_every_login_and_how_to_get_the_code():
    output = _seed()
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    for user in User.objects.all():
        assert user.email in output
    assert f"make totp EMAIL={SPECIALIST}" in output
    assert "Try this" in output
    assert "Log a session" in output


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
    before = _counts()
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        _seed()
    assert _counts() == before


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


# --- Riverbend's casework ---------------------------------------------------------------------


def test_seed_demo_has_notes_in_every_state():
    notes = ProgressNote.objects.filter(encounter__organisation__slug="riverbend")
    assert set(notes.values_list("status", flat=True)) == set(NoteStatus.values)
    overdue = timezone.now() - timedelta(hours=72)
    drafts = notes.filter(status=NoteStatus.DRAFT)
    assert drafts.filter(encounter__ends_at__lt=overdue).count() >= 2
    assert drafts.filter(encounter__ends_at__gte=overdue).exists()
    medicaid = notes.filter(encounter__payer__cosign_required=True)
    assert medicaid.filter(status=NoteStatus.SIGNED).exists()  # awaiting co-signature
    assert notes.filter(late_entry=True).count() == 1
    assert NoteAddendum.objects.filter(note__in=notes).count() == 1
    kinds = set(notes.values_list("encounter__kind", flat=True))
    assert {EncounterKind.CONTACT_ATTEMPT, EncounterKind.OUTREACH} <= kinds
    # Old notes read as signed soon after the session, not at the moment of seeding.
    signed = notes.exclude(status=NoteStatus.DRAFT).filter(late_entry=False)
    assert all(n.signed_at < n.encounter.ends_at + timedelta(hours=24) for n in signed)


def test_seed_demo_gives_most_active_participants_a_recovery_plan():
    active = Participant.objects.filter(
        organisation__slug="riverbend", status=ParticipantStatus.ACTIVE
    )
    plans = RecoveryPlan.objects.filter(participant__in=active, status=PlanStatus.ACTIVE)
    assert plans.count() > active.count() / 2
    for plan in plans.prefetch_related("goals"):
        goals = list(plan.goals.all())
        assert 2 <= len(goals) <= 4
        assert len({g.dimension for g in goals}) == len(goals)
    assert SafetyPlan.objects.filter(participant__in=active).count() >= 3
    assert WellnessPlan.objects.filter(participant__in=active).count() >= 3
    jordan = Participant.objects.get(user__email="participant@riverbend.example")
    assert plans.filter(participant=jordan).exists()
    assert SafetyPlan.objects.filter(participant=jordan).exists()


def test_seed_demo_audit_trail_verifies():
    assert AuditEvent.objects.exists()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_seed_demo_claims_export_has_lines_and_explains_every_reject(tmp_path):
    today = timezone.localdate()
    claims, rejects = tmp_path / "claims.csv", tmp_path / "rejects.csv"
    call_command(
        "export_claims",
        "--organisation=riverbend",
        f"--start={today - timedelta(days=31)}",
        f"--end={today}",
        f"--output={claims}",
        f"--rejects={rejects}",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    with claims.open(encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    with rejects.open(encoding="utf-8") as f:
        left_out = list(csv.DictReader(f))
    assert len(lines) >= 30
    rules = {p.name: p.unit_rule for p in Payer.objects.filter(organisation__slug="riverbend")}
    for line in lines:
        assert line["hcpcs_code"] == "H0038"
        assert int(line["units"]) == units_for(int(line["minutes"]), rules[line["payer"]]) > 0
        assert line["rendering_credential"]
    assert all(r["reasons"] for r in left_out)
    reasons = {reason for r in left_out for reason in r["reasons"].split("; ")}
    assert {
        Reason.UNSIGNED,
        Reason.MISSING_COSIGNATURE,
        Reason.RENDERER_NOT_CERTIFIED,
        Reason.OVERLAPPING,
        Reason.NO_PLAN_GOAL,
        Reason.NOT_BILLABLE,
    } <= reasons
    in_period = Encounter.objects.filter(
        organisation__slug="riverbend",
        starts_at__date__gte=today - timedelta(days=30),
    )
    assert len(lines) + len(left_out) >= in_period.count()
