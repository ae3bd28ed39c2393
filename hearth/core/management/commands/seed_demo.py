"""Load the demo: two fictional peer-run organisations, one sign-in per role, ~70 people,
and for Riverbend a month of casework: payers, certifications, recovery, wellness and
safety plans, and ~120 sessions with notes in every state.

Organisations, people and accounts are fixtures, written through the ORM directly (the
services would ask "who is doing this?", and nobody is). Plans and sessions are casework,
so they are written through the services as the demo staff who did the work: they are
validated like real work and leave a real audit trail. Signing is "now" in the services;
the loader then back-dates the signature times of old notes (as it back-dates intake
times), so only the one deliberate late entry reads as late.

It is idempotent: everything is found by a natural key (organisation slug, programme
name, email, participant name, payer name, a participant's plans, an organisation's
sessions) and only what is missing is created, so a second run changes nothing. The
random choices use a fixed seed, so every fresh database gets the same demo.

Refuses to run with ``HEARTH_ENV=production``: it creates accounts with a published
password and a published two-step secret.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hearth.accounts.models import User
from hearth.core.management import demo_data
from hearth.core.management.demo_casework import load_casework
from hearth.core.management.demo_data import AccountSpec, OrgSpec, ParticipantSpec
from hearth.core.policy import STAFF_ROLES, Role
from hearth.organisations.models import LocalCrisisLine, Organisation, Programme
from hearth.participants.models import CaseAssignment, Participant

#: Each app's demo records, loaded in this order after the casework (each is idempotent).
DEMO_LOADERS = [
    "hearth.matching.demo.load_demo",
    "hearth.groups.demo.load_demo",
    "hearth.helpline.demo.load_demo",
    "hearth.directory.demo.load_demo",
    "hearth.referrals.demo.load_demo",
]


class Command(BaseCommand):
    help = "Load the demo organisations, people and one sign-in per role (safe to re-run)."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_demo creates accounts with a published password: not here.")
        now = timezone.now()
        created = {
            "organisations": 0,
            "accounts": 0,
            "participants": 0,
            "recovery plans": 0,
            "sessions": 0,
        }
        with transaction.atomic():
            for spec in demo_data.organisations():
                org, made = Organisation.objects.get_or_create(
                    slug=spec.slug, defaults={"name": spec.name}
                )
                created["organisations"] += made
                programmes = _programmes(org, spec)
                _crisis_lines(org, spec)
                accounts = _accounts(org, spec, programmes, created)
                for person in spec.participants:
                    created["participants"] += _participant(
                        org, person, programmes, accounts, now=now
                    )
                if spec.slug == "riverbend":
                    load_casework(org, accounts, created, now=now)
                    for loader in DEMO_LOADERS:
                        import_string(loader)(org, accounts, created, now=now)
        if options["verbosity"] >= 1:
            self._report(created)
            self._try_this()

    def _report(self, created: dict[str, int]) -> None:
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (created {summary})."))
        self.stdout.write("")
        rows = [("Organisation", "Role", "Email", "Password", "Two-step code")]
        for spec in demo_data.organisations():
            for account in spec.accounts:
                two_step = (
                    f"make totp EMAIL={account.email}" if account.role in STAFF_ROLES else "-"
                )
                rows.append(
                    (
                        spec.slug,
                        str(Role(account.role).label),
                        account.email,
                        demo_data.DEMO_PASSWORD,
                        two_step,
                    )
                )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for i, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(
            "Staff sign in with a two-step code. Get the current one with\n"
            "  make totp EMAIL=...\n"
            f"or add the demo secret {demo_data.DEMO_TOTP_SECRET} to an authenticator app\n"
            "(TOTP, 6 digits, 30 seconds). The demo password and secret are public: never use\n"
            "them for real people."
        )

    def _try_this(self) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Try this (Riverbend)"))
        self.stdout.write(
            "  1. On a phone, sign in as specialist@riverbend.example (Marcus), open a\n"
            '     participant, tap "Log a session", tick a plan goal and what you did, write\n'
            '     their response and next steps, and tap "Sign now".\n'
            "  2. Sign in as supervisor@riverbend.example (Grace), open Supervision and\n"
            "     co-sign the note.\n"
            "  3. Sign in as admin@riverbend.example (Denise), open Billing, then the claims\n"
            "     for this month: the note is a claim line with its units, and every session\n"
            "     left out is in the rejects report with the reason.\n"
            "  From the command line:\n"
            "     .venv/bin/python manage.py export_claims --organisation riverbend \\\n"
            "         --start YYYY-MM-01 --end YYYY-MM-DD --rejects rejects.csv"
        )


def _programmes(org: Organisation, spec: OrgSpec) -> dict[str, Programme]:
    programmes = {}
    for name, description in spec.programmes:
        programmes[name], _ = Programme.objects.get_or_create(
            organisation=org, name=name, defaults={"description": description}
        )
    return programmes


def _crisis_lines(org: Organisation, spec: OrgSpec) -> None:
    for position, line in enumerate(spec.crisis_lines):
        LocalCrisisLine.objects.get_or_create(
            organisation=org,
            name=line.name,
            defaults={
                "phone": line.phone,
                "description": line.description,
                "hours": line.hours,
                "position": position,
            },
        )


def _accounts(
    org: Organisation, spec: OrgSpec, programmes: dict[str, Programme], created: dict[str, int]
) -> dict[str, User]:
    """One sign-in per role. Supervisors come first in the spec, so the specialists they
    supervise can point at them."""
    accounts: dict[str, User] = {}
    for account in spec.accounts:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = _create_account(org, account, accounts)
            created["accounts"] += 1
            for name in account.manages:
                programmes[name].managers.add(user)
        accounts[account.key] = user
        if account.role in STAFF_ROLES:
            _ensure_two_step(user)
    return accounts


def _create_account(org: Organisation, spec: AccountSpec, accounts: dict[str, User]) -> User:
    user = User(
        email=spec.email,
        display_name=spec.display_name,
        organisation=org,
        role=spec.role,
        credential=spec.credential,
        preferred_language=spec.preferred_language,
        supervisor=accounts.get(spec.supervisor) if spec.supervisor else None,
    )
    user.set_password(demo_data.DEMO_PASSWORD)
    user.save()
    # Staff accounts are made by the organisation, so their email is already known good.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _ensure_two_step(user: User) -> None:
    """Give staff the published demo authenticator (our MFA adapter encrypts the secret)
    and a set of recovery codes. An authenticator someone set up themselves is kept."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_data.DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)  # returns the existing codes if there are any


def _participant(
    org: Organisation,
    spec: ParticipantSpec,
    programmes: dict[str, Programme],
    accounts: dict[str, User],
    *,
    now: datetime,
) -> bool:
    """Create one participant with their programmes and care team, unless a record with
    that name already exists in the organisation. Returns whether it was created."""
    if Participant.objects.filter(organisation=org, name=spec.name).exists():
        return False
    created_at = now - timedelta(days=spec.created_days_ago)
    status_changed_at = now - timedelta(days=spec.status_days_ago or spec.created_days_ago)
    participant = Participant(
        organisation=org,
        name=spec.name,
        preferred_name=spec.preferred_name,
        pronouns=spec.pronouns,
        gender_identity=spec.gender_identity,
        date_of_birth=_birthday(spec, today=timezone.localdate(now)),
        race_ethnicity=spec.race_ethnicity,
        preferred_language=spec.preferred_language,
        veteran_status=spec.veteran_status,
        lived_experience=list(spec.lived_experience),
        recovery_pathways=list(spec.recovery_pathways),
        phone=spec.phone,
        email=spec.email,
        may_leave_voicemail=spec.may_leave_voicemail,
        may_text=spec.may_text,
        may_email=spec.may_email,
        safe_contact_notes=spec.safe_contact_notes,
        emergency_contact_name=spec.emergency_contact_name,
        emergency_contact_relationship=spec.emergency_contact_relationship,
        emergency_contact_phone=spec.emergency_contact_phone,
        referral_source=spec.referral_source,
        notes=spec.notes,
        status=spec.status,
        discharge_reason=spec.discharge_reason,
        status_changed_at=status_changed_at,
        user=accounts[spec.account] if spec.account else None,
        created_by=accounts.get("admin"),
    )
    participant.full_clean()
    participant.save()
    # created_at is auto_now_add; back-date it so referral waiting times look real.
    Participant.objects.filter(pk=participant.pk).update(
        created_at=created_at, updated_at=status_changed_at
    )
    participant.programmes.set([programmes[name] for name in spec.programmes])
    # Assigned a little after intake (never in the future, for referrals from minutes ago).
    assigned_at = created_at + min(timedelta(hours=2), (now - created_at) / 2)
    _care_team(participant, spec, accounts, assigned_at=assigned_at, ended_at=status_changed_at)
    return True


def _care_team(
    participant: Participant,
    spec: ParticipantSpec,
    accounts: dict[str, User],
    *,
    assigned_at: datetime,
    ended_at: datetime,
) -> None:
    # A discharged participant's care team is history: the assignments are ended, not gone.
    ended = ended_at if spec.status == "discharged" else None
    for index, key in enumerate(spec.team):
        assignment = CaseAssignment.objects.create(
            participant=participant,
            specialist=accounts[key],
            is_primary=index == 0,
            ended_at=ended,
            assigned_by=accounts.get("supervisor") or accounts.get("admin"),
        )
        CaseAssignment.objects.filter(pk=assignment.pk).update(assigned_at=assigned_at)


def _birthday(spec: ParticipantSpec, *, today: date) -> date | None:
    if not spec.age:
        return None
    try:
        anniversary = today.replace(year=today.year - spec.age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - spec.age, day=28)
    return anniversary - timedelta(days=spec.birthday_offset_days)
