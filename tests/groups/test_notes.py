"""A group note fans out to one billable group encounter per attending participant:
H0038 with the payer's modifiers plus HQ, units computed from the session's times, the
individual line on each person's note, and the same sign/lock/co-sign rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.core.policy import Role
from hearth.encounters.caseload import team_overview
from hearth.encounters.claims import build_claims_report
from hearth.encounters.models import Encounter, EncounterKind, NoteStatus
from hearth.encounters.services import encounter_create
from hearth.groups import notes, services
from hearth.groups.models import GroupNote
from tests.encounters.claims_factories import certify, make_payer
from tests.encounters.factories import InterventionFactory, goal_for
from tests.groups.helpers import make_group, past_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_with_attendees(world):
    peer = world.users[Role.PEER_SPECIALIST]
    certify(peer, date(2020, 1, 1), name="PA CPS")
    payer = make_payer(world.org, name="PA Medicaid", modifiers="HF")
    group = make_group(world, duration_minutes=90)
    session = past_session(group)
    admin = world.users[Role.ORG_ADMIN]
    people = [world.mine, world.stranger_case, world.in_programme]
    for person in people:
        registration = services.registration_create(actor=admin, group=group, participant=person)
        services.attendance_mark(
            actor=peer, session=session, registration=registration, present=person != people[2]
        )
    services.attendance_add_walk_in(actor=peer, session=session, name="Dee")
    intervention = InterventionFactory(organisation=world.org)
    goals = {p.pk: goal_for(p) for p in people}
    return world, peer, payer, session, intervention, goals


def _lines(goals, people, text="Shared a budget recipe"):
    return {
        p.pk: notes.AttendeeLine(participation=f"{text} ({p.name})", goals=[goals[p.pk]])
        for p in people
    }


def _save(world, peer, payer, session, intervention, lines, *, sign):
    return notes.group_note_save(
        actor=peer,
        session=session,
        shared={"payer": payer, "place_of_service": "11", "mode": "in_person", "topic": "Beans"},
        summary="Group cooked a week of meals for $25.",
        next_steps="Next week: shopping lists.",
        interventions=[intervention],
        lines=lines,
        sign=sign,
    )


def test_group_note_fans_out_to_each_attending_participant(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    present = [world.mine, world.stranger_case]
    note = _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    encounters = list(Encounter.objects.filter(group_note=note).order_by("participant__name"))
    # Present participants only: not the absent one, and never the walk-in.
    assert [e.participant for e in encounters] == sorted(present, key=lambda p: p.name)
    for encounter in encounters:
        assert encounter.kind == EncounterKind.GROUP
        assert encounter.peer == peer
        assert (encounter.starts_at, encounter.ends_at) == (session.starts_at, session.ends_at)
        assert encounter.minutes == 90 and encounter.units == 6  # computed, never typed
        assert encounter.note.status == NoteStatus.SIGNED
        assert encounter.note.summary == "Group cooked a week of meals for $25."
        assert encounter.note.participant_response.endswith(f"({encounter.participant.name})")
        assert list(encounter.note.goals_addressed.all()) == [goals[encounter.participant_id]]


def test_group_note_yields_one_h0038_hq_claim_line_per_attendee(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    present = [world.mine, world.stranger_case]
    _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    day = session.starts_at.date()
    report = build_claims_report(
        organisation=world.org, start=day - timedelta(days=1), end=day + timedelta(days=1)
    )
    lines = list(report.lines())
    assert report.reject_count == 0, list(report.rejects())
    assert sorted(line["participant_name"] for line in lines) == sorted(p.name for p in present)
    for line in lines:
        assert line["hcpcs_code"] == "H0038"
        assert line["modifiers"] == ["HF", "HQ"]
        assert line["units"] == 6
        assert line["minutes"] == 90
        assert line["rendering_peer"] == peer.display_name
        assert line["rendering_credential"] == "PA CPS"


def test_group_shares_do_not_overlap_each_other_but_do_overlap_a_1_to_1(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    present = [world.mine, world.stranger_case]
    _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    solo = encounter_create(
        actor=peer,
        participant=world.own_record,
        data={
            "kind": "session",
            "payer": payer,
            "starts_at": session.starts_at + timedelta(minutes=30),
            "ends_at": session.starts_at + timedelta(minutes=60),
        },
    )
    day = session.starts_at.date()
    report = build_claims_report(
        organisation=world.org, start=day - timedelta(days=1), end=day + timedelta(days=1)
    )
    overlapping = {r["encounter_id"] for r in report.rejects() if "overlapping" in r["reasons"]}
    assert str(solo.public_id) in overlapping
    assert len(overlapping) == 3  # the 1:1 and both group shares


def test_signing_needs_every_attendees_line_and_goal_and_saves_nothing_otherwise(
    session_with_attendees,
):
    world, peer, payer, session, intervention, goals = session_with_attendees
    lines = _lines(goals, [world.mine])  # nothing for the second attendee
    with pytest.raises(ValidationError) as exc:
        _save(world, peer, payer, session, intervention, lines, sign=True)
    errors = exc.value.message_dict
    assert set(errors) == {notes.line_field(world.stranger_case)}
    assert not GroupNote.objects.exists() and not Encounter.objects.exists()


def test_draft_then_sign_then_locked(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    present = [world.mine, world.stranger_case]
    _save(world, peer, payer, session, intervention, _lines(goals, present, "draft"), sign=False)
    assert set(Encounter.objects.values_list("note__status", flat=True)) == {NoteStatus.DRAFT}
    note = _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    assert set(Encounter.objects.values_list("note__status", flat=True)) == {NoteStatus.SIGNED}
    assert Encounter.objects.count() == 2
    with pytest.raises(ValidationError):
        _save(world, peer, payer, session, intervention, _lines(goals, present, "late"), sign=False)
    encounter = Encounter.objects.filter(group_note=note).first()
    assert "late" not in encounter.note.participant_response


def test_supervisor_cosigns_all_but_never_their_own(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    present = [world.mine, world.stranger_case]
    note = _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    with pytest.raises(ValidationError):
        notes.group_note_cosign(actor=peer, note=note)
    assert notes.group_note_cosign(actor=world.users[Role.PEER_SUPERVISOR], note=note) == 2
    assert set(Encounter.objects.values_list("note__status", flat=True)) == {NoteStatus.COSIGNED}


def test_the_supervisors_team_page_opens_a_group_note_on_its_cosign_page(
    session_with_attendees, client_for
):
    world, peer, payer, session, intervention, goals = session_with_attendees
    payer.cosign_required = True
    payer.save(update_fields=["cosign_required"])
    present = [world.mine, world.stranger_case]
    _save(world, peer, payer, session, intervention, _lines(goals, present), sign=True)
    supervisor = world.users[Role.PEER_SUPERVISOR]
    shown = len(team_overview(supervisor).awaiting_cosign)
    response = client_for(supervisor).get(reverse("caseload:team"))
    cosign_page = reverse("groups:cosign_review", kwargs={"pk": session.public_id})
    # Each attendee's note the supervisor may see opens the whole group note, co-signed at once.
    assert shown >= 1
    assert response.content.decode().count(f'href="{cosign_page}"') == shown


def test_only_the_facilitator_writes_the_group_note(session_with_attendees):
    world, peer, payer, session, intervention, goals = session_with_attendees
    lines = _lines(goals, [world.mine, world.stranger_case])
    for actor in (world.users[Role.ORG_ADMIN], world.users[Role.PEER_SUPERVISOR]):
        with pytest.raises(PermissionDenied):
            _save(world, actor, payer, session, intervention, lines, sign=False)


def test_no_group_note_before_the_meeting_or_without_attendees(world):
    group = make_group(world, first_date=timezone.localdate() + timedelta(days=3))
    peer = world.users[Role.PEER_SPECIALIST]
    future = group.sessions.first()
    with pytest.raises(ValidationError):
        notes.group_note_save(
            actor=peer,
            session=future,
            shared={},
            summary="",
            next_steps="",
            interventions=[],
            lines={},
        )
    past_group = make_group(world, name="Other")
    with pytest.raises(ValidationError) as exc:
        notes.group_note_save(
            actor=peer,
            session=past_session(past_group),
            shared={},
            summary="",
            next_steps="",
            interventions=[],
            lines={},
        )
    assert "Mark who came" in str(exc.value)


def test_group_kind_cannot_be_logged_as_an_individual_session(world):
    with pytest.raises(ValidationError) as exc:
        encounter_create(
            actor=world.users[Role.PEER_SPECIALIST],
            participant=world.mine,
            data={
                "kind": "group",
                "starts_at": timezone.now() - timedelta(hours=2),
                "ends_at": timezone.now() - timedelta(hours=1),
            },
        )
    assert "kind" in exc.value.message_dict
