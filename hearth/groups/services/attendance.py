"""Attendance: the facilitator's one-tap marks and walk-ins."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import Perm, can, participant_scope
from hearth.groups.models import (
    Attendance,
    Group,
    GroupSession,
    Registration,
)
from hearth.groups.services._base import _audit
from hearth.participants.models import Participant


def may_facilitate(actor: User, group: Group) -> bool:
    """Rosters and notes: the group's facilitators, and managers/admins of the org."""
    if group.organisation_id != getattr(actor, "organisation_id", None):
        return False
    if can(actor, Perm.GROUPS_MANAGE):
        return True
    return can(actor, Perm.GROUP_FACILITATE) and group.facilitators.filter(pk=actor.pk).exists()


@transaction.atomic
def attendance_mark(
    *,
    actor: User,
    session: GroupSession,
    registration: Registration,
    present: bool,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Attendance:
    """Mark a registered person present (or not) at one meeting: one tap on the roster."""
    if not may_facilitate(actor, session.group) or registration.group_id != session.group_id:
        raise PermissionDenied
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    lookup = (
        {"participant_id": registration.participant_id}
        if registration.participant_id
        else {"user_id": registration.user_id, "participant__isnull": True}
    )
    row = Attendance.objects.filter(session=session, **lookup).first()
    if row is None:
        row = Attendance(
            session=session,
            participant_id=registration.participant_id,
            user_id=None if registration.participant_id else registration.user_id,
        )
    row.present, row.marked_by, row.marked_at = present, actor, timezone.now()
    row.save()
    _audit(
        actor,
        Action.UPDATE,
        "group_attendance",
        session.public_id,
        session.group.organisation_id,
        "present" if present else "absent",
        request,
        channel,
    )
    return row


@transaction.atomic
def attendance_add_walk_in(
    *,
    actor: User,
    session: GroupSession,
    name: str = "",
    participant: Participant | None = None,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> Attendance:
    """Someone came without registering: a participant (from the actor's scope) or, for
    someone who is not a participant yet, the name they gave."""
    if not may_facilitate(actor, session.group):
        raise PermissionDenied
    if session.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    name = (name or "").strip()
    if participant is None and not name:
        raise ValidationError({"name": _("Write the name they would like to be called.")})
    if len(name) > 120:
        raise ValidationError({"name": _("Keep the name under 120 characters.")})
    if participant is not None:
        visible = Participant.objects.filter(participant_scope(actor), pk=participant.pk)
        if participant.organisation_id != session.group.organisation_id or not visible.exists():
            raise PermissionDenied
        row, _created = Attendance.objects.update_or_create(
            session=session,
            participant=participant,
            defaults={"present": True, "marked_by": actor, "marked_at": timezone.now()},
        )
    else:
        row = Attendance.objects.create(
            session=session, walk_in_name=name, marked_by=actor, marked_at=timezone.now()
        )
    _audit(
        actor,
        Action.CREATE,
        "group_attendance",
        session.public_id,
        session.group.organisation_id,
        "walk_in",
        request,
        channel,
    )
    return row
