"""The demo organisation's casework: payers, certifications, plans and ~120 sessions with
notes in every state. Loaded by ``seed_demo`` after the people exist."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hearth.accounts.models import Certification, User
from hearth.audit.models import Channel
from hearth.core.management import demo_data
from hearth.core.policy import Role
from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    Intervention,
    Mode,
    Payer,
    PlaceOfService,
    ProgressNote,
)
from hearth.encounters.services import (
    encounter_log,
    interventions_ensure_defaults,
    note_add_addendum,
    note_cosign,
)
from hearth.encounters.services.rules import org_zone
from hearth.organisations.models import Organisation
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus
from hearth.plans import services as plans
from hearth.plans.models import AcknowledgedHow, GoalStatus, RecoveryGoal, RecoveryPlan

COMMAND = Channel.COMMAND


def load_casework(
    org: Organisation, accounts: dict[str, User], created: dict[str, int], *, now: datetime
) -> None:
    today = timezone.localdate(now)
    payers = _payers(org)
    _certifications(accounts, today=today)
    interventions_ensure_defaults(organisation=org)
    caseloads = {key: _caseload(accounts[key]) for key, _count in demo_data.SESSION_PEERS}
    # One of Marcus's people has no plan yet, so one session has no plan goal to tie to.
    planless = next(p for p in reversed(caseloads["specialist"]) if p.user_id is None)
    created["recovery plans"] += _plans(org, accounts, planless=planless, today=today)
    if not Encounter.objects.filter(organisation=org).exists():
        sessions = _session_schedule(org, accounts, caseloads, payers, planless, now=now)
        for session in sorted(sessions, key=lambda s: s.starts_at):
            _write_session(session, org, accounts["supervisor"], now=now)
        created["sessions"] += len(sessions)


def _payers(org: Organisation) -> dict[str, Payer]:
    """Billing rules are configuration, not casework: written directly, validated."""
    payers = {}
    for spec in demo_data.RIVERBEND_PAYERS:
        payer = Payer.objects.filter(organisation=org, name=spec.name).first()
        if payer is None:
            payer = Payer(
                organisation=org,
                name=spec.name,
                hcpcs_code="H0038",
                modifiers=spec.modifiers,
                unit_minutes=15,
                partial_unit_minutes=8,  # the 8-minute rule
                daily_unit_cap=spec.daily_unit_cap,
                certified_renderer_required=spec.certified_renderer_required,
                cosign_required=spec.cosign_required,
            )
            payer.full_clean()
            payer.save()
        payers[spec.name] = payer
    return payers


def _certifications(accounts: dict[str, User], *, today: date) -> None:
    for spec in demo_data.RIVERBEND_CERTIFICATIONS:
        user = accounts[spec.account]
        if Certification.objects.filter(user=user, name=spec.name).exists():
            continue
        if spec.expired_last_month:
            expires = today.replace(day=1) - timedelta(days=10)
        else:
            expires = _same_day(today, years=1)
        Certification.objects.create(
            user=user,
            name=spec.name,
            issuer=demo_data.CERTIFICATION_ISSUER,
            number=spec.number,
            issued_on=today - timedelta(days=spec.issued_days_ago),
            expires_on=expires,
        )


def _same_day(day: date, *, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _caseload(specialist: User) -> list[Participant]:
    """Active participants for whom ``specialist`` is the primary peer, by name."""
    return list(
        Participant.objects.filter(
            status=ParticipantStatus.ACTIVE,
            assignments__specialist=specialist,
            assignments__is_primary=True,
            assignments__ended_at__isnull=True,
        ).order_by("name")
    )


# -- plans ------------------------------------------------------------------------------


def _plans(
    org: Organisation, accounts: dict[str, User], *, planless: Participant, today: date
) -> int:
    """A recovery plan for every active participant with a primary peer (except
    ``planless``), written by that peer; safety and wellness plans for a few."""
    rng = random.Random(demo_data.SEED + 10)  # noqa: S311 - demo data, not security
    made = 0
    primaries = (
        CaseAssignment.objects.filter(
            participant__organisation=org,
            participant__status=ParticipantStatus.ACTIVE,
            is_primary=True,
            ended_at__isnull=True,
        )
        .select_related("participant", "specialist")
        .order_by("participant__name")
    )
    extra_plans: dict[int, int] = {}  # specialist pk -> safety/wellness plans written
    for assignment in primaries:
        participant, peer = assignment.participant, assignment.specialist
        if participant.pk == planless.pk:
            continue
        if not RecoveryPlan.objects.filter(participant=participant).exists():
            _recovery_plan(participant, peer, rng=rng, today=today)
            made += 1
        written = extra_plans.get(peer.pk, 0)
        if peer.role != Role.PEER_SUPERVISOR and (written < 2 or participant.user_id):
            extra_plans[peer.pk] = written + 1
            _safety_and_wellness(participant, peer, wellness=written == 0 or bool(participant.user))
    return made


def _recovery_plan(
    participant: Participant, peer: User, *, rng: random.Random, today: date
) -> RecoveryPlan:
    plan = plans.recovery_plan_start(
        actor=peer,
        participant=participant,
        strengths=rng.choice(demo_data.STRENGTHS),
        channel=COMMAND,
    )
    for position, (dimension, text, step) in enumerate(_goal_choices(participant, rng)):
        goal = plans.goal_add(
            actor=peer,
            plan=plan,
            data={
                "dimension": dimension,
                "text": text,
                "target_date": today + timedelta(days=rng.choice((30, 60, 90, 120))),
                "status": GoalStatus.IN_PROGRESS if position < 2 else GoalStatus.NOT_STARTED,
            },
            channel=COMMAND,
        )
        if step:
            plans.step_add(
                actor=peer,
                goal=goal,
                text=step,
                due_on=today + timedelta(days=rng.randint(5, 21)),
                channel=COMMAND,
            )
        if position == 0:
            plans.progress_add(
                actor=peer,
                goal=goal,
                rating=rng.randint(3, 7),
                note=rng.choice(demo_data.PROGRESS_NOTES),
                channel=COMMAND,
            )
    if rng.random() < 0.8:
        plan.refresh_from_db()
        plans.recovery_plan_acknowledge(
            actor=peer,
            plan=plan,
            how=AcknowledgedHow.IN_SESSION,
            seen_revision=plan.revision,
            channel=COMMAND,
        )
    return plan


def _goal_choices(participant: Participant, rng: random.Random) -> list[tuple[str, str, str]]:
    """2–4 goals across different dimensions, in the person's words (Spanish for people
    who prefer it); some with a first step."""
    if participant.user_id is not None:  # Jordan, the participant sign-in
        return list(demo_data.JORDAN_GOALS)
    pool = demo_data.GOALS_ES if "Spanish" in participant.preferred_language else demo_data.GOALS
    dimensions = rng.sample(sorted(pool), rng.randint(2, 4))
    choices = []
    for dimension in dimensions:
        step = rng.choice(demo_data.STEPS[dimension]) if rng.random() < 0.6 else ""
        choices.append((dimension, rng.choice(pool[dimension]), step))
    return choices


def _safety_and_wellness(participant: Participant, peer: User, *, wellness: bool) -> None:
    from hearth.plans.models import SafetyPlan, WellnessPlan

    if not SafetyPlan.objects.filter(participant=participant).exists():
        plans.safety_plan_save(
            actor=peer,
            participant=participant,
            data=dict(demo_data.SAFETY_PLAN),
            expected_version=0,
            channel=COMMAND,
        )
    if wellness and not WellnessPlan.objects.filter(participant=participant).exists():
        plans.wellness_plan_save(
            actor=peer,
            participant=participant,
            data=dict(demo_data.WELLNESS_PLAN),
            expected_version=0,
            channel=COMMAND,
        )


# -- sessions -----------------------------------------------------------------------------

DRAFT, BARE_DRAFT, SIGNED, COSIGNED, LATE, ADDENDUM = (
    "draft",
    "bare_draft",  # nothing but the facts: no goal, no words yet
    "signed",
    "cosigned",
    "late",  # signed now, days after the session
    "addendum",  # co-signed, then corrected by an addendum
)
MAIN_HOURS = (9, 10, 11, 13, 14, 15)
LENGTHS = (25, 30, 38, 45, 50, 53, 55)  # minutes; all end before the next hour's session
SETTINGS = (
    (Mode.IN_PERSON, PlaceOfService.OFFICE, "Recovery café"),
    (Mode.IN_PERSON, PlaceOfService.OFFICE, ""),
    (Mode.IN_PERSON, PlaceOfService.OTHER, "Library on Main St"),
    (Mode.IN_PERSON, PlaceOfService.HOME, ""),
    (Mode.PHONE, PlaceOfService.TELEHEALTH_HOME, ""),
    (Mode.VIDEO, PlaceOfService.TELEHEALTH_HOME, ""),
)


@dataclass
class _Session:
    peer: User
    participant: Participant
    starts_at: datetime
    minutes: int
    payer: Payer | None
    state: str
    kind: str = EncounterKind.SESSION
    setting: tuple[str, str, str] = SETTINGS[0]
    goals: list[RecoveryGoal] = field(default_factory=list)
    rng_pick: int = 0  # picks the note's words

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def _session_schedule(
    org: Organisation,
    accounts: dict[str, User],
    caseloads: dict[str, list[Participant]],
    payers: dict[str, Payer],
    planless: Participant,
    *,
    now: datetime,
) -> list[_Session]:
    """About five weeks of sessions for each peer's caseload, then the cases a demo of
    billing needs to show (each named below)."""
    rng = random.Random(demo_data.SEED + 20)  # noqa: S311 - demo data, not security
    zone = org_zone(org)
    today = timezone.localdate(now)

    def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=zone)

    goals = _goals_by_participant(org)

    def payer_for(participant: Participant, peer_key: str) -> Payer:
        # Most people are on Medicaid and every third is paid for by the block grant; the
        # veterans programme runs on the grant, with a few veterans on Medicaid.
        third = zlib.crc32(participant.name.encode()) % 3 == 0
        grant = not third if peer_key == "veterans" else third
        return payers[demo_data.BLOCK_GRANT if grant else demo_data.MEDICAID]

    def session(peer_key: str, person: Participant, start: datetime, minutes: int, state: str,
                **kw) -> _Session:  # fmt: skip
        chosen = goals.get(person.pk, [])
        return _Session(
            peer=accounts[peer_key],
            participant=person,
            starts_at=start,
            minutes=minutes,
            payer=kw.pop("payer", payer_for(person, peer_key)),
            state=state,
            goals=kw.pop("goals", rng.sample(chosen, min(len(chosen), rng.choice((1, 1, 2))))),
            setting=kw.pop("setting", rng.choice(SETTINGS)),
            rng_pick=rng.randrange(1000),
            **kw,
        )

    sessions: list[_Session] = []
    for key, count in demo_data.SESSION_PEERS:
        people = [p for p in caseloads[key] if goals.get(p.pk)]
        slots = [
            (days_ago, hour)
            for days_ago in range(1, 36)
            if (today - timedelta(days=days_ago)).weekday() < 5
            for hour in MAIN_HOURS
        ]
        for days_ago, hour in sorted(rng.sample(slots, count)):
            person = rng.choice(people)
            start = at(days_ago, hour)
            state = _state_for(rng, start, now=now, cosign=payer_for(person, key).cosign_required)
            kind = EncounterKind.ACCOMPANIED if rng.random() < 0.08 else EncounterKind.SESSION
            setting = (Mode.IN_PERSON, PlaceOfService.OFFICE, "Medication review at the clinic")
            extra = {"kind": kind, "setting": setting} if kind == EncounterKind.ACCOMPANIED else {}
            sessions.append(session(key, person, start, rng.choice(LENGTHS), state, **extra))
    sessions.extend(_special_sessions(caseloads, planless, at, session))
    return sessions


def _state_for(rng: random.Random, start: datetime, *, now: datetime, cosign: bool) -> str:
    """Recent notes are often still drafts; older ones are signed and, where the payer
    needs it, mostly co-signed (the last week's not all yet)."""
    age = now - start
    if age < timedelta(hours=70) and rng.random() < 0.45:
        return DRAFT
    if not cosign:
        return SIGNED
    if age > timedelta(days=7) or rng.random() < 0.35:
        return COSIGNED
    return SIGNED


def _special_sessions(caseloads, planless, at, session) -> list[_Session]:
    marcus = [p for p in caseloads["specialist"] if p.pk != planless.pk]
    lucia, dwayne = caseloads["especialista"], caseloads["veterans"]

    def m(i):
        return marcus[i % len(marcus)]

    def lu(i):
        return lucia[i % len(lucia)]

    phone = (Mode.PHONE, PlaceOfService.TELEHEALTH_HOME, "")
    shelter = (Mode.IN_PERSON, PlaceOfService.HOMELESS_SHELTER, "Outreach at the shelter")
    return [
        # Signed five days after the session: marked a late entry, awaiting co-signature.
        session("specialist", m(0), at(6, 16), 45, LATE),
        # Co-signed, then corrected with a dated addendum.
        session("specialist", m(1), at(12, 16), 50, ADDENDUM),
        # Drafts left unsigned for more than 72 hours: overdue for peer and supervisor.
        session("specialist", m(2), at(4, 16), 30, DRAFT),
        session("especialista", lu(0), at(5, 16), 45, DRAFT),
        session("veterans", dwayne[0], at(6, 16), 38, DRAFT),
        # Logged before the person has a recovery plan: no goal to tie the note to.
        session("specialist", planless, at(2, 16), 40, BARE_DRAFT, goals=[]),
        # Contact attempts and outreach: documented, never billed.
        session(
            "specialist",
            m(3),
            at(3, 12, 15),
            5,
            SIGNED,
            kind=EncounterKind.CONTACT_ATTEMPT,
            setting=phone,
            payer=None,
            goals=[],
        ),  # fmt: skip
        session(
            "especialista",
            lu(1),
            at(15, 12, 15),
            5,
            SIGNED,
            kind=EncounterKind.CONTACT_ATTEMPT,
            setting=phone,
            payer=None,
            goals=[],
        ),  # fmt: skip
        session(
            "especialista",
            lu(2),
            at(20, 12),
            40,
            SIGNED,
            kind=EncounterKind.OUTREACH,
            setting=shelter,
            goals=[],
        ),  # fmt: skip
        # Two sessions whose times overlap: payers refuse both.
        session("especialista", lu(3), at(9, 16), 50, COSIGNED),
        session("especialista", lu(4), at(9, 16, 30), 45, COSIGNED),
        # Two sessions with one person on one day, together under the daily cap.
        session("specialist", m(4), at(8, 8), 50, COSIGNED),
        session("specialist", m(4), at(8, 17), 45, COSIGNED),
    ]


def _goals_by_participant(org: Organisation) -> dict[int, list[RecoveryGoal]]:
    found: dict[int, list[RecoveryGoal]] = {}
    goals = RecoveryGoal.objects.filter(
        plan__organisation=org, plan__status="active"
    ).select_related("plan")
    for goal in goals.order_by("plan__participant_id", "position", "pk"):
        found.setdefault(goal.plan.participant_id, []).append(goal)
    return found


def _note_words(session: _Session) -> dict[str, str]:
    if session.state == BARE_DRAFT:
        return {"summary": "", "participant_response": "", "next_steps": ""}
    if session.kind == EncounterKind.CONTACT_ATTEMPT:
        summary, next_steps = demo_data.CONTACT_ATTEMPT_NOTE
        return {"summary": summary, "participant_response": "No contact.", "next_steps": next_steps}
    if session.kind == EncounterKind.OUTREACH:
        summary, next_steps = demo_data.OUTREACH_NOTE
        response = '"Come back Thursday, I might be ready to talk."'
        return {"summary": summary, "participant_response": response, "next_steps": next_steps}
    pick = session.rng_pick
    words = {
        "summary": demo_data.SESSION_SUMMARIES[pick % len(demo_data.SESSION_SUMMARIES)],
        "participant_response": demo_data.RESPONSES[pick % len(demo_data.RESPONSES)],
        "next_steps": demo_data.NEXT_STEPS[pick % len(demo_data.NEXT_STEPS)],
    }
    if session.state == DRAFT:  # started in the car park, to finish later
        words.update(participant_response="", next_steps="")
    return words


def _write_session(session: _Session, org: Organisation, supervisor: User, *, now: datetime):
    interventions = list(Intervention.objects.filter(organisation=org, is_active=True))
    pick = session.rng_pick
    chosen = [interventions[pick % len(interventions)]]
    if pick % 3 == 0:
        chosen.append(interventions[(pick // 3) % len(interventions)])
    mode, place, where = session.setting
    sign = session.state not in (DRAFT, BARE_DRAFT)
    encounter = encounter_log(
        actor=session.peer,
        participant=session.participant,
        data={
            "kind": session.kind,
            "mode": mode,
            "place_of_service": place,
            "location_note": where,
            "payer": session.payer,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
        },
        note_data=_note_words(session),
        goals=session.goals,
        interventions=[] if session.state == BARE_DRAFT else list(dict.fromkeys(chosen)),
        sign=sign,
        channel=COMMAND,
    )
    note = encounter.note
    written = min(session.ends_at + timedelta(minutes=10 + pick % 50), now)
    Encounter.objects.filter(pk=encounter.pk).update(created_at=written, updated_at=written)
    ProgressNote.objects.filter(pk=note.pk).update(created_at=written, updated_at=written)
    if not sign:
        return
    if session.state != LATE:
        signed = min(written + timedelta(minutes=pick % 90), now)
        ProgressNote.objects.filter(pk=note.pk).update(signed_at=signed, late_entry=False)
    if session.state in (COSIGNED, ADDENDUM):
        note_cosign(actor=supervisor, note=note, channel=COMMAND)
        cosigned = min(written + timedelta(hours=6 + pick % 40), now)
        ProgressNote.objects.filter(pk=note.pk).update(cosigned_at=cosigned)
    if session.state == ADDENDUM:
        note_add_addendum(actor=session.peer, note=note, text=demo_data.ADDENDUM_TEXT)
