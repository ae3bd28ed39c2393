"""Group pages through the test client: the public listing and its filters, feeds parsed
back, joining and the waitlist, the roster and its one-tap marks, the group note form,
404s for records outside one's reach, and flat query counts on list pages."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.encounters.models import Encounter, NoteStatus
from hearth.groups import services
from hearth.groups.models import Attendance, Registration, RegistrationStatus
from tests.encounters.claims_factories import certify, make_payer
from tests.encounters.factories import InterventionFactory, goal_for
from tests.factories import OrganisationFactory, UserFactory
from tests.groups.helpers import future_session, make_group, past_session

pytestmark = pytest.mark.django_db


def _queries(fn) -> int:
    """Queries for a request, after one warm-up request (session and per-process caches)."""
    fn()
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- Public listing ---------------------------------------------------------------------


def test_public_listing_shows_the_crisis_banner_before_the_groups(world):
    make_group(world, name="Eating Well on a Budget")
    body = Client().get(reverse("groups:public_list")).content.decode()
    assert body.index("crisis-banner") < body.index("Eating Well on a Budget")
    assert 'href="tel:988"' in body


def test_public_listing_is_cached_but_shows_a_change_at_once(world):
    group = make_group(world, name="Walking group")
    client = Client()
    url = reverse("groups:public_list")
    assert "Walking group" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        assert "Walking group" in client.get(url).content.decode()
    assert not [q for q in ctx.captured_queries if "groups_group" in q["sql"]]  # served cached
    group.name = "Sunday walking group"
    group.save(update_fields=["name"])
    assert "Sunday walking group" in client.get(url).content.decode()
    services.session_cancel(actor=world.users[Role.ORG_ADMIN], session=future_session(group))
    assert client.get(url).status_code == 200


def test_public_listing_pages_keep_the_filters(world):
    for i in range(30):
        make_group(world, name=f"Veterans {i:02d}", audience="veterans")
    body = Client().get(reverse("groups:public_list"), {"audience": "veterans"}).content.decode()
    assert 'href="?audience=veterans&amp;page=2"' in body


def test_public_listing_filters_by_day_audience_language_and_format(world):
    today = timezone.localdate()
    thursday = today + timedelta(days=(3 - today.weekday()) % 7)
    make_group(world, name="Thursday veterans", first_date=thursday, audience="veterans")
    make_group(
        world,
        name="Grupo de apoyo",
        first_date=thursday + timedelta(days=1),
        audience="everyone",
        language="es",
        format="online",
        room="",
    )
    make_group(world, name="Hidden", first_date=thursday, is_public=False)
    client = Client()

    def names(**params):
        body = client.get(reverse("groups:public_list"), params).content.decode()
        return {n for n in ("Thursday veterans", "Grupo de apoyo", "Hidden") if n in body}

    assert names() == {"Thursday veterans", "Grupo de apoyo"}
    assert names(day="3") == {"Thursday veterans"}
    assert names(day="4") == {"Grupo de apoyo"}
    assert names(audience="veterans") == {"Thursday veterans"}
    assert names(language="es") == {"Grupo de apoyo"}
    assert names(format="online") == {"Grupo de apoyo"}
    assert names(format="in_person") == {"Thursday veterans"}
    # A filter value that makes no sense shows everything rather than an error.
    assert client.get(reverse("groups:public_list"), {"day": "9"}).status_code == 200


def test_public_listing_query_count_stays_flat(world):
    make_group(world)
    url = reverse("groups:public_list")
    few = _queries(lambda: Client().get(url))
    for i in range(10):
        make_group(world, name=f"Group {i}", programme=world.programme)
    assert _queries(lambda: Client().get(url)) == few


def test_private_or_stopped_group_has_no_public_page(world):
    hidden = make_group(world, is_public=False)
    assert Client().get(reverse("groups:public_detail", args=[hidden.public_id])).status_code == 404
    assert Client().get(reverse("groups:group_ics", args=[hidden.public_id])).status_code == 404


# --- Feeds ---------------------------------------------------------------------------------


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_group_feed_lists_each_meeting_with_a_stable_uid_and_cancellations(world):
    group = make_group(
        world,
        first_date=timezone.localdate() + timedelta(days=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        start_time=time(18, 0),
    )
    session = future_session(group)
    url = reverse("groups:group_ics", args=[group.public_id])
    before = _events(Client().get(url))
    uid = f"{session.public_id}@hearth"
    assert len(before) == 4 and str(before[uid]["STATUS"]) == "CONFIRMED"
    services.session_cancel(actor=world.users[Role.ORG_ADMIN], session=session, reason="Holiday")
    after = _events(Client().get(url))
    assert set(after) == set(before)  # same UIDs: calendar apps update, not duplicate
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    start = after[uid].decoded("DTSTART")
    assert (start.hour, start.minute) == (18, 0)
    assert str(after[uid]["DTSTART"].params["TZID"]) == "America/New_York"
    assert str(after[uid]["SUMMARY"]) == group.name
    assert str(after[uid]["URL"]).endswith(f"/groups/{group.public_id}/")


def test_programme_feed_has_only_its_public_groups(world):
    mine = make_group(
        world,
        programme=world.programme,
        rrule="FREQ=WEEKLY;COUNT=2",
        first_date=timezone.localdate() + timedelta(days=2),
    )
    make_group(world, name="Elsewhere", rrule="FREQ=WEEKLY;COUNT=2")
    make_group(world, name="Private", programme=world.programme, is_public=False)
    events = _events(
        Client().get(reverse("groups:programme_ics", args=[world.programme.public_id]))
    )
    assert {str(e["SUMMARY"]) for e in events.values()} == {mine.name}


def test_person_feed_needs_only_the_secret_link_and_is_audited(world):
    member = world.users[Role.COMMUNITY_MEMBER]
    group = make_group(
        world, first_date=timezone.localdate() + timedelta(days=1), rrule="FREQ=WEEKLY;COUNT=3"
    )
    make_group(world, name="Not mine", rrule="FREQ=WEEKLY;COUNT=3")
    services.registration_join(actor=member, group=group)
    token = services.calendar_link_reset(actor=member)
    response = Client().get(reverse("groups:person_ics", args=[token]))
    assert {str(e["SUMMARY"]) for e in _events(response).values()} == {group.name}
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(object_type="calendar_link", detail="feed").exists()
    assert Client().get(reverse("groups:person_ics", args=["guessed"])).status_code == 404


# --- Joining, my groups ------------------------------------------------------------------


def test_participant_registers_from_the_public_page_then_adds_it_to_their_calendar(
    world, client_for
):
    group = make_group(world, capacity=1)
    client = client_for(world.users[Role.PARTICIPANT])
    page = client.get(reverse("groups:public_detail", args=[group.public_id])).content.decode()
    assert "Register" in page and reverse("groups:group_ics", args=[group.public_id]) in page
    response = client.post(
        reverse("groups:join", args=[group.public_id]), {"reminder_channel": "email"}, follow=True
    )
    assert "You have a place" in response.content.decode()
    registration = Registration.objects.get(group=group)
    assert registration.participant == world.own_record
    member = client_for(world.users[Role.COMMUNITY_MEMBER])
    response = member.post(reverse("groups:join", args=[group.public_id]), follow=True)
    assert "waitlist" in response.content.decode()
    assert Registration.objects.get(user=world.users[Role.COMMUNITY_MEMBER]).status == (
        RegistrationStatus.WAITLISTED
    )


def test_my_groups_shows_the_new_calendar_link_once(world, client_for):
    client = client_for(world.users[Role.COMMUNITY_MEMBER])
    client.post(reverse("groups:calendar_link"))
    first = client.get(reverse("groups:mine")).content.decode()
    assert "/groups/feed/" in first
    assert "/groups/feed/" not in client.get(reverse("groups:mine")).content.decode()


def test_my_groups_query_count_stays_flat(world, client_for):
    member = world.users[Role.COMMUNITY_MEMBER]
    client = client_for(member)
    services.registration_join(actor=member, group=make_group(world))
    few = _queries(lambda: client.get(reverse("groups:mine")))
    for i in range(5):
        services.registration_join(actor=member, group=make_group(world, name=f"G{i}"))
    assert _queries(lambda: client.get(reverse("groups:mine"))) == few


def test_reminder_channel_choice_is_saved(world, client_for):
    member = world.users[Role.COMMUNITY_MEMBER]
    registration = services.registration_join(actor=member, group=make_group(world))
    client_for(member).post(
        reverse("groups:registration_channel", args=[registration.pk]), {"reminder_channel": "none"}
    )
    registration.refresh_from_db()
    assert registration.reminder_channel == "none"


def test_someone_elses_registration_is_404(world, client_for):
    registration = services.registration_join(
        actor=world.users[Role.COMMUNITY_MEMBER], group=make_group(world)
    )
    client = client_for(world.users[Role.PARTICIPANT])
    url = reverse("groups:registration_cancel", args=[registration.pk])
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_certificate_pdf_after_enough_sessions_only(world, client_for):
    group = make_group(world, completion_required=2)
    participant = world.users[Role.PARTICIPANT]
    registration = services.registration_join(actor=participant, group=group)
    client = client_for(participant)
    url = reverse("groups:certificate", args=[group.public_id])
    sessions = list(group.sessions.filter(ends_at__lt=timezone.now()))[:2]
    services.attendance_mark(
        actor=world.users[Role.PEER_SPECIALIST],
        session=sessions[0],
        registration=registration,
        present=True,
    )
    assert client.get(url).status_code == 404
    services.attendance_mark(
        actor=world.users[Role.PEER_SPECIALIST],
        session=sessions[1],
        registration=registration,
        present=True,
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Staff -------------------------------------------------------------------------------


def test_manager_creates_a_group_and_a_bad_rule_keeps_the_input(world, client_for):
    client = client_for(world.users[Role.PROGRAMME_MANAGER])
    data = {
        "name": "Family class",
        "kind": "open",
        "audience": "families",
        "language": "en",
        "format": "in_person",
        "timezone": "America/New_York",
        "first_date": timezone.localdate().isoformat(),
        "start_time": "18:00",
        "duration_minutes": "90",
        "rrule": "FREQ=SECONDLY",
        "is_public": "on",
        "is_active": "on",
        "facilitators": [world.users[Role.PEER_SPECIALIST].pk],
    }
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "more than 1000 meetings" in body and "Family class" in body
    data["rrule"] = "FREQ=WEEKLY;BYDAY=TU"
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 302


def test_manager_sees_overlap_flags_for_a_shared_facilitator(world, client_for):
    first = make_group(
        world,
        rrule="FREQ=WEEKLY;COUNT=3",
        room="Room A",
        first_date=timezone.localdate() + timedelta(days=1),
    )
    make_group(
        world,
        name="Clashing group",
        rrule="FREQ=WEEKLY;COUNT=3",
        room="Room B",
        first_date=timezone.localdate() + timedelta(days=1),
    )
    body = (
        client_for(world.users[Role.ORG_ADMIN])
        .get(reverse("groups:detail", args=[first.public_id]))
        .content.decode()
    )
    assert body.count("Overlaps Clashing group") == 3


def test_overlap_flag_for_the_same_room_with_different_facilitators(world, client_for):
    from hearth.groups.selectors import overlaps_for, upcoming_sessions

    other = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    start = timezone.localdate() + timedelta(days=1)
    first = make_group(world, rrule="FREQ=WEEKLY;COUNT=2", room="Kitchen", first_date=start)
    make_group(
        world,
        name="Same room",
        facilitator=other,
        rrule="FREQ=WEEKLY;COUNT=2",
        room="kitchen",
        first_date=start,
        start_time=time(18, 30),
    )
    make_group(
        world,
        name="Later",
        facilitator=other,
        rrule="FREQ=WEEKLY;COUNT=2",
        room="Kitchen",
        first_date=start,
        start_time=time(19, 0),
    )
    flags = overlaps_for(first, upcoming_sessions(first))
    assert len(flags) == 2
    assert {o.group.name for found in flags.values() for o in found} == {"Same room"}


def test_staff_group_list_query_count_stays_flat(world, client_for):
    client = client_for(world.users[Role.ORG_ADMIN])
    make_group(world)
    few = _queries(lambda: client.get(reverse("groups:manage")))
    for i in range(8):
        make_group(world, name=f"Group {i}", programme=world.programme)
    assert _queries(lambda: client.get(reverse("groups:manage"))) == few


def test_other_organisations_group_is_404_for_staff(world, client_for):
    harbor_admin = UserFactory(organisation=world.other_org, role=Role.ORG_ADMIN)
    harbor_group = services.group_create(
        actor=harbor_admin,
        data={
            "name": "Harbor group",
            "kind": "open",
            "first_date": timezone.localdate(),
            "start_time": time(18, 0),
            "rrule": "FREQ=WEEKLY;COUNT=2",
        },
    )
    client = client_for(world.users[Role.ORG_ADMIN])
    for name in ("groups:detail", "groups:edit", "groups:register", "groups:attendance"):
        assert client.get(reverse(name, args=[harbor_group.public_id])).status_code == 404
    session = harbor_group.sessions.first()
    assert client.get(reverse("groups:roster", args=[session.public_id])).status_code == 404
    peer = client_for(world.users[Role.PEER_SPECIALIST])
    assert peer.get(reverse("groups:note", args=[session.public_id])).status_code == 404
    assert (
        client_for(world.users[Role.PEER_SPECIALIST])
        .get(reverse("groups:participant_attendance", args=[world.other_org_case.public_id]))
        .status_code
        == 404
    )


def test_staff_register_a_participant_from_their_scope_only(world, client_for):
    group = make_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("groups:register", args=[group.public_id])
    assert client.post(url, {"participant": world.stranger_case.pk}).status_code == 400
    assert (
        client.post(url, {"participant": world.mine.pk, "reminder_channel": "sms"}).status_code
        == 302
    )
    assert Registration.objects.get(group=group).participant == world.mine


# --- Roster and group note ------------------------------------------------------------


def _roster_group(world):
    group = make_group(world)
    admin = world.users[Role.ORG_ADMIN]
    registrations = [
        services.registration_create(actor=admin, group=group, participant=p)
        for p in (world.mine, world.stranger_case)
    ]
    return group, past_session(group), registrations


def test_roster_one_tap_marks_with_htmx_and_is_audited(world, client_for):
    group, session, (first, _second) = _roster_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("groups:mark", args=[session.public_id, first.pk])
    response = client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'aria-pressed="true"' in fragment and "<html" not in fragment
    assert Attendance.objects.get(session=session, participant=world.mine).present
    client.post(url, {"present": "0"})
    assert not Attendance.objects.get(session=session, participant=world.mine).present
    assert AuditEvent.objects.filter(object_type="group_attendance").count() >= 2


def test_roster_query_count_stays_flat(world, client_for):
    group, session, _ = _roster_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("groups:roster", args=[session.public_id])
    few = _queries(lambda: client.get(url))
    from tests.factories import ParticipantFactory

    for _ in range(6):
        reg = services.registration_create(
            actor=world.users[Role.ORG_ADMIN],
            group=group,
            participant=ParticipantFactory(organisation=world.org),
        )
        services.attendance_mark(
            actor=world.users[Role.PEER_SPECIALIST], session=session, registration=reg, present=True
        )
        services.attendance_add_walk_in(
            actor=world.users[Role.PEER_SPECIALIST], session=session, name="Walk-in"
        )
    assert _queries(lambda: client.get(url)) == few


def test_attendance_history_query_count_stays_flat(world, client_for):
    group, session, registrations = _roster_group(world)
    client = client_for(world.users[Role.ORG_ADMIN])
    url = reverse("groups:attendance", args=[group.public_id])
    few = _queries(lambda: client.get(url))
    for s in group.sessions.filter(ends_at__lt=timezone.now()):
        for r in registrations:
            services.attendance_mark(
                actor=world.users[Role.ORG_ADMIN], session=s, registration=r, present=True
            )
    assert _queries(lambda: client.get(url)) == few
    assert "✓" in client.get(url).content.decode()


def test_walk_in_added_from_the_roster(world, client_for):
    group, session, _ = _roster_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    response = client.post(
        reverse("groups:walk_in", args=[session.public_id]), {"name": "Dee"}, follow=True
    )
    assert "Dee" in response.content.decode()
    assert "not a participant yet" in response.content.decode()


def test_a_participant_who_walks_in_is_found_by_name_and_marked_present(world, client_for):
    group, session, _ = _roster_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    roster = reverse("groups:roster", args=[session.public_id])
    page = client.get(roster, {"find": "pat"}).content.decode()
    assert "Mark Pat Own present" in page
    # Someone else's caseload is not found; someone registered is already on the roster.
    assert "Tom Reed" not in client.get(roster, {"find": "Tom"}).content.decode()
    assert "Mark Maria Lopez present" not in client.get(roster, {"find": "Maria"}).content.decode()
    searches = AuditEvent.objects.filter(object_type="participant", detail__startswith="walk_in")
    assert searches.count() == 3 and not searches.filter(detail__icontains="pat").exists()

    response = client.post(
        reverse("groups:walk_in", args=[session.public_id]),
        {"participant": str(world.own_record.public_id)},
        follow=True,
    )
    assert "Pat Own is marked present." in response.content.decode()
    mark = Attendance.objects.get(session=session, participant=world.own_record)
    assert mark.present and mark.walk_in_name == ""


def test_a_walk_in_cannot_be_someone_outside_the_facilitators_reach(world, client_for):
    group, session, _ = _roster_group(world)
    client = client_for(world.users[Role.PEER_SPECIALIST])
    url = reverse("groups:walk_in", args=[session.public_id])
    for person in (world.teammate_case, world.other_org_case):
        assert client.post(url, {"participant": str(person.public_id)}).status_code == 404
    assert client.post(url, {"participant": "not-an-id"}).status_code == 404
    assert not Attendance.objects.filter(session=session).exists()
    with pytest.raises(PermissionDenied):
        services.attendance_add_walk_in(
            actor=world.users[Role.PEER_SPECIALIST],
            session=session,
            participant=world.teammate_case,
        )


def test_group_note_page_signs_one_note_per_attendee(world, client_for):
    group, session, registrations = _roster_group(world)
    peer = world.users[Role.PEER_SPECIALIST]
    certify(peer, timezone.localdate() - timedelta(days=400))
    payer = make_payer(world.org)
    for r in registrations:
        services.attendance_mark(actor=peer, session=session, registration=r, present=True)
    intervention = InterventionFactory(organisation=world.org)
    goals = {p.pk: goal_for(p) for p in (world.mine, world.stranger_case)}
    client = client_for(peer)
    url = reverse("groups:note", args=[session.public_id])
    page = client.get(url).content.decode()
    assert world.stranger_case.name in page and goals[world.mine.pk].text in page
    data = {
        "payer": payer.pk,
        "place_of_service": "11",
        "mode": "in_person",
        "interventions": [intervention.pk],
        "summary": "Budget cooking",
        "next_steps": "Shopping lists",
        f"line_{world.mine.pk}": "Shared a recipe",
        f"goals_{world.mine.pk}": [goals[world.mine.pk].pk],
        "sign": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400  # the second attendee has no line and no goal
    body = response.content.decode()
    assert "Shared a recipe" in body and "in their own words" in body
    assert not Encounter.objects.exists()
    data[f"line_{world.stranger_case.pk}"] = "Asked about food banks"
    data[f"goals_{world.stranger_case.pk}"] = [goals[world.stranger_case.pk].pk]
    assert client.post(url, data).status_code == 302
    statuses = set(Encounter.objects.values_list("note__status", flat=True))
    assert statuses == {NoteStatus.SIGNED} and Encounter.objects.count() == 2
    assert "Signed notes" in client.get(url).content.decode()


def test_cancelling_from_the_page_notifies_and_marks_the_meeting(world, client_for):
    group = make_group(world)
    session = future_session(group)
    client = client_for(world.users[Role.ORG_ADMIN])
    response = client.post(
        reverse("groups:session_cancel", args=[session.public_id]), {"reason": "Snow"}, follow=True
    )
    assert "Meeting cancelled" in response.content.decode()
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Snow"


def test_spanish_public_page(world):
    make_group(world)
    client = Client(headers={"Accept-Language": "es"})
    body = client.get(reverse("groups:public_list")).content.decode()
    assert "Grupos y cursos" in body


def test_outsider_organisation_cannot_join(world, client_for):
    elsewhere = OrganisationFactory()
    stranger = UserFactory(organisation=elsewhere, role=Role.COMMUNITY_MEMBER)
    group = make_group(world)
    assert (
        client_for(stranger).post(reverse("groups:join", args=[group.public_id])).status_code == 404
    )


def test_feed_is_cached_until_a_session_changes_and_answers_304_when_unchanged(world):
    group = make_group(
        world, first_date=timezone.localdate() + timedelta(days=1), rrule="FREQ=WEEKLY;COUNT=3"
    )
    url = reverse("groups:group_ics", args=[group.public_id])
    client = Client()
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert again.content == first.content
    assert not any(
        'FROM "groups_groupsession" ' in q["sql"] and "COUNT" not in q["sql"]
        for q in ctx.captured_queries
    )  # the document came from the cache
    services.session_cancel(actor=world.users[Role.ORG_ADMIN], session=future_session(group))
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert b"STATUS:CANCELLED" in changed.content


def test_manager_builds_the_curriculum_and_the_roster_shows_the_topic(world, client_for):
    group = make_group(world)
    client = client_for(world.users[Role.ORG_ADMIN])
    url = reverse("groups:curriculum_add", args=[group.public_id])
    for title in ("Planning meals", "Shopping on $25", "Beans and grains"):
        client.post(url, {"title": title, "materials": f"{title} sheet"})
    assert list(group.curriculum.values_list("position", "title")) == [
        (1, "Planning meals"),
        (2, "Shopping on $25"),
        (3, "Beans and grains"),
    ]
    session = group.sessions.get(number=2)
    page = client.get(reverse("groups:roster", args=[session.public_id])).content.decode()
    assert "Session 2: Shopping on $25" in page
    client.post(url, {"title": ""})
    assert group.curriculum.count() == 3


def test_manager_edits_and_removes_session_topics_and_the_rest_move_up(world, client_for):
    group = make_group(world)
    admin = world.users[Role.ORG_ADMIN]
    for title in ("Planning meals", "Shopping on $25", "Beans and grains", "Cooking for one"):
        services.curriculum_item_add(actor=admin, group=group, title=title)
    client = client_for(admin)
    detail = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
    assert reverse("groups:curriculum_edit", args=[group.public_id, 2]) in detail

    edit = reverse("groups:curriculum_edit", args=[group.public_id, 2])
    assert client.get(edit).context["form"].initial["title"] == "Shopping on $25"
    refused = client.post(edit, {"title": "", "materials_url": "not a link"})
    assert refused.status_code == 400 and refused.context["form"].errors.keys() >= {"title"}
    client.post(edit, {"title": "Shopping on $20", "materials": "Price list"})
    client.post(reverse("groups:curriculum_remove", args=[group.public_id, 1]))
    assert list(group.curriculum.values_list("position", "title", "materials")) == [
        (1, "Shopping on $20", "Price list"),
        (2, "Beans and grains", ""),
        (3, "Cooking for one", ""),
    ]
    assert (
        client.get(reverse("groups:curriculum_edit", args=[group.public_id, 4])).status_code == 404
    )


def test_a_topic_is_not_removed_below_the_certificate_rule(world, client_for):
    group = make_group(world, completion_required=2)
    admin = world.users[Role.ORG_ADMIN]
    for title in ("One", "Two"):
        services.curriculum_item_add(actor=admin, group=group, title=title)
    response = client_for(admin).post(
        reverse("groups:curriculum_remove", args=[group.public_id, 2]), follow=True
    )
    assert "A certificate needs 2 sessions" in response.content.decode()
    assert group.curriculum.count() == 2


def test_stale_group_edit_is_refused_with_409_keeping_input(world, client_for):
    group = make_group(world)
    client = client_for(world.users[Role.ORG_ADMIN])
    url = reverse("groups:edit", args=[group.public_id])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "facilitators"}
    data.update(
        name="First edit",
        version=group.version,
        is_public="on",
        is_active="on",
        first_date=group.first_date.isoformat(),
        start_time="18:00",
    )
    data.pop("cancelled_dates", None)
    assert client.post(url, data).status_code == 302
    data["name"] = "Second, stale"
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Second, stale" in response.content.decode()
    group.refresh_from_db()
    assert group.name == "First edit"


def test_staff_calendar_link_lives_on_the_groups_page(world, client_for):
    peer = world.users[Role.PEER_SPECIALIST]
    make_group(
        world, first_date=timezone.localdate() + timedelta(days=1), rrule="FREQ=WEEKLY;COUNT=2"
    )
    client = client_for(peer)
    response = client.post(reverse("groups:calendar_link"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:manage")
    link = response.context["new_link"]
    feed = Client().get(link.split("testserver", 1)[1])
    assert len(_events(feed)) == 2  # the groups they facilitate
