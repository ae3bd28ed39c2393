"""Encounter and note services, and the selectors that decide who sees what."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.encounters import selectors, services
from hearth.encounters.models import (
    DEFAULT_INTERVENTIONS,
    EncounterKind,
    Intervention,
    NoteStatus,
    ProgressNote,
)
from hearth.encounters.services import ConcurrentEditError
from tests.encounters.factories import (
    CertificationFactory,
    EncounterFactory,
    InterventionFactory,
    PayerFactory,
    complete_note,
    goal_for,
    signed_encounter,
)
from tests.factories import UserFactory, assign

SP, SU, OA, PM = Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.ORG_ADMIN, Role.PROGRAMME_MANAGER


def _times(minutes=30, hours_ago=2):
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=hours_ago)
    return {"starts_at": start, "ends_at": start + timedelta(minutes=minutes)}


def _yesterday_at(hour, minute=0):
    """A fixed local time on a day safely in the past (tests must not depend on the clock)."""
    day = timezone.localdate() - timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("America/New_York"))


def _create(world, actor=None, participant=None, **data):
    data = {**_times(), **data}
    return services.encounter_create(
        actor=actor or world.users[SP], participant=participant or world.mine, data=data
    )


def _note_data(**overrides):
    data = {
        "summary": "We looked at housing options together.",
        "participant_response": "I want to try the shelter on 5th.",
        "next_steps": "Visit the shelter on Tuesday.",
    }
    data.update(overrides)
    return data


def _error_fields(exc: ValidationError) -> set[str]:
    return set(exc.value.message_dict)


# --- Creating encounters ---------------------------------------------------------------------


def test_create_computes_minutes_and_units_from_the_payer_rule(world):
    payer = PayerFactory(organisation=world.org)
    encounter = _create(world, payer=payer, **_times(minutes=38))
    assert (encounter.minutes, encounter.units) == (38, 3)  # 8-minute rule: 38 → 3
    assert encounter.peer == world.users[SP]
    assert encounter.note.status == NoteStatus.DRAFT


@pytest.mark.parametrize(
    ("kind", "with_payer", "units"),
    [
        (EncounterKind.SESSION, False, 0),
        (EncounterKind.OUTREACH, True, 0),
        (EncounterKind.CONTACT_ATTEMPT, True, 0),
        (EncounterKind.ACCOMPANIED, True, 2),
    ],
)
def test_units_are_zero_without_payer_or_for_unbillable_kinds(world, kind, with_payer, units):
    payer = PayerFactory(organisation=world.org) if with_payer else None
    encounter = _create(world, kind=kind, payer=payer)
    assert encounter.minutes == 30
    assert encounter.units == units


def test_create_refuses_end_before_start(world):
    start = timezone.now() - timedelta(hours=3)
    with pytest.raises(ValidationError) as exc:
        _create(world, starts_at=start, ends_at=start - timedelta(minutes=5))
    assert "ends_at" in _error_fields(exc)
    assert "after the start" in exc.value.message_dict["ends_at"][0]


def test_create_refuses_more_than_eight_hours(world):
    start = timezone.now() - timedelta(hours=10)
    with pytest.raises(ValidationError) as exc:
        _create(world, starts_at=start, ends_at=start + timedelta(hours=8, minutes=1))
    assert "8 hours" in exc.value.message_dict["ends_at"][0]
    # Exactly eight hours is fine.
    assert _create(world, starts_at=start, ends_at=start + timedelta(hours=8)).minutes == 480


def test_create_refuses_a_session_in_the_future(world):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _create(world, starts_at=start, ends_at=start + timedelta(minutes=30))
    assert "starts_at" in _error_fields(exc)
    start = timezone.now() - timedelta(minutes=10)
    with pytest.raises(ValidationError) as exc:
        _create(world, starts_at=start, ends_at=start + timedelta(hours=1))
    assert "future" in exc.value.message_dict["ends_at"][0]


def test_create_refuses_payer_and_programme_from_another_organisation(world):
    from tests.factories import ProgrammeFactory

    foreign_payer = PayerFactory(organisation=world.other_org)
    foreign_programme = ProgrammeFactory(organisation=world.other_org)
    with pytest.raises(ValidationError) as exc:
        _create(world, payer=foreign_payer, programme=foreign_programme)
    assert {"payer", "programme"} <= _error_fields(exc)


def test_create_refuses_participants_outside_the_peers_caseload(world):
    with pytest.raises(PermissionDenied):
        _create(world, participant=world.teammate_case)
    with pytest.raises(PermissionDenied):
        _create(world, participant=world.other_org_case)
    with pytest.raises(PermissionDenied):  # an org admin sees everyone but does not log sessions
        _create(world, actor=world.users[OA])


def test_create_refuses_units_over_the_daily_cap(world):
    payer = PayerFactory(organisation=world.org, daily_unit_cap=4)
    start = _yesterday_at(10)
    first = _create(world, payer=payer, starts_at=start, ends_at=start + timedelta(minutes=45))
    assert first.units == 3
    later = start + timedelta(hours=1)
    with pytest.raises(ValidationError) as exc:
        _create(world, payer=payer, starts_at=later, ends_at=later + timedelta(minutes=30))
    message = exc.value.message_dict["ends_at"][0]
    assert "at most 4 units a day" in message and "Already logged for this day: 3" in message
    # The same session without the capped payer, or one that fits, is fine.
    assert _create(world, starts_at=later, ends_at=later + timedelta(minutes=30)).units == 0
    assert (
        _create(world, payer=payer, starts_at=later, ends_at=later + timedelta(minutes=15)).units
        == 1
    )


def test_daily_cap_counts_only_the_same_participant_payer_and_local_day(world):
    payer = PayerFactory(organisation=world.org, daily_unit_cap=2)
    other_payer = PayerFactory(organisation=world.org, daily_unit_cap=2)
    day_before = _yesterday_at(23, 30) - timedelta(days=1)
    EncounterFactory(
        participant=world.mine,
        peer=world.users[SP],
        payer=payer,
        starts_at=day_before,
        ends_at=day_before + timedelta(minutes=30),
    )
    noon = _yesterday_at(12)
    EncounterFactory(
        participant=world.own_record,
        peer=world.users[SP],
        payer=payer,
        starts_at=noon,
        ends_at=noon + timedelta(minutes=30),
    )
    EncounterFactory(
        participant=world.mine,
        peer=world.users[SP],
        payer=other_payer,
        starts_at=noon,
        ends_at=noon + timedelta(minutes=30),
    )
    start = _yesterday_at(0, 0)
    created = _create(world, payer=payer, starts_at=start, ends_at=start + timedelta(minutes=30))
    assert created.units == 2


def test_overlapping_sessions_are_allowed_but_flagged(world):
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    first = _create(world, starts_at=start, ends_at=start + timedelta(minutes=60))
    assert first.overlapping == []
    second = _create(
        world,
        participant=world.own_record,
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(minutes=90),
    )
    assert [e.pk for e in second.overlapping] == [first.pk]
    assert [e.pk for e in selectors.overlapping_encounters(first)] == [second.pk]
    touching = _create(
        world, starts_at=start + timedelta(minutes=90), ends_at=start + timedelta(minutes=100)
    )
    assert touching.overlapping == []
    event = AuditEvent.objects.filter(object_id=str(second.public_id)).get()
    assert "overlap" in event.detail


def test_create_writes_an_audit_event_without_personal_data(world):
    encounter = _create(world, location_note="Maria's kitchen")
    event = AuditEvent.objects.get(object_type="encounter", object_id=str(encounter.public_id))
    assert event.action == Action.CREATE and event.actor_id == world.users[SP].pk
    assert "Maria" not in event.detail


# --- The one-page flow and drafts -------------------------------------------------------------


def test_log_and_sign_in_one_step(world):
    services.interventions_ensure_defaults(organisation=world.org)
    goal = goal_for(world.mine)
    encounter = services.encounter_log(
        actor=world.users[SP],
        participant=world.mine,
        data=_times(),
        note_data=_note_data(),
        goals=[goal],
        interventions=Intervention.objects.filter(organisation=world.org)[:2],
        sign=True,
    )
    note = ProgressNote.objects.get(encounter=encounter)
    assert note.status == NoteStatus.SIGNED and note.signed_by == world.users[SP]
    assert note.next_steps == "Visit the shelter on Tuesday."
    assert list(note.goals_addressed.all()) == [goal]
    actions = list(
        AuditEvent.objects.filter(object_id=str(encounter.public_id)).values_list(
            "object_type", "action", "detail"
        )
    )
    assert actions[0][:2] == ("encounter", Action.CREATE)
    assert ("note", Action.STATUS, "signed") in actions


def test_log_with_sign_reports_every_problem_at_once_and_saves_nothing(world):
    start = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError) as exc:
        services.encounter_log(
            actor=world.users[SP],
            participant=world.mine,
            data={"starts_at": start, "ends_at": start - timedelta(minutes=1)},
            note_data=_note_data(participant_response="", next_steps=" "),
            sign=True,
        )
    assert _error_fields(exc) == {
        "ends_at",
        "interventions",
        "participant_response",
        "next_steps",
        "goals_addressed",
    }
    assert not ProgressNote.objects.exists()


def test_save_draft_refuses_goals_of_another_participant_and_foreign_interventions(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = encounter.note
    with pytest.raises(ValidationError) as exc:
        services.note_save_draft(
            actor=world.users[SP],
            note=note,
            data=_note_data(),
            goals=[goal_for(world.teammate_case)],
            interventions=[InterventionFactory(organisation=world.other_org)],
            expected_version=note.version,
        )
    assert _error_fields(exc) == {"goals_addressed", "interventions"}
    retired = InterventionFactory(organisation=world.org, is_active=False)
    with pytest.raises(ValidationError):
        services.note_save_draft(
            actor=world.users[SP],
            note=note,
            data={},
            goals=[],
            interventions=[retired],
            expected_version=note.version,
        )


def test_save_draft_only_by_the_peer_who_held_the_session(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    for role in (SU, OA):
        with pytest.raises(PermissionDenied):
            services.note_save_draft(
                actor=world.users[role],
                note=encounter.note,
                data=_note_data(),
                goals=[],
                interventions=[],
                expected_version=1,
            )


def test_concurrent_draft_edit_is_refused_and_nothing_is_written(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = encounter.note
    services.note_save_draft(
        actor=world.users[SP],
        note=note,
        data=_note_data(summary="Phone edit"),
        goals=[],
        interventions=[],
        expected_version=1,
    )
    stale = ProgressNote.objects.get(pk=note.pk)
    with pytest.raises(ConcurrentEditError) as exc:
        services.note_save_draft(
            actor=world.users[SP],
            note=stale,
            data=_note_data(summary="Laptop edit"),
            goals=[],
            interventions=[],
            expected_version=1,
        )
    assert exc.value.current.version == 2
    assert ProgressNote.objects.get(pk=note.pk).summary == "Phone edit"


# --- Signing -------------------------------------------------------------------------------


def test_sign_requires_interventions_response_and_next_steps(world):
    encounter = EncounterFactory(
        participant=world.mine, peer=world.users[SP], kind=EncounterKind.OUTREACH
    )
    with pytest.raises(ValidationError) as exc:
        services.note_sign(actor=world.users[SP], note=encounter.note, expected_version=1)
    assert _error_fields(exc) == {"interventions", "participant_response", "next_steps"}


def test_sign_requires_a_plan_goal_for_billable_kinds_only(world):
    session = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = complete_note(session)
    note.goals_addressed.clear()
    with pytest.raises(ValidationError) as exc:
        services.note_sign(actor=world.users[SP], note=note, expected_version=note.version)
    assert _error_fields(exc) == {"goals_addressed"}
    outreach = EncounterFactory(
        participant=world.mine, peer=world.users[SP], kind=EncounterKind.CONTACT_ATTEMPT
    )
    note = complete_note(outreach)
    signed = services.note_sign(actor=world.users[SP], note=note, expected_version=note.version)
    assert signed.status == NoteStatus.SIGNED


def test_sign_only_by_the_peer(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = complete_note(encounter)
    with pytest.raises(PermissionDenied):
        services.note_sign(actor=world.users[SU], note=note, expected_version=note.version)


def test_sign_stamps_the_certification_valid_on_the_session_date(world):
    peer = world.users[SP]
    peer.credential = "Peer in training"
    peer.save(update_fields=["credential"])
    today = timezone.localdate()
    CertificationFactory(
        user=peer,
        name="CPS-old",
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=400),
    )
    CertificationFactory(user=peer, name="CPS", issued_on=today - timedelta(days=30))
    recent = EncounterFactory(participant=world.mine, peer=peer)
    note = complete_note(recent)
    assert services.note_sign(actor=peer, note=note, expected_version=1).signer_credential == "CPS"
    # A session from before the current certification: the profile credential is used.
    old_start = timezone.now() - timedelta(days=100)
    older = EncounterFactory(participant=world.mine, peer=peer, starts_at=old_start)
    note = complete_note(older)
    signed = services.note_sign(actor=peer, note=note, expected_version=1)
    assert signed.signer_credential == "Peer in training"


def test_sign_marks_late_entries(world):
    world.org.late_entry_hours = 24
    world.org.save(update_fields=["late_entry_hours"])
    start = timezone.now() - timedelta(hours=30)
    late = EncounterFactory(participant=world.mine, peer=world.users[SP], starts_at=start)
    note = services.note_sign(actor=world.users[SP], note=complete_note(late), expected_version=1)
    assert note.late_entry is True
    prompt = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = services.note_sign(actor=world.users[SP], note=complete_note(prompt), expected_version=1)
    assert note.late_entry is False
    assert AuditEvent.objects.filter(object_type="note", detail="signed,late_entry").count() == 1


def test_sign_refuses_a_note_changed_since_it_was_read(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    note = complete_note(encounter)
    services.note_save_draft(
        actor=world.users[SP],
        note=note,
        data=_note_data(),
        goals=note.goals_addressed.all(),
        interventions=note.interventions.all(),
        expected_version=1,
    )
    with pytest.raises(ConcurrentEditError):
        services.note_sign(actor=world.users[SP], note=note, expected_version=1)
    assert ProgressNote.objects.get(pk=note.pk).status == NoteStatus.DRAFT


# --- Locking and addenda ----------------------------------------------------------------------


def test_signed_notes_and_their_encounters_cannot_change(world):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    note = encounter.note
    with pytest.raises(ValidationError) as exc:
        services.encounter_update(
            actor=world.users[SP],
            encounter=encounter,
            data={"location_note": "x"},
            expected_version=encounter.version,
        )
    assert "addendum" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.note_save_draft(
            actor=world.users[SP],
            note=note,
            data=_note_data(summary="rewritten"),
            goals=[],
            interventions=[],
            expected_version=note.version,
        )
    with pytest.raises(ValidationError):
        services.note_sign(actor=world.users[SP], note=note, expected_version=note.version)
    assert ProgressNote.objects.get(pk=note.pk).summary == "Talked through the housing application."


def test_update_recomputes_units_while_draft_and_refuses_stale_versions(world):
    payer = PayerFactory(organisation=world.org)
    encounter = _create(world, payer=payer)
    start = encounter.starts_at
    updated = services.encounter_update(
        actor=world.users[SP],
        encounter=encounter,
        data={"ends_at": start + timedelta(minutes=60)},
        expected_version=1,
    )
    assert (updated.minutes, updated.units, updated.version) == (60, 4, 2)
    with pytest.raises(ConcurrentEditError):
        services.encounter_update(
            actor=world.users[SP],
            encounter=encounter,
            data={"location_note": "park"},
            expected_version=1,
        )
    with pytest.raises(PermissionDenied):
        services.encounter_update(
            actor=world.users[SU], encounter=encounter, data={}, expected_version=2
        )


def test_addendum_keeps_the_original_and_is_dated_and_stamped(world):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    note = encounter.note
    supervisor = world.users[SU]
    supervisor.credential = "CPRS"
    supervisor.save(update_fields=["credential"])
    addendum = services.note_add_addendum(
        actor=supervisor, note=note, text="  The meeting was at the library, not the office. "
    )
    assert addendum.text == "The meeting was at the library, not the office."
    assert addendum.author_credential == "CPRS" and addendum.signed_at is not None
    fresh = ProgressNote.objects.get(pk=note.pk)
    assert fresh.summary == "Talked through the housing application."
    assert fresh.version == note.version and fresh.status == NoteStatus.SIGNED
    services.note_add_addendum(actor=world.users[SP], note=note, text="Also: bus pass given.")
    services.note_add_addendum(actor=world.users[OA], note=note, text="Payer code corrected.")
    assert note.addenda.count() == 3
    assert AuditEvent.objects.filter(object_type="note", detail="addendum").count() == 3


def test_addendum_refused_for_drafts_strangers_and_empty_text(world):
    draft = EncounterFactory(participant=world.mine, peer=world.users[SP])
    with pytest.raises(ValidationError):
        services.note_add_addendum(actor=world.users[SP], note=draft.note, text="x")
    signed = signed_encounter(participant=world.mine, peer=world.users[SP])
    teammate = UserFactory(organisation=world.org, role=SP, with_totp=False)
    for outsider in (teammate, world.users[PM]):
        with pytest.raises(PermissionDenied):
            services.note_add_addendum(actor=outsider, note=signed.note, text="x")
    with pytest.raises(ValidationError) as exc:
        services.note_add_addendum(actor=world.users[SP], note=signed.note, text="   ")
    assert "text" in _error_fields(exc)


# --- Co-signing ---------------------------------------------------------------------------


def test_supervisor_cosigns_a_supervisees_signed_note(world):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP], cosign_required=True)
    note = services.note_cosign(actor=world.users[SU], note=encounter.note)
    fresh = ProgressNote.objects.get(pk=note.pk)
    assert fresh.status == NoteStatus.COSIGNED and fresh.cosigned_by == world.users[SU]
    with pytest.raises(ValidationError, match="already co-signed"):
        services.note_cosign(actor=world.users[SU], note=fresh)


def test_cosigning_ones_own_note_is_refused_with_a_clear_message(world):
    supervisor = world.users[SU]
    encounter = signed_encounter(participant=world.mine, peer=supervisor)
    with pytest.raises(ValidationError, match="can't co-sign your own note"):
        services.note_cosign(actor=supervisor, note=encounter.note)


def test_cosign_refused_for_other_supervisors_admins_and_drafts(world):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    other_supervisor = UserFactory(organisation=world.org, role=SU, with_totp=False)
    for actor in (other_supervisor, world.users[OA], world.users[SP]):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.note_cosign(actor=actor, note=encounter.note)
    assert ProgressNote.objects.get(pk=encounter.note.pk).status == NoteStatus.SIGNED
    draft = EncounterFactory(participant=world.mine, peer=world.users[SP])
    with pytest.raises(ValidationError, match="has to sign"):
        services.note_cosign(actor=world.users[SU], note=draft.note)


# --- Configuration ----------------------------------------------------------------------------


def test_default_interventions_are_created_once(world):
    services.interventions_ensure_defaults(organisation=world.org)
    services.interventions_ensure_defaults(organisation=world.org)
    assert Intervention.objects.filter(organisation=world.org).count() == len(DEFAULT_INTERVENTIONS)
    assert not Intervention.objects.filter(organisation=world.other_org).exists()


# --- Who sees what ---------------------------------------------------------------------------


def test_a_peer_cannot_see_another_peers_caseload_sessions(world):
    teammate = world.teammate_case.assignments.get().specialist
    theirs = EncounterFactory(participant=world.teammate_case, peer=teammate)
    mine = EncounterFactory(participant=world.mine, peer=world.users[SP])
    specialist = world.users[SP]
    assert list(selectors.encounters_for(specialist)) == [mine]
    with pytest.raises(Http404):
        selectors.get_encounter_for(specialist, theirs.public_id)
    with pytest.raises(Http404):
        selectors.get_encounter_for(specialist, "not-a-uuid")


def test_a_supervisor_sees_their_teams_sessions_only(world):
    teammate = world.teammate_case.assignments.get().specialist
    team = {
        EncounterFactory(participant=world.mine, peer=world.users[SP]).pk,
        EncounterFactory(participant=world.teammate_case, peer=teammate).pk,
    }
    other_supervisor = UserFactory(organisation=world.org, role=SU, with_totp=False)
    outsider = UserFactory(
        organisation=world.org, role=SP, supervisor=other_supervisor, with_totp=False
    )
    assign(world.stranger_case, outsider)
    hidden = EncounterFactory(participant=world.stranger_case, peer=outsider)
    foreign = EncounterFactory(participant=world.other_org_case)
    seen = {e.pk for e in selectors.encounters_for(world.users[SU])}
    assert seen == team
    assert hidden.pk not in seen and foreign.pk not in seen
    assert {e.pk for e in selectors.encounters_for(world.users[OA])} == team | {hidden.pk}


def test_a_peer_still_sees_their_own_session_after_reassignment(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    world.mine.assignments.update(ended_at=timezone.now())
    assert selectors.get_encounter_for(world.users[SP], encounter.public_id) == encounter


def test_overdue_notes_for_the_peer_and_their_supervisor(world):
    world.org.note_overdue_hours = 72
    world.org.save(update_fields=["note_overdue_hours"])
    long_ago = timezone.now() - timedelta(hours=80)
    overdue = EncounterFactory(participant=world.mine, peer=world.users[SP], starts_at=long_ago)
    EncounterFactory(participant=world.mine, peer=world.users[SP])  # recent draft
    signed_encounter(participant=world.mine, peer=world.users[SP], starts_at=long_ago)
    teammate = world.teammate_case.assignments.get().specialist
    theirs = EncounterFactory(participant=world.teammate_case, peer=teammate, starts_at=long_ago)
    assert [n.encounter for n in selectors.overdue_notes_for(world.users[SP])] == [overdue]
    assert {n.encounter for n in selectors.overdue_notes_for(world.users[SU])} == {overdue, theirs}
    assert list(selectors.overdue_notes_for(world.users[Role.PARTICIPANT])) == []
    world.org.note_overdue_hours = 100
    world.org.save(update_fields=["note_overdue_hours"])
    world.users[SP].refresh_from_db()
    assert list(selectors.overdue_notes_for(world.users[SP])) == []


def test_notes_awaiting_cosign_only_where_the_payer_requires_it(world):
    needs = signed_encounter(participant=world.mine, peer=world.users[SP], cosign_required=True)
    signed_encounter(participant=world.mine, peer=world.users[SP])  # payer does not require
    EncounterFactory(
        participant=world.mine, peer=world.users[SP], payer=needs.payer
    )  # still a draft
    other_supervisor = UserFactory(organisation=world.org, role=SU, with_totp=False)
    assert [n.encounter for n in selectors.notes_awaiting_cosign_for(world.users[SU])] == [needs]
    assert list(selectors.notes_awaiting_cosign_for(other_supervisor)) == []
    assert list(selectors.notes_awaiting_cosign_for(world.users[SP])) == []


def test_participants_see_their_own_signed_notes_only_when_shared(world):
    participant_user = world.users[Role.PARTICIPANT]
    signed = signed_encounter(participant=world.own_record, peer=world.users[SP])
    EncounterFactory(participant=world.own_record, peer=world.users[SP])  # draft
    signed_encounter(participant=world.mine, peer=world.users[SP])  # someone else's
    assert list(selectors.own_notes_for_participant(participant_user)) == []
    world.org.share_notes_with_participants = True
    world.org.save(update_fields=["share_notes_with_participants"])
    assert [n.encounter for n in selectors.own_notes_for_participant(participant_user)] == [signed]
    assert list(selectors.own_notes_for_participant(world.users[SP])) == []


def test_record_view_writes_one_audit_event(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    services.encounter_record_view(actor=world.users[SP], encounter=encounter)
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.object_type, event.object_id) == ("encounter", str(encounter.public_id))


def test_unknown_fields_are_refused(world):
    with pytest.raises(ValidationError):
        _create(world, minutes=999)
    with pytest.raises(ValidationError):
        services.encounter_log(
            actor=world.users[SP],
            participant=world.mine,
            data=_times(),
            note_data={"status": "signed"},
        )


def test_factories_build_consistent_records(world):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    assert encounter.organisation == world.org and encounter.note.status == NoteStatus.DRAFT
