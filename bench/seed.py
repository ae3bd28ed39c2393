"""A realistic organisation for the page benchmark, built with ``bulk_create``.

The main organisation has 200 staff (an org admin, programme managers, clinicians,
supervisors with teams of ~8 specialists) and 5,000 participants: specialists carry
caseloads of 20-30, supervisors a handful, ~5% of open cases have no peer specialist
yet, a tenth of the care teams have a second specialist, discharged participants keep
their ended assignments as history. A smaller second organisation and a pre-filled
audit chain make the tables look lived-in. Deterministic (seeded) and quick: a few
seconds on SQLite.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.chain import GENESIS, event_hash
from hearth.audit.models import AuditEvent
from hearth.audit.services import hashable_fields
from hearth.core.policy import Role
from hearth.organisations.models import LocalCrisisLine, Organisation, Programme
from hearth.participants.models import (
    CaseAssignment,
    LivedExperience,
    Participant,
    ParticipantStatus,
    RecoveryPathway,
)

FIRST = (
    "Maria Ana Jo Sam Pat Tom Lee Kim Alex Rosa Luis Dana Chris Jamie Robin Terry Ali Noor "
    "Grace Ivan Mei Omar Tasha Devon Keisha Marcus Elena Hugo Priya Wes Lena Bo Nia Raul"
).split()
LAST = (
    "Lopez Reed Cruz Park Nguyen Smith Johnson Brown Garcia Davis Wilson Moore Taylor Thomas "
    "Jackson White Harris Martin Clark Lewis Walker Hall Allen Young King Wright Scott Green"
).split()
PRONOUNS = ("she/her", "he/him", "they/them", "", "")
STATUS_WEIGHTS = {
    ParticipantStatus.ACTIVE: 62,
    ParticipantStatus.REFERRED: 15,
    ParticipantStatus.INACTIVE: 13,
    ParticipantStatus.DISCHARGED: 10,
}
PROGRAMMES = (
    "Recovery Community Center",
    "Warmline",
    "Hospital bridge",
    "Re-entry support",
    "Family support",
    "Youth and young adults",
)


@dataclass
class OrgPlan:
    name: str
    slug: str
    participants: int
    specialists: int
    supervisors: int
    managers: int
    clinicians: int


# 163 specialists + the 2 probe specialists below + 35 others = 200 staff.
MAIN = OrgPlan("Riverbend Recovery Collective", "riverbend", 5000, 163, 20, 4, 10)
OTHER = OrgPlan("Harbor Warmline", "harbor", 400, 14, 2, 1, 1)  # + org admin = 19 staff


@dataclass
class Seeded:
    """What the benchmark needs to know about the generated main organisation."""

    org_id: int
    admin: User
    supervisors: list[User]
    specialists: list[User]
    caseloads: dict[int, list[UUID]] = field(default_factory=dict)  # user pk -> public ids
    probes: dict[int, User] = field(default_factory=dict)  # caseload size -> specialist
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def _own_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` keep the back-dated times we set, instead of "now"."""
    fields = [
        Participant._meta.get_field("created_at"),
        CaseAssignment._meta.get_field("assigned_at"),
    ]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def seed(*, rng_seed: int = 7, audit_events: int = 20_000) -> Seeded:
    rng = random.Random(rng_seed)
    password = make_password("bench-password-not-used-0", hasher="pbkdf2_sha256")
    with transaction.atomic(), _own_timestamps():
        main = _seed_org(MAIN, rng, password, audit_events)
        _seed_org(OTHER, rng, password, audit_events // 10)
        main.probes = _seed_probes(main, password, sizes=(5, 30))
    return main


def _seed_probes(main: Seeded, password: str, sizes: tuple[int, ...]) -> dict[int, User]:
    """Specialists with exactly ``sizes`` open cases (taken from the unassigned), so the
    query counts can be compared at two caseload sizes for the same role."""
    waiting = iter(
        Participant.objects.filter(organisation_id=main.org_id, assignments__isnull=True)
        .exclude(status=ParticipantStatus.DISCHARGED)
        .order_by("pk")
    )
    probes = {}
    for size in sizes:
        probe = User.objects.create(
            email=f"probe.{size}@riverbend.bench",
            display_name=f"Probe Specialist {size}",
            organisation_id=main.org_id,
            role=Role.PEER_SPECIALIST,
            supervisor=main.supervisors[0],
            password=password,
        )
        cases = [next(waiting) for _ in range(size)]
        CaseAssignment.objects.bulk_create(
            CaseAssignment(
                participant=p, specialist=probe, is_primary=True, assigned_at=timezone.now()
            )
            for p in cases
        )
        main.caseloads[probe.pk] = [p.public_id for p in cases]
        probes[size] = probe
    main.counts["staff"] += len(sizes)
    return probes


def _seed_org(plan: OrgPlan, rng: random.Random, password: str, audit_events: int) -> Seeded:
    now = timezone.now()
    org = Organisation.objects.create(name=plan.name, slug=plan.slug, created_at=now)
    programmes = Programme.objects.bulk_create(
        Programme(organisation=org, name=name, created_at=now, updated_at=now)
        for name in PROGRAMMES
    )
    LocalCrisisLine.objects.bulk_create(
        [
            LocalCrisisLine(organisation=org, name="Mobile crisis team", phone="555-0100"),
            LocalCrisisLine(organisation=org, name="Walk-in crisis centre", phone="555-0101"),
        ]
    )
    users = _seed_staff(plan, org, password)
    by_role: dict[str, list[User]] = {}
    for user in users:
        by_role.setdefault(user.role, []).append(user)
    managers = by_role[Role.PROGRAMME_MANAGER]
    for i, programme in enumerate(programmes):
        programme.managers.add(managers[i % len(managers)])
    participants = _seed_participants(plan, org, rng, now)
    _seed_programmes(participants, programmes, rng)
    caseloads = _seed_assignments(participants, by_role, rng, now)
    _seed_audit(org.pk, users, participants, rng, now, audit_events)
    return Seeded(
        org_id=org.pk,
        admin=by_role[Role.ORG_ADMIN][0],
        supervisors=by_role[Role.PEER_SUPERVISOR],
        specialists=by_role[Role.PEER_SPECIALIST],
        caseloads=caseloads,
        counts={
            "participants": len(participants),
            "staff": len(users),
            "assignments": CaseAssignment.objects.filter(participant__organisation=org).count(),
        },
    )


def _seed_staff(plan: OrgPlan, org: Organisation, password: str) -> list[User]:
    def make(role: str, n: int, **extra) -> list[User]:
        return [
            User(
                email=f"{role}.{i}@{plan.slug}.bench",
                display_name=f"{role.replace('_', ' ').title()} {i}",
                organisation=org,
                role=role,
                password=password,
                credential="CPS" if role == Role.PEER_SPECIALIST and i % 3 else "",
                **extra,
            )
            for i in range(n)
        ]

    leaders = User.objects.bulk_create(
        make(Role.ORG_ADMIN, 1)
        + make(Role.PROGRAMME_MANAGER, plan.managers)
        + make(Role.CLINICIAN, plan.clinicians)
        + make(Role.PEER_SUPERVISOR, plan.supervisors)
    )
    supervisors = [u for u in leaders if u.role == Role.PEER_SUPERVISOR]
    specialists = make(Role.PEER_SPECIALIST, plan.specialists)
    for i, specialist in enumerate(specialists):
        specialist.supervisor = supervisors[i % len(supervisors)]
    return leaders + User.objects.bulk_create(specialists)


def _seed_participants(
    plan: OrgPlan, org: Organisation, rng: random.Random, now
) -> list[Participant]:
    statuses = rng.choices(
        list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=plan.participants
    )
    rows = []
    for i, status in enumerate(statuses):
        if status == ParticipantStatus.REFERRED:
            created = now - timedelta(days=rng.uniform(0, 30))
        else:
            created = now - timedelta(days=rng.uniform(30, 3 * 365))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            Participant(
                organisation=org,
                name=f"{first} {last} {i:04d}",
                preferred_name=first if rng.random() < 0.3 else "",
                pronouns=rng.choice(PRONOUNS),
                phone=f"555-{rng.randrange(1000, 9999)}",
                email=f"p{i}@example.net" if rng.random() < 0.5 else "",
                lived_experience=rng.sample(LivedExperience.values, k=rng.randint(0, 3)),
                recovery_pathways=rng.sample(RecoveryPathway.values, k=rng.randint(0, 2)),
                status=status,
                discharge_reason="goals_met" if status == ParticipantStatus.DISCHARGED else "",
                notes="Prefers afternoon calls. Working on housing." if rng.random() < 0.5 else "",
                created_at=created,
                updated_at=created,
            )
        )
    return Participant.objects.bulk_create(rows, batch_size=1000)


def _seed_programmes(participants, programmes, rng: random.Random) -> None:
    through = Participant.programmes.through
    rows = []
    for p in participants:
        k = rng.choices((0, 1, 2), weights=(15, 70, 15))[0]
        rows += [through(participant_id=p.pk, programme_id=g.pk) for g in rng.sample(programmes, k)]
    through.objects.bulk_create(rows, batch_size=2000)


def _seed_assignments(participants, by_role, rng: random.Random, now) -> dict[int, list[UUID]]:
    """Primary specialists get 20-30 open cases each, supervisors ~8; the rest wait."""
    specialists = by_role[Role.PEER_SPECIALIST]
    supervisors = by_role[Role.PEER_SUPERVISOR]
    slots: list[User] = []
    for s in specialists:
        slots += [s] * rng.randint(20, 30)
    for s in supervisors:
        slots += [s] * rng.randint(5, 10)
    rng.shuffle(slots)
    rows, caseloads = [], {}
    for p in participants:
        discharged = p.status == ParticipantStatus.DISCHARGED
        if not discharged and (not slots or rng.random() < 0.05):
            continue  # nobody assigned yet: shows up as "unassigned" for supervisors
        primary = rng.choice(specialists) if discharged else slots.pop()
        ended = now - timedelta(days=rng.uniform(1, 20)) if discharged else None
        since = min(p.created_at + timedelta(days=1), now)
        rows.append(
            CaseAssignment(
                participant=p,
                specialist=primary,
                is_primary=True,
                assigned_at=since,
                ended_at=ended,
            )
        )
        if ended is None:
            caseloads.setdefault(primary.pk, []).append(p.public_id)
        if rng.random() < 0.1:
            second = rng.choice(specialists)
            if second.pk != primary.pk:
                rows.append(
                    CaseAssignment(
                        participant=p, specialist=second, assigned_at=since, ended_at=ended
                    )
                )
                if ended is None:
                    caseloads.setdefault(second.pk, []).append(p.public_id)
    CaseAssignment.objects.bulk_create(rows, batch_size=2000)
    return caseloads


def _seed_audit(org_id: int, users, participants, rng: random.Random, now, n: int) -> None:
    """A valid hash chain of past views, so the append path reads a realistic table."""
    prev, rows = GENESIS, []
    start = now - timedelta(days=90)
    step = timedelta(days=90) / max(n, 1)
    for seq in range(1, n + 1):
        actor = rng.choice(users)
        event = AuditEvent(
            chain=org_id,
            seq=seq,
            occurred_at=start + step * seq,
            actor_id=actor.pk,
            actor_role=actor.role,
            action="view",
            object_type="participant",
            object_id=str(rng.choice(participants).public_id),
            detail="",
            channel="web",
            ip_address="10.0.0.1",
            prev_hash=prev,
        )
        event.hash = prev = event_hash(prev, hashable_fields(event))
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
