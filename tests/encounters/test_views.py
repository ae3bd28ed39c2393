"""Session and note pages through the test client."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.audit.models import Action, AuditEvent
from hearth.core.policy import Role
from hearth.encounters.models import Encounter, Intervention, NoteStatus, ProgressNote
from tests.encounters.factories import (
    EncounterFactory,
    PayerFactory,
    complete_note,
    goal_for,
    signed_encounter,
)
from tests.factories import UserFactory

SP, SU, OA, PM = Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR, Role.ORG_ADMIN, Role.PROGRAMME_MANAGER
NEW_YORK = ZoneInfo("America/New_York")


def _yesterday_at_ten():
    """A fixed local time safely in the past, so no test depends on the hour it runs."""
    day = timezone.localdate() - timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=NEW_YORK)


def _session_post(world, **overrides):
    """A complete, signable session yesterday at 10:00 (the organisation's local time)."""
    start = _yesterday_at_ten()
    interventions = Intervention.objects.filter(organisation=world.org)
    data = {
        "kind": "session",
        "mode": "in_person",
        "place_of_service": "11",
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": (start + timedelta(minutes=30)).strftime("%H:%M"),
        "interventions": [i.pk for i in interventions[:1]],
        "summary": "Went over the bus routes.",
        "participant_response": "I can do this on my own next time.",
        "next_steps": "Ride to the clinic together on Friday.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _new_url(world):
    return reverse("encounters:new", args=[world.mine.public_id])


def _open_form(client, world):
    """GET the form once (this also gives the organisation its default interventions)."""
    response = client.get(_new_url(world))
    assert response.status_code == 200
    return response


# --- Logging a session -------------------------------------------------------------------------


def test_new_session_form_has_sensible_defaults(world, client_for):
    payer = PayerFactory(organisation=world.org)
    client = client_for(world.users[SP])
    response = _open_form(client, world)
    form = response.context["form"]
    assert form.initial["payer"] == payer.pk
    assert form.initial["programme"] == world.programme.pk
    assert form.initial["mode"] == "in_person" and form.initial["place_of_service"] == "11"
    body = response.content.decode()
    assert "Save draft" in body and "Sign now" in body
    assert 'hx-post="/encounters/units/"' in body
    # (Empty only in the first minutes after midnight, when the default session is 0 long.)
    assert response.context["units_preview"] == "" or "units" in response.context["units_preview"]


def test_no_payer_preselected_when_there_are_several(world, client_for):
    PayerFactory.create_batch(2, organisation=world.org)
    response = _open_form(client_for(world.users[SP]), world)
    assert "payer" not in response.context["form"].initial


def test_save_draft_then_sign_from_the_detail_page(world, client_for):
    client = client_for(world.users[SP])
    _open_form(client, world)
    goal = goal_for(world.mine)
    response = client.post(
        _new_url(world), _session_post(world, goals_addressed=[goal.pk], save="draft")
    )
    assert response.status_code == 302, response.context["form"].errors
    encounter = Encounter.objects.get(participant=world.mine)
    assert response["Location"] == reverse("encounters:detail", args=[encounter.public_id])
    assert encounter.note.status == NoteStatus.DRAFT and encounter.minutes == 30
    response = client.post(
        reverse("encounters:sign", args=[encounter.public_id]), {"version": encounter.note.version}
    )
    assert response.status_code == 302
    assert ProgressNote.objects.get(encounter=encounter).status == NoteStatus.SIGNED


def test_sign_now_logs_and_signs_in_one_go(world, client_for):
    payer = PayerFactory(organisation=world.org)
    client = client_for(world.users[SP])
    _open_form(client, world)
    goal = goal_for(world.mine)
    response = client.post(
        _new_url(world),
        _session_post(world, goals_addressed=[goal.pk], payer=payer.pk, sign="sign"),
    )
    assert response.status_code == 302
    encounter = Encounter.objects.get(participant=world.mine)
    assert encounter.units == 2
    page = client.get(response["Location"]).content.decode()
    assert "Session logged and note signed." in page
    assert "Signed by" in page
    assert reverse("encounters:edit", args=[encounter.public_id]) not in page


def test_sign_now_with_missing_elements_shows_field_errors_and_keeps_input(world, client_for):
    client = client_for(world.users[SP])
    _open_form(client, world)
    response = client.post(
        _new_url(world),
        _session_post(
            world, interventions=[], next_steps="", sign="sign", summary="Keep this text"
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"interventions", "next_steps", "goals_addressed"} <= set(errors)
    assert "Keep this text" in response.content.decode()
    assert not Encounter.objects.exists()


def test_bad_times_are_field_errors_never_500s(world, client_for):
    client = client_for(world.users[SP])
    _open_form(client, world)
    cases = [
        ({"end": "00:00", "start": "23:59"}, "end"),
        ({"date": "2020-13-45"}, "date"),
        ({"start": "noon"}, "start"),
        ({"date": (timezone.localdate() + timedelta(days=3)).isoformat()}, "start"),
        ({"start": "00:00", "end": "09:00", "date": "2024-01-02"}, "end"),
        ({"kind": "therapy"}, "kind"),
        ({"payer": "999999"}, "payer"),
        ({"goals_addressed": ["abc"]}, "goals_addressed"),
    ]
    for overrides, field in cases:
        response = client.post(_new_url(world), _session_post(world, **overrides))
        assert response.status_code == 400, overrides
        assert field in response.context["form"].errors, (
            overrides,
            response.context["form"].errors,
        )
    assert not Encounter.objects.exists()


def test_daily_cap_refusal_is_shown_on_the_end_time(world, client_for):
    payer = PayerFactory(organisation=world.org, daily_unit_cap=1)
    client = client_for(world.users[SP])
    _open_form(client, world)
    response = client.post(_new_url(world), _session_post(world, payer=payer.pk))
    assert response.status_code == 400
    assert "at most 1 unit a day" in " ".join(response.context["form"].errors["end"])


def test_units_preview_endpoint(world, client_for):
    payer = PayerFactory(organisation=world.org)
    client = client_for(world.users[SP])
    url = reverse("encounters:units")
    data = {
        "kind": "session",
        "date": "2024-05-01",
        "start": "10:00",
        "end": "10:38",
        "payer": payer.pk,
    }
    assert client.post(url, data).content.decode() == "≈ 3 units (38 minutes)"
    assert "not billed" in client.post(url, {**data, "payer": ""}).content.decode()
    assert "not billed" in client.post(url, {**data, "kind": "outreach"}).content.decode()
    assert client.post(url, {**data, "end": "09:00"}).content.decode() == ""
    assert client.post(url, {"kind": "x"}).status_code == 200


def test_overlap_warning_after_logging_and_on_the_detail_page(world, client_for):
    client = client_for(world.users[SP])
    _open_form(client, world)
    start = _yesterday_at_ten()
    EncounterFactory(
        participant=world.own_record,
        peer=world.users[SP],
        starts_at=start + timedelta(minutes=10),
        ends_at=start + timedelta(minutes=50),
    )
    response = client.post(_new_url(world), _session_post(world), follow=True)
    assert response.status_code == 200
    assert "overlaps another session" in response.content.decode()


# --- Detail, edit, sign, co-sign, addenda ------------------------------------------------------


def test_detail_shows_the_note_and_writes_one_view_event(world, client_for):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    response = client_for(world.users[SU]).get(
        reverse("encounters:detail", args=[encounter.public_id])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "I feel better having a plan." in body and "Signed by" in body and "CPS" in body
    views = AuditEvent.objects.filter(action=Action.VIEW, object_type="encounter")
    assert [e.object_id for e in views] == [str(encounter.public_id)]


def test_detail_is_404_outside_scope(world, client_for):
    teammate = world.teammate_case.assignments.get().specialist
    theirs = EncounterFactory(participant=world.teammate_case, peer=teammate)
    foreign = EncounterFactory(participant=world.other_org_case)
    specialist = client_for(world.users[SP])
    for encounter in (theirs, foreign):
        for name in ("encounters:detail", "encounters:edit", "encounters:addendum"):
            response = specialist.get(reverse(name, args=[encounter.public_id]))
            assert response.status_code == 404, name
            assert "Tom Reed" not in response.content.decode()
    assert (
        client_for(world.users[SU])
        .get(reverse("encounters:detail", args=[foreign.public_id]))
        .status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_edit_after_signing_redirects_with_the_addendum_offer(world, client_for):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    client = client_for(world.users[SP])
    url = reverse("encounters:edit", args=[encounter.public_id])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "encounters:detail", args=[encounter.public_id]
    )
    assert "Add an addendum" in response.content.decode()
    response = client.post(url, _session_post(world, summary="rewritten"))
    assert response.status_code == 302
    assert ProgressNote.objects.get(pk=encounter.note.pk).summary != "rewritten"


def test_edit_draft_saves_and_refuses_concurrent_edits_keeping_input(world, client_for):
    client = client_for(world.users[SP])
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    url = reverse("encounters:edit", args=[encounter.public_id])
    form = client.get(url).context["form"]
    posted = {k: v for k, v in form.initial.items() if v is not None}
    posted.update(
        date=form.initial["date"].isoformat(),
        start=form.initial["start"].strftime("%H:%M"),
        end=form.initial["end"].strftime("%H:%M"),
        summary="First device",
        interventions=[],
        goals_addressed=[],
    )
    assert client.post(url, posted).status_code == 302
    assert ProgressNote.objects.get(pk=encounter.note.pk).summary == "First device"
    response = client.post(url, {**posted, "summary": "Second device, stale"})
    assert response.status_code == 409
    assert "Second device, stale" in response.content.decode()
    assert ProgressNote.objects.get(pk=encounter.note.pk).summary == "First device"


def test_sign_with_missing_elements_goes_back_to_the_form_with_the_reasons(world, client_for):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    response = client_for(world.users[SP]).post(
        reverse("encounters:sign", args=[encounter.public_id]), {"version": 1}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("encounters:edit", args=[encounter.public_id])
    assert "Not signed yet" in response.content.decode()
    assert ProgressNote.objects.get(pk=encounter.note.pk).status == NoteStatus.DRAFT


def test_cosign_page_flow_and_own_note_refusal(world, client_for):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP], cosign_required=True)
    supervisor = client_for(world.users[SU])
    page = supervisor.get(reverse("encounters:detail", args=[encounter.public_id]))
    assert "Co-sign note" in page.content.decode()
    response = supervisor.post(
        reverse("encounters:cosign", args=[encounter.public_id]), follow=True
    )
    assert "Co-signed by" in response.content.decode()
    own = signed_encounter(participant=world.mine, peer=world.users[SU])
    response = supervisor.post(reverse("encounters:cosign", args=[own.public_id]), follow=True)
    assert "can&#x27;t co-sign your own note" in response.content.decode()
    assert ProgressNote.objects.get(pk=own.note.pk).status == NoteStatus.SIGNED


def test_other_supervisor_cannot_cosign(world, client_for):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    other = UserFactory(organisation=world.org, role=SU)
    response = client_for(other).post(reverse("encounters:cosign", args=[encounter.public_id]))
    assert response.status_code == 404  # not their team: they cannot see it at all


def test_addendum_page_adds_and_keeps_the_original(world, client_for):
    encounter = signed_encounter(participant=world.mine, peer=world.users[SP])
    client = client_for(world.users[SP])
    url = reverse("encounters:addendum", args=[encounter.public_id])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "Correction: we met at 3pm."}, follow=True)
    body = response.content.decode()
    assert "Correction: we met at 3pm." in body and "Talked through the housing" in body
    draft = EncounterFactory(participant=world.mine, peer=world.users[SP])
    response = client.get(reverse("encounters:addendum", args=[draft.public_id]))
    assert response.status_code == 302


# --- Cards on other pages ---------------------------------------------------------------------


def test_participant_page_sessions_card(world, client_for):
    encounter = EncounterFactory(participant=world.mine, peer=world.users[SP])
    url = reverse("participants:detail", args=[world.mine.public_id])
    body = client_for(world.users[SP]).get(url).content.decode()
    assert "Sessions" in body and "Log a session" in body
    assert reverse("encounters:detail", args=[encounter.public_id]) in body
    admin_body = client_for(world.users[OA]).get(url).content.decode()
    assert reverse("encounters:detail", args=[encounter.public_id]) in admin_body
    assert "Log a session" not in admin_body


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_sessions_card_queries_do_not_grow_with_sessions(world, client_for):
    client = client_for(world.users[SU])
    url = reverse("participants:detail", args=[world.mine.public_id])
    client.get(url)
    teammate = world.teammate_case.assignments.get().specialist
    EncounterFactory(participant=world.mine, peer=world.users[SP])
    few = _queries(client, url)
    for i in range(12):
        peer = world.users[SP] if i % 2 else teammate
        encounter = EncounterFactory(
            participant=world.mine, peer=peer, payer=PayerFactory(organisation=world.org)
        )
        if i % 3 == 0:
            complete_note(encounter)
    many = _queries(client, url)
    grew = Counter(q[:120] for q in many) - Counter(q[:120] for q in few)
    assert len(few) == len(many), dict(grew)


def test_participant_sees_own_signed_notes_only_when_enabled(world, client_for):
    signed = signed_encounter(participant=world.own_record, peer=world.users[SP])
    draft = EncounterFactory(participant=world.own_record, peer=world.users[SP])
    draft.note.next_steps = "Draft words"
    draft.note.save()
    client = client_for(world.users[Role.PARTICIPANT])
    url = reverse("participants_self:home")
    body = client.get(url).content.decode()
    assert "Notes from our sessions" not in body
    world.org.share_notes_with_participants = True
    world.org.save(update_fields=["share_notes_with_participants"])
    body = client.get(url).content.decode()
    assert "Notes from our sessions" in body
    assert signed.note.next_steps in body and "Draft words" not in body
