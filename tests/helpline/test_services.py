"""Warmline services: the queue, risk, alerts, limits, transfers, take-over, disposition,
retention and shifts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.helpline import selectors, services
from hearth.helpline.models import Chat, Message
from hearth.triage import Assessment, Risk
from tests.factories import UserFactory
from tests.helpline.helpers import active_chat, on_shift, open_line, waiting_chat

pytestmark = pytest.mark.django_db


def _age(chat, minutes):
    Chat.objects.filter(pk=chat.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_queue_orders_by_risk_then_waiting_time(world, monkeypatch):
    old, _ = waiting_chat(world)
    _age(old, 20)
    newer, _ = waiting_chat(world)
    _age(newer, 5)
    moderate, _ = waiting_chat(world)
    _age(moderate, 2)
    monkeypatch.setattr(
        services,
        "assess",
        lambda text, language=None: Assessment(Risk.MODERATE, 0.5, ("hopeless",)),
    )
    services.visitor_message_post(chat=moderate, body="everything feels hopeless lately")
    monkeypatch.undo()
    high, _ = waiting_chat(world)
    services.visitor_message_post(chat=high, body="I'm going to kill myself tonight")
    queue = selectors.queue_for(world.users[Role.PEER_SPECIALIST])
    assert [c.pk for c in queue] == [high.pk, moderate.pk, old.pk, newer.pk]
    assert queue[1].risk_reasons == ["hopeless"]


def test_a_chats_level_is_the_highest_seen(world):
    chat, _ = waiting_chat(world)
    services.visitor_message_post(chat=chat, body="I'm going to kill myself tonight")
    services.visitor_message_post(chat=chat, body="hi, can we talk about my week")
    chat.refresh_from_db()
    assert chat.risk == Risk.HIGH
    assert list(chat.messages.values_list("risk", flat=True)) == [Risk.HIGH, Risk.NONE]


def test_the_pre_chat_answer_is_assessed_too(world):
    chat, _ = waiting_chat(world, topic="I'm going to kill myself tonight")
    assert Chat.objects.get(pk=chat.pk).risk == Risk.HIGH


def test_high_risk_alerts_the_supervisors_on_shift(world, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "send_alert", lambda **kw: sent.append(kw))
    supervisor = world.users[Role.PEER_SUPERVISOR]
    off_shift = UserFactory(organisation=world.org, role=Role.PEER_SUPERVISOR)
    on_shift(supervisor)
    chat, _ = waiting_chat(world)
    services.visitor_message_post(chat=chat, body="I'm going to kill myself tonight")
    assert [a["user_id"] for a in sent] == [supervisor.pk]
    assert sent[0]["level"] == "crisis"
    assert off_shift.pk not in [a["user_id"] for a in sent]
    # Moderate never pages anyone.
    monkeypatch.setattr(
        services, "assess", lambda text, language=None: Assessment(Risk.MODERATE, 0.5, ())
    )
    other, _ = waiting_chat(world)
    services.visitor_message_post(chat=other, body="rough night")
    assert len(sent) == 1
    assert Chat.objects.get(pk=other.pk).risk == Risk.MODERATE


def test_with_no_supervisor_on_shift_every_supervisor_is_alerted(world, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "send_alert", lambda **kw: sent.append(kw["user_id"]))
    chat, _ = waiting_chat(world)
    services.visitor_message_post(chat=chat, body="I'm going to kill myself tonight")
    assert sent == [world.users[Role.PEER_SUPERVISOR].pk]


def test_sequence_numbers_are_per_chat_and_gapless(world):
    a, _ = waiting_chat(world)
    b, _ = waiting_chat(world)
    for n in range(3):
        services.visitor_message_post(chat=a, body=f"a{n}")
    services.visitor_message_post(chat=b, body="b0")
    assert list(a.messages.values_list("seq", flat=True)) == [1, 2, 3]
    assert list(b.messages.values_list("seq", flat=True)) == [1]


def test_picking_up_needs_a_shift_and_respects_the_per_peer_limit(world):
    open_line(world, chats_per_peer=2)
    specialist = world.users[Role.PEER_SPECIALIST]
    chats = [waiting_chat(world)[0] for _ in range(3)]
    open_line(world, chats_per_peer=2)
    with pytest.raises(ValidationError):
        services.chat_pick_up(actor=specialist, chat=chats[0])
    on_shift(specialist)
    services.chat_pick_up(actor=specialist, chat=chats[0])
    services.chat_pick_up(actor=specialist, chat=chats[1])
    with pytest.raises(services.ChatLimitReached):
        services.chat_pick_up(actor=specialist, chat=chats[2])
    with pytest.raises(ValidationError):  # already taken
        services.chat_pick_up(actor=world.users[Role.PEER_SUPERVISOR], chat=chats[0])
    assert {c.pk for c in selectors.my_chats(specialist)} == {chats[0].pk, chats[1].pk}


def test_transfer_to_a_peer_on_shift(world):
    chat = active_chat(world)
    specialist = world.users[Role.PEER_SPECIALIST]
    supervisor = world.users[Role.PEER_SUPERVISOR]
    with pytest.raises(ValidationError):  # not on shift
        services.chat_transfer(actor=specialist, chat=chat, to=supervisor)
    on_shift(supervisor)
    services.chat_transfer(actor=specialist, chat=chat, to=supervisor)
    chat.refresh_from_db()
    assert chat.peer_id == supervisor.pk
    with pytest.raises(PermissionDenied):  # no longer the specialist's chat
        services.peer_message_post(actor=specialist, chat=chat, body="hello?")
    with pytest.raises(ValidationError):  # outside the warmline
        services.chat_transfer(actor=supervisor, chat=chat, to=world.users[Role.CLINICIAN])


def test_supervisor_whispers_and_takes_over(world):
    chat = active_chat(world)
    supervisor = world.users[Role.PEER_SUPERVISOR]
    specialist = world.users[Role.PEER_SPECIALIST]
    services.peer_message_post(actor=supervisor, chat=chat, body="Ask about means", whisper=True)
    with pytest.raises(PermissionDenied):
        services.peer_message_post(actor=specialist, chat=chat, body="x", whisper=True)
    visitor_view = selectors.messages_for(chat, staff=False)
    assert "Ask about means" not in [m.body for m in visitor_view]
    assert "Ask about means" in [m.body for m in selectors.messages_for(chat, staff=True)]
    with pytest.raises(PermissionDenied):
        services.chat_take_over(actor=specialist, chat=chat)
    services.chat_take_over(actor=supervisor, chat=chat)
    services.peer_message_post(actor=supervisor, chat=chat, body="Hi, I'm here too.")
    assert Chat.objects.get(pk=chat.pk).peer_id == supervisor.pk


def test_ending_records_the_disposition(world):
    chat = active_chat(world)
    services.chat_end(
        actor=world.users[Role.PEER_SPECIALIST],
        chat=chat,
        topics=["loneliness", "not-a-topic"],
        risk=Risk.LOW,
        resources=["988"],
        follow_up=True,
    )
    chat.refresh_from_db()
    assert (chat.status, chat.topics, chat.resources_given) == ("ended", ["loneliness"], ["988"])
    assert chat.disposition_risk == Risk.LOW and chat.follow_up
    with pytest.raises(Exception) as refused:
        services.visitor_message_post(chat=chat, body="one more thing")
    assert getattr(refused.value, "code", None) == "ended"
    services.feedback_give(chat=chat, helped=3)
    services.feedback_give(chat=chat, helped=1)  # only the first answer counts
    assert Chat.objects.get(pk=chat.pk).feedback == 3


def test_purge_deletes_old_transcripts_and_keeps_the_statistics(world, capsys):
    old = active_chat(world)
    services.visitor_message_post(chat=old, body="my story")
    services.chat_end(
        actor=world.users[Role.PEER_SPECIALIST],
        chat=old,
        topics=["grief"],
        risk=0,
        resources=[],
        follow_up=False,
    )
    recent, _ = waiting_chat(world)
    services.visitor_message_post(chat=recent, body="still here")
    Chat.objects.filter(pk=old.pk).update(ended_at=timezone.now() - dt.timedelta(days=31))
    call_command("helpline_purge")
    assert "Purged 1" in capsys.readouterr().out
    assert not Message.objects.filter(chat=old).exists()
    assert Message.objects.filter(chat=recent).exists()
    old.refresh_from_db()
    assert old.topics == ["grief"] and old.purged_at is not None and old.token_hash == ""
    assert AuditEvent.objects.filter(detail__startswith="transcripts_purged=1").exists()
    call_command("helpline_purge", days=30)
    assert "Purged 0" in capsys.readouterr().out


def test_transcripts_are_visible_to_the_peer_their_supervisor_and_admins_only(world):
    chat = active_chat(world)
    services.chat_end(
        actor=world.users[Role.PEER_SPECIALIST],
        chat=chat,
        topics=["grief"],
        risk=0,
        resources=[],
        follow_up=False,
    )
    other_supervisor = UserFactory(organisation=world.org, role=Role.PEER_SUPERVISOR)
    teammate = UserFactory(organisation=world.org, role=Role.PEER_SPECIALIST)
    outsider = UserFactory(organisation=world.other_org, role=Role.ORG_ADMIN)
    may = {
        u.pk
        for u in (
            world.users[Role.PEER_SPECIALIST],
            world.users[Role.PEER_SUPERVISOR],
            world.users[Role.ORG_ADMIN],
        )
    }
    for user in [*world.users.values(), other_supervisor, teammate, outsider]:
        visible = Chat.objects.filter(selectors.chat_scope(user), pk=chat.pk).exists()
        assert visible is (user.pk in may), user.role


def test_shift_overview_counts_chats_waits_escalations_and_gaps(world):
    line = open_line(world)
    line.opens_at, line.closes_at = dt.time(0, 0), dt.time(0, 0)
    line.save()
    specialist = world.users[Role.PEER_SPECIALIST]
    on_shift(specialist, hours=2)
    chat, _ = waiting_chat(world)
    services.visitor_message_post(chat=chat, body="I'm going to kill myself tonight")
    services.chat_pick_up(actor=specialist, chat=chat)
    overview = selectors.shift_overview(world.users[Role.PEER_SUPERVISOR])
    assert [s.peer_id for s in overview["now"]] == [specialist.pk]
    stats = overview["past"][0]
    assert (stats.chats, stats.escalations) == (1, 1)
    assert overview["gaps"], "the line is open around the clock and the shift ends in two hours"
    assert overview["totals"]["escalations"] == 1


def test_scheduling_a_shift_checks_the_peer_and_the_times(world):
    supervisor = world.users[Role.PEER_SUPERVISOR]
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.shift_schedule(
            actor=supervisor,
            peer=world.users[Role.CLINICIAN],
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
        )
    with pytest.raises(ValidationError):
        services.shift_schedule(
            actor=supervisor, peer=world.users[Role.PEER_SPECIALIST], starts_at=now, ends_at=now
        )
    with pytest.raises(PermissionDenied):
        services.shift_schedule(
            actor=world.users[Role.PROGRAMME_MANAGER],
            peer=world.users[Role.PEER_SPECIALIST],
            starts_at=now,
            ends_at=now + dt.timedelta(hours=1),
        )
    shift = services.shift_schedule(
        actor=supervisor,
        peer=world.users[Role.PEER_SPECIALIST],
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
    )
    assert shift.organisation_id == world.org.pk
