"""Cards other apps' pages include: a participant's recent sessions (staff) and a
participant's own notes (their home page). Each costs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone

from hearth.core.policy import Perm, can
from hearth.encounters import selectors, services

register = template.Library()

SESSIONS_SHOWN = 10
OWN_NOTES_SHOWN = 20


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("encounters/_sessions_card.html", takes_context=True)
def participant_sessions(context, participant) -> dict:
    """The "Sessions" card: only queried when the user may view encounters."""
    user = _user(context)
    if participant is None or not can(user, Perm.ENCOUNTER_VIEW):
        return {"show": False}
    organisation = participant.organisation
    encounters = selectors.recent_sessions_for_participant(user, participant, limit=SESSIONS_SHOWN)
    return {
        "show": True,
        "participant": participant,
        "encounters": encounters,
        "zone": services.org_zone(organisation),
        "can_log": can(user, Perm.ENCOUNTER_WRITE),
        "overdue_before": timezone.now() - timedelta(hours=organisation.note_overdue_hours),
    }


@register.inclusion_tag("encounters/_own_notes_card.html", takes_context=True)
def own_notes(context, record) -> dict:
    """A participant's signed notes, when their organisation shares them."""
    user = _user(context)
    if record is None:
        return {"notes": []}
    notes = list(selectors.own_notes_for_participant(user)[:OWN_NOTES_SHOWN])
    zone = services.org_zone(record.organisation) if notes else None
    return {"notes": notes, "zone": zone}
