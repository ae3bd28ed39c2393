"""Private calendar links and the reminders due before each meeting."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.audit.models import Action
from hearth.core.policy import Perm, can
from hearth.groups import tasks
from hearth.groups.models import (
    CalendarLink,
    GroupSession,
    Registration,
    RegistrationStatus,
    ReminderChannel,
    SessionStatus,
)
from hearth.groups.services._base import _audit
from hearth.groups.services.schedules import next_starts_refresh


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_link_reset(*, actor: User, request: HttpRequest | None = None) -> str:
    """Make a new private calendar link for ``actor`` (the old one stops working).
    Returns the secret; only its hash is kept."""
    if not (can(actor, Perm.GROUPS_JOIN) or can(actor, Perm.GROUPS_VIEW)):
        raise PermissionDenied
    token = secrets.token_urlsafe(24)
    CalendarLink.objects.update_or_create(user=actor, defaults={"token_hash": token_hash(token)})
    _audit(
        actor,
        Action.UPDATE,
        "calendar_link",
        actor.public_id,
        actor.organisation_id,
        "reset",
        request,
    )
    return token


def reminders_send_due(*, now: datetime | None = None, hours: int = 24) -> dict[str, int]:
    """Enqueue a reminder for each registration of each meeting starting within
    ``hours`` that has not been reminded yet (idempotent: a meeting is marked reminded in
    the same transaction). For the periodic ``send_group_reminders`` command."""
    now = now or timezone.now()
    next_starts_refresh(now=now)
    due = GroupSession.objects.filter(
        status=SessionStatus.SCHEDULED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours),
        group__is_active=True,
    )
    sessions = messages = 0
    for session_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = GroupSession.objects.filter(pk=session_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            sessions += 1
            ids = list(
                Registration.objects.filter(
                    group__sessions__pk=session_id, status=RegistrationStatus.REGISTERED
                )
                .exclude(reminder_channel=ReminderChannel.NONE)
                .values_list("pk", flat=True)
            )
            for registration_id in ids:
                messages += 1
                transaction.on_commit(
                    lambda r=registration_id, s=session_id: tasks.send_session_reminder.enqueue(
                        r, s
                    )
                )
    return {"sessions": sessions, "reminders": messages}
