"""Registration with a waitlist. Capacity is a database guarantee (see the package
docstring); a place that frees goes to the next person waiting, who is told."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import Perm, can
from hearth.groups import tasks
from hearth.groups.models import (
    Group,
    Registration,
    RegistrationStatus,
    ReminderChannel,
)
from hearth.groups.services._base import _audit
from hearth.participants.models import Participant


def _take_seat(group_id: int) -> bool:
    """One conditional UPDATE: True when a place was free and is now taken."""
    return (
        Group.objects.filter(pk=group_id, capacity__isnull=True).update(
            seats_taken=F("seats_taken") + 1
        )
        or Group.objects.filter(pk=group_id, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    ) == 1


def _register(
    *,
    actor: User,
    group: Group,
    participant: Participant | None,
    user: User | None,
    channel_choice: str,
    request,
    channel,
) -> Registration:
    if not group.is_active:
        raise ValidationError(_("This group is not running any more."))
    if channel_choice not in ReminderChannel.values:
        raise ValidationError({"reminder_channel": _("Choose how to be reminded.")})
    active = Registration.objects.filter(group=group).exclude(status=RegistrationStatus.CANCELLED)
    same = (
        active.filter(participant=participant)
        if participant
        else active.filter(user=user, participant__isnull=True)
    )
    existing = same.first()
    if existing is not None:
        return existing
    status = (
        RegistrationStatus.REGISTERED if _take_seat(group.pk) else RegistrationStatus.WAITLISTED
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                group=group,
                participant=participant,
                user=user if participant is None else None,
                status=status,
                reminder_channel=channel_choice,
                created_by=actor,
            )
    except IntegrityError as exc:
        # The same person, registering twice at the same moment: the other request won.
        raise ValidationError(_("You are already registered for this group.")) from exc
    _audit(
        actor,
        Action.CREATE,
        "group_registration",
        registration.pk,
        group.organisation_id,
        status,
        request,
        channel,
    )
    registration.group = group
    return registration


@transaction.atomic
def registration_create(
    *,
    actor: User,
    group: Group,
    participant: Participant,
    reminder_channel: str = "email",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration:
    """Staff register a participant on their caseload. A full group puts them on the
    waitlist (``status`` says which); registering twice returns the first registration."""
    if not can(actor, Perm.GROUPS_VIEW, group) or not can(
        actor, Perm.PARTICIPANT_VIEW, participant
    ):
        raise PermissionDenied
    return _register(
        actor=actor,
        group=group,
        participant=participant,
        user=None,
        channel_choice=reminder_channel,
        request=request,
        channel=channel,
    )


@transaction.atomic
def registration_join(
    *,
    actor: User,
    group: Group,
    reminder_channel: str = "email",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration:
    """A participant or community member registers themselves for a public group of
    their organisation (a participant account registers its participant record)."""
    if not can(actor, Perm.GROUPS_JOIN, group) or not group.is_public:
        raise PermissionDenied
    participant = Participant.objects.filter(
        user=actor, organisation_id=actor.organisation_id
    ).first()
    return _register(
        actor=actor,
        group=group,
        participant=participant,
        user=actor,
        channel_choice=reminder_channel,
        request=request,
        channel=channel,
    )


def may_change_registration(actor: User, registration: Registration) -> bool:
    if registration.group.organisation_id != actor.organisation_id:
        return False
    if registration.user_id == actor.pk or (
        registration.participant_id and registration.participant.user_id == actor.pk
    ):
        return True
    if can(actor, Perm.GROUPS_MANAGE):
        return True
    return registration.participant_id is not None and can(
        actor, Perm.PARTICIPANT_VIEW, registration.participant
    )


@transaction.atomic
def registration_cancel(
    *,
    actor: User,
    registration: Registration,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Registration | None:
    """Give up a place (or a waitlist spot). A freed place goes to the first person on
    the waitlist, who is told after commit. Returns the promoted registration, if any."""
    if not may_change_registration(actor, registration):
        raise PermissionDenied
    group = Group.objects.select_for_update().get(pk=registration.group_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        return None
    held_seat = current.status == RegistrationStatus.REGISTERED
    current.status = RegistrationStatus.CANCELLED
    current.save(update_fields=["status", "updated_at"])
    registration.status = current.status
    _audit(
        actor,
        Action.STATUS,
        "group_registration",
        current.pk,
        group.organisation_id,
        "cancelled",
        request,
        channel,
    )
    if not held_seat:
        return None
    Group.objects.filter(pk=group.pk).update(seats_taken=F("seats_taken") - 1)
    return _promote_next(group, actor=actor, request=request, channel=channel)


def _promote_next(group: Group, *, actor, request, channel) -> Registration | None:
    """With the group row locked: give the freed place to the longest-waiting person."""
    waiting = (
        Registration.objects.select_for_update()
        .filter(group=group, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None or not _take_seat(group.pk):
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.promoted_at = timezone.now()
    waiting.save(update_fields=["status", "promoted_at", "updated_at"])
    _audit(
        actor,
        Action.STATUS,
        "group_registration",
        waiting.pk,
        group.organisation_id,
        "promoted",
        request,
        channel,
    )
    transaction.on_commit(lambda: tasks.send_waitlist_promoted.enqueue(waiting.pk))
    return waiting


@transaction.atomic
def registration_set_channel(
    *,
    actor: User,
    registration: Registration,
    reminder_channel: str,
    request: HttpRequest | None = None,
) -> Registration:
    """Choose email, text or no reminders for one registration."""
    if not may_change_registration(actor, registration):
        raise PermissionDenied
    if reminder_channel not in ReminderChannel.values:
        raise ValidationError({"reminder_channel": _("Choose how to be reminded.")})
    registration.reminder_channel = reminder_channel
    registration.save(update_fields=["reminder_channel", "updated_at"])
    _audit(
        actor,
        Action.UPDATE,
        "group_registration",
        registration.pk,
        registration.group.organisation_id,
        f"reminders={reminder_channel}",
        request,
    )
    return registration
