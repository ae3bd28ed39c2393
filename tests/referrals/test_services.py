"""Referral services: the lifecycle through the database, consent enforcement,
follow-ups, outcomes, concurrency and audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.core.policy import Role
from hearth.referrals import services
from hearth.referrals.lifecycle import MOVES, Side, Status
from hearth.referrals.models import (
    FollowUp,
    Referral,
    ReferralEvent,
    ReferralSettings,
    SharingConsent,
)
from tests.referrals.helpers import consent, draft, make_service, move, peer, sent

#: How to bring a fresh referral to each status (from draft).
PATHS = {
    Status.DRAFT: [],
    Status.SENT: [Status.SENT],
    Status.ACCEPTED: [Status.SENT, Status.ACCEPTED],
    Status.DECLINED: [Status.SENT, Status.DECLINED],
    Status.IN_PROGRESS: [Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS],
    Status.COMPLETED: [Status.SENT, Status.ACCEPTED, Status.COMPLETED],
    Status.NOT_COMPLETED: [Status.SENT, Status.ACCEPTED, Status.NOT_COMPLETED],
    Status.CANCELLED: [Status.CANCELLED],
}
REASONS = {Status.DECLINED: "no_capacity", Status.NOT_COMPLETED: "no_show"}


def _at(world, status):
    service = make_service()
    consent(world, service)
    referral = draft(world, service)
    for target in PATHS[status]:
        referral = move(world, referral, target, reason=REASONS.get(target, ""))
    return referral


@pytest.mark.parametrize(("current", "target"), sorted(MOVES))
def test_every_legal_move_is_made_and_recorded(world, current, target):
    referral = _at(world, current)
    version = referral.version

    move(world, referral, target, reason=REASONS.get(target, ""))

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == target
    assert stored.version == version + 1
    last = stored.events.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.actor) == (current, target, peer(world))
    assert AuditEvent.objects.filter(
        object_type="referral", object_id=str(referral.public_id), detail__startswith=current
    ).exists()


ILLEGAL = [
    (c, t)
    for c in Status
    for t in Status
    if (c, t) not in MOVES and c != t and not (c == Status.DRAFT and t == Status.DRAFT)
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_message(world, current, target):
    referral = _at(world, current)
    events = referral.events.count()

    with pytest.raises(ValidationError) as exc:
        move(world, referral, target, reason=REASONS.get(target, "other"), note="x")

    assert "to_status" in exc.value.message_dict
    assert exc.value.message_dict["to_status"][0]  # a sentence, not a code
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == current and stored.events.count() == events


def test_receiver_side_cannot_send_or_cancel(world):
    referral = _at(world, Status.DRAFT)
    with pytest.raises(ValidationError, match="Only the referring peer"):
        move(world, referral, Status.SENT, side=Side.RECEIVER)
    referral = _at(world, Status.SENT)
    with pytest.raises(ValidationError):
        move(world, referral, Status.CANCELLED, side=Side.RECEIVER)


def test_declining_needs_a_reason_from_the_list(world):
    referral = _at(world, Status.SENT)
    with pytest.raises(ValidationError) as exc:
        move(world, referral, Status.DECLINED)
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        move(world, referral, Status.DECLINED, reason="no_show")  # a not-completed reason
    with pytest.raises(ValidationError) as exc:
        move(world, referral, Status.DECLINED, reason="other")
    assert "note" in exc.value.message_dict
    move(world, referral, Status.DECLINED, reason="other", note="Closed for renovation")
    event = referral.events.get(to_status=Status.DECLINED)
    assert event.reason == "other" and event.note == "Closed for renovation"


def test_notes_and_reasons_are_encrypted_at_rest(world):
    referral = _at(world, Status.SENT)
    move(world, referral, Status.DECLINED, reason="other", note="Closed for renovation")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM referrals_referral WHERE id = %s", [referral.pk])
        (stored_reason,) = cursor.fetchone()
        cursor.execute(
            "SELECT note FROM referrals_referralevent WHERE referral_id = %s AND note != ''",
            [referral.pk],
        )
        (stored_note,) = cursor.fetchone()
    assert stored_reason.startswith("fernet:") and "sleep" not in stored_reason
    assert stored_note.startswith("fernet:") and "renovation" not in stored_note


def test_sending_without_consent_is_refused(world):
    referral = draft(world)
    with pytest.raises(ValidationError, match="consent"):
        move(world, referral, Status.SENT)
    assert Referral.objects.get(pk=referral.pk).status == Status.DRAFT
    assert not FollowUp.objects.filter(referral=referral).exists()


def test_consent_for_another_provider_does_not_count(world):
    service = make_service()
    consent(world, make_service())
    with pytest.raises(ValidationError):
        move(world, draft(world, service), Status.SENT)


def test_expired_or_revoked_consent_does_not_count(world):
    service = make_service()
    old = consent(world, service)
    SharingConsent.objects.filter(pk=old.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        move(world, draft(world, service), Status.SENT)
    services.consent_revoke(actor=peer(world), consent=consent(world, service))
    with pytest.raises(ValidationError):
        move(world, draft(world, service), Status.SENT)


def test_sending_records_the_consent_used(world):
    service = make_service()
    given = consent(world, service)
    referral = move(world, draft(world, service), Status.SENT)
    assert Referral.objects.get(pk=referral.pk).consent == given


def test_consent_must_name_its_elements(world):
    service = make_service()
    future = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        consent(
            world,
            service,
            given_at=future,
            expires_on=timezone.localdate() - timedelta(days=1),
            told_can_revoke=False,
            method="telepathy",
            shares=["date_of_birth"],
        )
    assert set(exc.value.message_dict) == {
        "given_at",
        "expires_on",
        "told_can_revoke",
        "method",
        "shares",
    }
    assert not SharingConsent.objects.exists()


def test_revoking_consent_stops_every_link_to_that_provider(world):
    referral = sent(world)
    link, _token = services.link_issue(actor=peer(world), referral=referral)
    stopped = services.consent_revoke(actor=peer(world), consent=referral.consent)
    assert stopped == 1
    link.refresh_from_db()
    assert link.revoked_at is not None
    with pytest.raises(ValidationError):
        services.link_issue(actor=peer(world), referral=referral)
    assert AuditEvent.objects.filter(
        object_type="referral_consent", detail="revoked links=1"
    ).exists()


def test_outsiders_cannot_write(world):
    referral = draft(world)
    for role in (Role.PROGRAMME_MANAGER, Role.CLINICIAN, Role.ORG_ADMIN):
        with pytest.raises(PermissionDenied):
            services.referral_transition(
                actor=world.users[role],
                referral=referral,
                to_status=Status.CANCELLED,
                expected_version=referral.version,
            )
    with pytest.raises(PermissionDenied):
        services.referral_create(
            actor=peer(world),
            participant=world.stranger_case,
            service=make_service(),
            reason="x",
        )


def test_a_stale_version_is_refused_and_nothing_is_written(world):
    referral = _at(world, Status.SENT)
    stale = Referral.objects.get(pk=referral.pk)
    move(world, referral, Status.ACCEPTED, side=Side.RECEIVER)
    with pytest.raises(services.ConcurrentEditError) as exc:
        services.referral_transition(
            actor=peer(world),
            referral=stale,
            to_status=Status.DECLINED,
            reason="no_capacity",
            expected_version=stale.version,
        )
    assert exc.value.current.status == Status.ACCEPTED
    assert not ReferralEvent.objects.filter(referral=referral, to_status=Status.DECLINED).exists()


def test_draft_request_is_editable_then_frozen_once_sent(world):
    service = make_service()
    consent(world, service)
    referral = draft(world, service)
    services.referral_update(
        actor=peer(world),
        referral=referral,
        data={"reason": "A bed and a shower", "priority": "urgent"},
        expected_version=referral.version,
    )
    referral = move(world, referral, Status.SENT)
    with pytest.raises(ValidationError, match="only the care-team notes"):
        services.referral_update(
            actor=peer(world),
            referral=referral,
            data={"reason": "Changed after sending"},
            expected_version=referral.version,
        )
    services.referral_update(
        actor=peer(world),
        referral=referral,
        data={"notes": "Called them on Tuesday"},
        expected_version=referral.version,
    )
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.reason, stored.priority, stored.notes) == (
        "A bed and a shower",
        "urgent",
        "Called them on Tuesday",
    )


def test_category_must_be_one_of_the_services_terms(world):
    service = make_service(term="Food")
    referral = draft(world, service)
    assert (referral.category_id_hsds, referral.category_name) == ("term-food", "Food")
    with pytest.raises(ValidationError) as exc:
        services.referral_create(
            actor=peer(world),
            participant=world.mine,
            service=service,
            reason="x",
            category_id="term-nope",
        )
    assert "category" in exc.value.message_dict


# --- Follow-ups -------------------------------------------------------------------------


def test_sending_schedules_a_follow_up_after_the_default_days(world, settings):
    settings.HEARTH_REFERRAL_FOLLOW_UP_DAYS = 5
    referral = sent(world)
    follow_up = FollowUp.objects.get(referral=referral)
    assert follow_up.assigned_to == peer(world)
    assert abs((follow_up.due_at - referral.sent_at) - timedelta(days=5)) < timedelta(seconds=1)


def test_the_organisations_follow_up_days_win(world):
    ReferralSettings.objects.create(organisation=world.org, follow_up_days=2)
    referral = sent(world)
    due = FollowUp.objects.get(referral=referral).due_at
    assert abs((due - referral.sent_at) - timedelta(days=2)) < timedelta(seconds=1)


def test_recording_the_outcome_clears_the_follow_up(world):
    referral = sent(world)
    services.referral_record_outcome(
        actor=peer(world),
        referral=referral,
        got_service="yes",
        helpful="somewhat",
        note="Got a bed for three nights",
        expected_version=referral.version,
    )
    assert FollowUp.objects.get(referral=referral).cleared_at is not None
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.got_service, stored.helpful) == ("yes", "somewhat")
    assert stored.outcome_note == "Got a bed for three nights"


def test_outcome_needs_a_sent_referral_and_answers_from_the_lists(world):
    referral = draft(world)
    with pytest.raises(ValidationError):
        services.referral_record_outcome(
            actor=peer(world),
            referral=referral,
            got_service="yes",
            helpful="yes",
            expected_version=referral.version,
        )
    referral = sent(world)
    with pytest.raises(ValidationError) as exc:
        services.referral_record_outcome(
            actor=peer(world),
            referral=referral,
            got_service="maybe",
            helpful="",
            expected_version=referral.version,
        )
    assert set(exc.value.message_dict) == {"got_service", "helpful"}


def test_cancelling_clears_the_follow_up(world):
    referral = sent(world)
    move(world, referral, Status.CANCELLED)
    assert FollowUp.objects.get(referral=referral).cleared_at is not None


def test_the_periodic_job_reminds_each_due_follow_up_once(world):
    due = sent(world)
    not_yet = sent(world)
    FollowUp.objects.filter(referral=due).update(due_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()

    call_command("referral_follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("referral_follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [peer(world).email]
    assert world.mine.name not in message.body and "shelter" not in message.body.lower()
    assert FollowUp.objects.get(referral=due).notified_at is not None
    assert FollowUp.objects.get(referral=not_yet).notified_at is None


def test_the_reminder_task_skips_cleared_and_early_follow_ups(world):
    referral = sent(world)
    follow_up = FollowUp.objects.get(referral=referral)
    assert services.follow_up_remind(follow_up_id=follow_up.pk) is False  # not due yet
    later = timezone.now() + timedelta(days=30)
    FollowUp.objects.filter(pk=follow_up.pk).update(cleared_at=timezone.now())
    assert services.follow_up_remind(follow_up_id=follow_up.pk, now=later) is False


def test_a_deferring_backend_gets_the_reminder_queued_for_the_due_time(
    world, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent(world)
    results = default_task_backend.results
    assert len(results) == 1
    follow_up = FollowUp.objects.get(referral=referral)
    assert results[0].task.run_after == follow_up.due_at
    assert results[0].args == [follow_up.pk]
