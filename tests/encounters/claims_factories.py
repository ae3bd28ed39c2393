"""Small builders for encounters, notes, plans and payers straight through the ORM (the
tests here must not depend on the encounters app's services), and ``generate_month``,
a bulk generator for benchmarks (``bench/``) and the export timing check."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from hearth.accounts.models import Certification, User
from hearth.core.policy import Role
from hearth.encounters.billing import units_for
from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    NoteStatus,
    Payer,
    ProgressNote,
)
from hearth.participants.models import CaseAssignment, Participant
from hearth.plans.models import Dimension, PlanStatus, RecoveryGoal, RecoveryPlan


def make_payer(organisation, **fields) -> Payer:
    fields.setdefault("name", "State Medicaid")
    fields.setdefault("modifiers", "HF")
    return Payer.objects.create(organisation=organisation, **fields)


def certify(user: User, issued_on: date, expires_on: date | None = None, name="CPS"):
    return Certification.objects.create(
        user=user, name=name, issued_on=issued_on, expires_on=expires_on
    )


def plan_goal(participant: Participant, text="Find a place of my own") -> RecoveryGoal:
    plan = RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE).first()
    if plan is None:
        plan = RecoveryPlan.objects.create(
            organisation_id=participant.organisation_id,
            participant=participant,
            status=PlanStatus.ACTIVE,
        )
    return RecoveryGoal.objects.create(plan=plan, dimension=Dimension.HOME, text=text)


def make_encounter(
    participant: Participant,
    peer: User,
    *,
    start: datetime,
    minutes: int = 30,
    payer: Payer | None = None,
    kind: str = EncounterKind.SESSION,
    note: str | None = NoteStatus.SIGNED,
    goal: RecoveryGoal | bool = True,
    cosigner: User | None = None,
    next_steps: str = "",
    units: int | None = None,
) -> Encounter:
    """An encounter and (unless ``note`` is None) its note in the given status. ``goal``:
    True links a goal of the participant's plan, False none, or the goal to link."""
    end = start + timedelta(minutes=minutes)
    if units is None:
        units = units_for(minutes, payer.unit_rule) if payer else 0
    encounter = Encounter.objects.create(
        organisation_id=participant.organisation_id,
        participant=participant,
        peer=peer,
        kind=kind,
        payer=payer,
        starts_at=start,
        ends_at=end,
        minutes=minutes,
        units=units,
        created_by=peer,
    )
    if note is None:
        return encounter
    signed = note in (NoteStatus.SIGNED, NoteStatus.COSIGNED)
    progress = ProgressNote.objects.create(
        encounter=encounter,
        status=note,
        next_steps=next_steps,
        signed_at=end + timedelta(hours=1) if signed else None,
        signed_by=peer if signed else None,
        signer_credential=peer.credential if signed else "",
        cosigned_at=end + timedelta(hours=2) if note == NoteStatus.COSIGNED else None,
        cosigned_by=cosigner if note == NoteStatus.COSIGNED else None,
        cosigner_credential=(cosigner.credential if cosigner else ""),
    )
    if goal is True:
        goal = plan_goal(participant)
    if goal:
        progress.goals_addressed.add(goal)
    return encounter


def local(day: date, hour: int, minute: int = 0, tz="America/New_York") -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz))


# -- bulk data for timing --------------------------------------------------------------


def generate_month(
    organisation,
    *,
    encounters: int = 50_000,
    month: date | None = None,
    peers: int = 200,
    participants_per_peer: int = 15,
    seed: int = 7,
) -> dict[str, int]:
    """Fill ``organisation`` with a month of encounters with bulk inserts: ``peers``
    certified peer specialists (with supervisors), their participants (each with an active
    plan and one goal), and sessions on weekdays and weekends, mostly signed with a goal,
    with a realistic sprinkle of drafts, missing co-signatures, contact attempts and
    over-long days. Returns counts. Takes a minute or so for 50,000 on SQLite."""
    rng = random.Random(seed)
    tz = ZoneInfo(organisation.timezone)
    month = (month or timezone.localdate().replace(day=1)).replace(day=1)
    org_id = organisation.pk
    medicaid = Payer.objects.create(
        organisation=organisation, name=f"Medicaid {seed}", modifiers="HF", daily_unit_cap=16
    )
    cosign = Payer.objects.create(
        organisation=organisation, name=f"Managed care {seed}", cosign_required=True
    )
    supervisors = User.objects.bulk_create(
        User(
            email=f"bench-sup-{seed}-{i}@example.org",
            display_name=f"Supervisor {i}",
            organisation_id=org_id,
            role=Role.PEER_SUPERVISOR,
            credential="CPRS",
        )
        for i in range(max(1, peers // 8))
    )
    team = User.objects.bulk_create(
        User(
            email=f"bench-peer-{seed}-{i}@example.org",
            display_name=f"Peer {i}",
            organisation_id=org_id,
            role=Role.PEER_SPECIALIST,
            credential="CPS",
            supervisor=supervisors[i % len(supervisors)],
        )
        for i in range(peers)
    )
    Certification.objects.bulk_create(
        Certification(user=u, name="CPS", issued_on=month - timedelta(days=400)) for u in team
    )
    people = Participant.objects.bulk_create(
        Participant(
            organisation_id=org_id,
            name=f"Participant {seed}-{i}",
            date_of_birth=date(1980, 1, 1) + timedelta(days=i),
        )
        for i in range(peers * participants_per_peer)
    )
    CaseAssignment.objects.bulk_create(
        CaseAssignment(participant=p, specialist=team[i // participants_per_peer], is_primary=True)
        for i, p in enumerate(people)
    )
    plans = RecoveryPlan.objects.bulk_create(
        RecoveryPlan(organisation_id=org_id, participant=p, status=PlanStatus.ACTIVE)
        for p in people
    )
    goals = RecoveryGoal.objects.bulk_create(
        RecoveryGoal(plan=plan, dimension=Dimension.HEALTH, text="Sleep through the night")
        for plan in plans
    )
    days = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - month
    per_peer_day = max(1, -(-encounters // (peers * days.days)))
    rows, meta = [], []
    for n in range(encounters):
        peer_index = n % peers
        slot = n // peers
        day = month + timedelta(days=slot // per_peer_day)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=tz) + timedelta(
            minutes=55 * (slot % per_peer_day)
        )
        minutes = rng.choice((15, 25, 30, 40, 45, 50))
        participant_index = peer_index * participants_per_peer + rng.randrange(
            participants_per_peer
        )
        payer = cosign if rng.random() < 0.2 else medicaid
        kind = EncounterKind.CONTACT_ATTEMPT if rng.random() < 0.05 else EncounterKind.SESSION
        rows.append(
            Encounter(
                organisation_id=org_id,
                participant=people[participant_index],
                peer=team[peer_index],
                kind=kind,
                payer=payer,
                starts_at=start.astimezone(UTC),
                ends_at=(start + timedelta(minutes=minutes)).astimezone(UTC),
                minutes=minutes,
                units=units_for(minutes, payer.unit_rule),
            )
        )
        roll = rng.random()
        status = (
            NoteStatus.DRAFT
            if roll < 0.05
            else NoteStatus.COSIGNED
            if payer is cosign and roll < 0.9
            else NoteStatus.SIGNED
        )
        meta.append((status, participant_index, rng.random() < 0.97))
    created = Encounter.objects.bulk_create(rows, batch_size=2000)
    notes = ProgressNote.objects.bulk_create(
        (
            ProgressNote(
                encounter=e,
                status=status,
                signed_at=e.ends_at if status != NoteStatus.DRAFT else None,
                signed_by_id=e.peer_id if status != NoteStatus.DRAFT else None,
                cosigned_at=e.ends_at if status == NoteStatus.COSIGNED else None,
                cosigned_by_id=e.peer.supervisor_id if status == NoteStatus.COSIGNED else None,
            )
            for e, (status, _i, _g) in zip(created, meta, strict=True)
        ),
        batch_size=2000,
    )
    through = ProgressNote.goals_addressed.through
    through.objects.bulk_create(
        (
            through(progressnote_id=note.pk, recoverygoal_id=goals[i].pk)
            for note, (_s, i, with_goal) in zip(notes, meta, strict=True)
            if with_goal
        ),
        batch_size=5000,
    )
    return {
        "encounters": len(created),
        "participants": len(people),
        "peers": len(team),
        "payers": 2,
    }
