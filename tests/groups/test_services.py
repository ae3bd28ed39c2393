"""Groups through the services: schedules materialised, capacity and the waitlist,
cancellation notices, reminders and their channels, attendance, calendar links."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.core import messaging as sms
from hearth.core.policy import Role
from hearth.groups import services
from hearth.groups.models import (
    Attendance,
    Group,
    GroupSession,
    RegistrationStatus,
    SessionStatus,
)
from tests.factories import ParticipantFactory, UserFactory
from tests.groups.helpers import future_session, make_group, past_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.HEARTH_SMS_BACKEND = "hearth.core.messaging.LocmemSMSBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _admin(world):
    return world.users[Role.ORG_ADMIN]


def test_group_create_materialises_a_year_of_weekly_meetings(world):
    group = make_group(world, first_date=date(2026, 1, 1), rrule="FREQ=WEEKLY;BYDAY=TH")
    assert group.sessions.count() == 53  # every Thursday from 1 Jan 2026 to 1 Jan 2027
    assert group.meeting_days == "3"
    assert AuditEvent.objects.filter(object_type="group", action="create").count() == 1


def test_group_create_refuses_a_rule_with_no_meetings(world):
    with pytest.raises(ValidationError) as exc:
        make_group(world, first_date=date(2026, 1, 1), rrule="FREQ=WEEKLY;UNTIL=20251231")
    assert "no meetings" in exc.value.message_dict["rrule"][0]
    assert not Group.objects.exists()


def test_group_create_refuses_thousands_of_meetings(world):
    with pytest.raises(ValidationError) as exc:
        make_group(world, rrule="FREQ=HOURLY")
    assert "1000" in exc.value.message_dict["rrule"][0]


def test_only_managers_create_groups(world):
    with pytest.raises(PermissionDenied):
        services.group_create(
            actor=world.users[Role.PEER_SPECIALIST], data={"name": "x"}, facilitators=[]
        )


def test_cancelled_date_and_move_are_applied_and_bump_the_sequence(world):
    group = make_group(world, first_date=date(2027, 10, 1), rrule="FREQ=WEEKLY;COUNT=4")
    registration = services.registration_create(
        actor=_admin(world), group=group, participant=world.mine
    )
    sessions = list(group.sessions.order_by("starts_at"))
    updated, counts = services.group_update(
        actor=_admin(world),
        group=group,
        data={
            "cancelled_dates": ["2027-10-08"],
            "moved": {"2027-10-15T18:00:00": "2027-10-16T17:00:00"},
        },
        expected_version=group.version,
    )
    # Not saved through the form fields: schedule exceptions are data.
    assert counts == {"added": 0, "moved": 1, "cancelled": 1}
    sessions[1].refresh_from_db()
    sessions[2].refresh_from_db()
    assert sessions[1].status == SessionStatus.CANCELLED and sessions[1].sequence == 1
    assert sessions[2].starts_at.hour == 21 and sessions[2].sequence == 1  # 17:00 EDT
    assert [s.number for s in group.sessions.filter(status="scheduled")] == [1, 2, 3]
    assert registration.pk


def test_meetings_that_have_happened_never_change(world):
    group = make_group(world)
    before = list(
        group.sessions.filter(starts_at__lt=timezone.now()).values_list("pk", "starts_at")
    )
    services.group_update(
        actor=_admin(world),
        group=group,
        data={"start_time": time(10, 0)},
        expected_version=group.version,
    )
    after = list(group.sessions.filter(starts_at__lt=timezone.now()).values_list("pk", "starts_at"))
    assert before and after[: len(before)] == before


def test_update_with_a_stale_version_changes_nothing(world):
    group = make_group(world)
    with pytest.raises(ValidationError):
        services.group_update(
            actor=_admin(world), group=group, data={"name": "New"}, expected_version=99
        )
    group.refresh_from_db()
    assert group.name == "Eating Well on a Budget"


def test_registration_past_capacity_goes_to_the_waitlist_never_over(world):
    group = make_group(world, capacity=1)
    first = services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    second = services.registration_create(
        actor=_admin(world), group=group, participant=world.stranger_case
    )
    assert first.status == RegistrationStatus.REGISTERED
    assert second.status == RegistrationStatus.WAITLISTED
    group.refresh_from_db()
    assert group.seats_taken == 1


def test_seat_counter_cannot_exceed_capacity_in_the_database(world):
    group = make_group(world, capacity=1)
    Group.objects.filter(pk=group.pk).update(seats_taken=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=group.pk).update(seats_taken=2)


def test_registering_twice_returns_the_first_registration(world):
    group = make_group(world)
    first = services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    again = services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    assert again.pk == first.pk


def test_staff_register_only_participants_in_their_scope(world):
    group = make_group(world)
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=world.users[Role.PEER_SPECIALIST], group=group, participant=world.stranger_case
        )


def test_freed_place_promotes_the_waitlist_and_tells_them(
    world, django_capture_on_commit_callbacks
):
    group = make_group(world, capacity=1)
    world.stranger_case.email = "sam@example.org"
    world.stranger_case.save()
    first = services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    waiting = services.registration_create(
        actor=_admin(world), group=group, participant=world.stranger_case
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(actor=_admin(world), registration=first)
    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED and waiting.promoted_at
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "place came free" in mail.outbox[0].body
    group.refresh_from_db()
    assert group.seats_taken == 1


def test_cancelling_a_meeting_notifies_everyone_registered(
    world, django_capture_on_commit_callbacks
):
    group = make_group(world)
    world.mine.email, world.mine.phone = "maria@example.org", "215-555-0100"
    world.mine.save()
    services.registration_create(
        actor=_admin(world), group=group, participant=world.mine, reminder_channel="sms"
    )
    member = world.users[Role.COMMUNITY_MEMBER]
    services.registration_join(actor=member, group=group)
    session = future_session(group)
    with django_capture_on_commit_callbacks(execute=True):
        told = services.session_cancel(actor=_admin(world), session=session, reason="Holiday")
    assert told == 2
    assert [m.to for m in sms.outbox] == ["215-555-0100"]
    assert "cancelled" in sms.outbox[0].body
    assert [m.to for m in mail.outbox] == [[member.email]]
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.sequence == 1
    with pytest.raises(ValidationError):
        services.session_cancel(actor=_admin(world), session=session)


def test_reminders_go_once_by_the_chosen_channel_and_respect_opt_outs(
    world, django_capture_on_commit_callbacks
):
    group = make_group(world, first_date=timezone.localdate(), start_time=time(23, 59))
    world.mine.email = "maria@example.org"
    world.mine.save()
    services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    opted_out = services.registration_create(
        actor=_admin(world), group=group, participant=world.in_programme, reminder_channel="none"
    )
    no_texts = ParticipantFactory(organisation=world.org, phone="215-555-0199", may_text="no")
    services.registration_create(
        actor=_admin(world), group=group, participant=no_texts, reminder_channel="sms"
    )
    session = future_session(group)
    now = session.starts_at - timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.reminders_send_due(now=now)
    assert counts == {"sessions": 1, "reminders": 2}
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    assert group.name not in mail.outbox[0].body  # no group name in a message
    assert sms.outbox == []  # the participant said no to texts
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=now)["sessions"] == 0
    assert opted_out.reminder_channel == "none"


def test_reminder_command_runs(world, capsys):
    make_group(world)
    call_command("send_group_reminders", "--hours", "24")
    assert "meetings" in capsys.readouterr().out


def test_attendance_marks_toggle_and_walk_ins_need_a_name(world):
    group = make_group(world)
    registration = services.registration_create(
        actor=_admin(world), group=group, participant=world.mine
    )
    session = past_session(group)
    facilitator = world.users[Role.PEER_SPECIALIST]
    services.attendance_mark(
        actor=facilitator, session=session, registration=registration, present=True
    )
    services.attendance_mark(
        actor=facilitator, session=session, registration=registration, present=False
    )
    row = Attendance.objects.get(session=session, participant=world.mine)
    assert row.present is False
    with pytest.raises(ValidationError):
        services.attendance_add_walk_in(actor=facilitator, session=session, name="  ")
    walk_in = services.attendance_add_walk_in(actor=facilitator, session=session, name="Dee")
    assert walk_in.participant_id is None and walk_in.walk_in_name == "Dee"
    assert not AuditEvent.objects.filter(detail__icontains="Dee").exists()


def test_only_facilitators_take_attendance(world):
    group = make_group(world)
    registration = services.registration_create(
        actor=_admin(world), group=group, participant=world.mine
    )
    other_peer = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            actor=other_peer, session=past_session(group), registration=registration, present=True
        )


def test_calendar_link_reset_retires_the_old_link(world):
    from hearth.groups.selectors import user_for_calendar_token

    member = world.users[Role.COMMUNITY_MEMBER]
    old = services.calendar_link_reset(actor=member)
    new = services.calendar_link_reset(actor=member)
    assert user_for_calendar_token(old) is None
    assert user_for_calendar_token(new) == member
    with pytest.raises(PermissionDenied):
        services.calendar_link_reset(actor=world.users[Role.CLINICIAN])


def test_sessions_are_rows_that_survive_a_schedule_change(world):
    group = make_group(
        world, first_date=timezone.localdate() + timedelta(days=1), rrule="FREQ=WEEKLY;COUNT=3"
    )
    ids = set(GroupSession.objects.filter(group=group).values_list("pk", flat=True))
    services.group_update(
        actor=_admin(world),
        group=group,
        data={"start_time": time(19, 0)},
        expected_version=group.version,
    )
    assert set(GroupSession.objects.filter(group=group).values_list("pk", flat=True)) == ids
    assert {s.sequence for s in group.sessions.all()} == {1}


def test_moving_one_meeting_keeps_its_row_and_tells_everyone(
    world, django_capture_on_commit_callbacks
):
    from datetime import datetime

    group = make_group(
        world, first_date=timezone.localdate() + timedelta(days=1), rrule="FREQ=WEEKLY;COUNT=3"
    )
    world.mine.email = "maria@example.org"
    world.mine.save()
    services.registration_create(actor=_admin(world), group=group, participant=world.mine)
    session = group.sessions.order_by("starts_at")[1]
    local = session.starts_at.astimezone(timezone.get_current_timezone())
    target = datetime.combine(local.date() + timedelta(days=1), time(17, 0))
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.session_move(actor=_admin(world), session=session, new_start=target)
    assert moved.pk == session.pk and moved.sequence == 1
    assert moved.starts_at.astimezone(timezone.get_current_timezone()).hour == 17
    assert "moved" in mail.outbox[-1].body
    assert group.sessions.filter(status="scheduled").count() == 3
    with pytest.raises(ValidationError):
        services.session_move(
            actor=_admin(world), session=session, new_start=datetime(2000, 1, 1, 12, 0)
        )
