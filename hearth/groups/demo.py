"""Demo data for groups, loaded by ``seed_demo`` for Riverbend: "Eating Well on a Budget"
(a course on Thursdays taught by Dwayne, a veteran in recovery), a Spanish-speaking
support group, a family class and an open recovery group; people registered, attendance
taken at past meetings, and one signed group note (claim lines for its attendees). The
most recent meeting is left for you to take attendance and write the note."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from hearth.encounters.models import Intervention, Payer, ProgressNote
from hearth.groups import notes, services
from hearth.groups.models import Group, GroupKind, GroupSession, RegistrationStatus
from hearth.organisations.models import Programme
from hearth.participants.models import CaseAssignment, Participant
from hearth.plans.models import PlanStatus, RecoveryGoal

CURRICULUM = [
    ("Planning a week of meals", "Meal planner sheet"),
    ("Shopping on $25 a week", "Price-per-unit cheat sheet"),
    ("Beans, lentils and grains", "Recipe cards: chilli, dal, rice bowls"),
    ("Cooking once, eating three times", "Batch-cooking guide"),
    ("Food banks and SNAP", "Local food bank list"),
    ("Eating well when stress hits", "Quick meals list"),
    ("Cooking for family and friends", ""),
    ("Putting it all together", "Certificate session"),
]


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: only what is missing)."""
    if Group.objects.filter(organisation=org).exists():
        return
    admin = accounts["admin"]
    today = timezone.localdate(now)
    programmes = {p.name: p for p in Programme.objects.filter(organisation=org)}
    rcc = programmes.get("Recovery Community Center")
    thursday = _weekday_on_or_before(today, 3) - timedelta(weeks=3)
    base = {"timezone": org.timezone, "is_public": True, "programme": rcc}
    course = services.group_create(
        actor=admin,
        facilitators=[accounts["veterans"]],
        data={
            **base,
            "name": "Eating Well on a Budget",
            "kind": GroupKind.COURSE,
            "description": (
                "Eight Thursday evenings on cooking well for less, taught by Dwayne, a "
                "veteran in recovery who learned it the hard way. Come to 6 of the 8 for a "
                "certificate."
            ),
            "audience": "everyone",
            "facilitator_note": "Dwayne Carter, veteran peer, with a community volunteer cook",
            "room": "Community kitchen",
            "address": "41 River Street",
            "accessibility_notes": "Step-free entrance; seated cooking stations.",
            "capacity": 12,
            "registration_required": True,
            "first_date": thursday,
            "start_time": time(18, 0),
            "duration_minutes": 90,
            "rrule": "FREQ=WEEKLY;BYDAY=TH;COUNT=8",
            "completion_required": 6,
        },
    )
    for position, (title, materials) in enumerate(CURRICULUM, start=1):
        course.curriculum.create(position=position, title=title, materials=materials)
    services.group_create(
        actor=admin,
        facilitators=[accounts["especialista"]],
        data={
            **base,
            "name": "Grupo de apoyo en español",
            "kind": GroupKind.OPEN,
            "description": "Grupo abierto de apoyo entre pares para la recuperación.",
            "language": "es",
            "room": "Sala 2",
            "address": "41 River Street",
            "first_date": _weekday_on_or_before(today, 1) - timedelta(weeks=2),
            "start_time": time(19, 0),
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
        },
    )
    services.group_create(
        actor=admin,
        facilitators=[accounts["specialist"]],
        data={
            **base,
            "name": "Family Recovery Circle",
            "kind": GroupKind.OPEN,
            "description": "For parents, partners and family members of someone in recovery.",
            "audience": "families",
            "format": "hybrid",
            "room": "Sala 2",
            "address": "41 River Street",
            "video_url": "https://video.example.org/family-circle",
            "first_date": _weekday_on_or_before(today, 0) - timedelta(weeks=2),
            "start_time": time(18, 30),
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
        },
    )
    services.group_create(
        actor=admin,
        facilitators=[accounts["specialist"], accounts["supervisor"]],
        data={
            **base,
            "name": "Open Recovery Group",
            "kind": GroupKind.OPEN,
            "description": "All pathways welcome. Drop in, no sign-up.",
            "room": "Main hall",
            "address": "41 River Street",
            "first_date": _weekday_on_or_before(today, 2) - timedelta(weeks=2),
            "start_time": time(12, 0),
            "rrule": "FREQ=WEEKLY;BYDAY=WE",
            "cancelled_dates": [],
        },
    )
    _course_people(org, accounts, course, now=now)


def _with_goals(org) -> list[Participant]:
    with_goal = RecoveryGoal.objects.filter(
        plan__status=PlanStatus.ACTIVE, plan__participant__organisation=org
    ).values("plan__participant_id")
    assigned = CaseAssignment.objects.filter(ended_at__isnull=True).values("participant_id")
    return list(
        Participant.objects.filter(organisation=org, pk__in=with_goal)
        .filter(pk__in=assigned, user__isnull=True)
        .order_by("name")[:4]
    )


def _course_people(org, accounts, course: Group, *, now) -> None:
    admin, dwayne = accounts["admin"], accounts["veterans"]
    people = _with_goals(org)
    registrations = [
        services.registration_create(actor=admin, group=course, participant=p) for p in people
    ]
    services.registration_join(actor=accounts["participant"], group=course)
    past = list(
        GroupSession.objects.filter(group=course, ends_at__lt=now, status="scheduled").order_by(
            "starts_at"
        )
    )
    for session in past[:-1]:  # the latest meeting is left for the demo
        for registration in registrations:
            if registration.status == RegistrationStatus.REGISTERED:
                services.attendance_mark(
                    actor=dwayne, session=session, registration=registration, present=True
                )
    if len(past) < 2 or not people:
        return
    payer = Payer.objects.filter(organisation=org, is_active=True).order_by("name").first()
    intervention = Intervention.objects.filter(organisation=org, is_active=True).first()
    first = past[0]
    lines = {}
    for person in notes.attendees(first):
        goal = RecoveryGoal.objects.filter(
            plan__participant=person, plan__status=PlanStatus.ACTIVE
        ).first()
        lines[person.pk] = notes.AttendeeLine(
            participation="Planned a week of meals and shared what works for them.",
            goals=[goal] if goal else [],
        )
    note = notes.group_note_save(
        actor=dwayne,
        session=first,
        shared={
            "payer": payer,
            "place_of_service": "11",
            "mode": "in_person",
            "topic": "Planning a week of meals",
        },
        summary="Session 1 of the course: planning a week of meals on a budget.",
        next_steps="Bring a receipt from this week's shopping to the next session.",
        interventions=[intervention] if intervention else [],
        lines=lines,
        sign=True,
    )
    # Grace, Dwayne's supervisor, co-signs (the demo payer requires it): claim lines follow.
    notes.group_note_cosign(actor=accounts["supervisor"], note=note)
    # Written and signed the evening of the session, as it would have been (not a late entry).
    signed = first.ends_at + timedelta(minutes=40)
    ProgressNote.objects.filter(encounter__group_note=note).update(
        signed_at=signed, late_entry=False, cosigned_at=signed + timedelta(hours=14)
    )
