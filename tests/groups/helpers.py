"""Builders for group tests: groups made through the services, as a manager would."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from hearth.core.policy import Role
from hearth.groups import services
from hearth.groups.models import Group, GroupSession


def make_group(world, *, facilitator=None, **fields) -> Group:
    data = {
        "name": "Eating Well on a Budget",
        "kind": "course",
        "audience": "veterans",
        "language": "en",
        "format": "in_person",
        "room": "Kitchen",
        "timezone": "America/New_York",
        "first_date": timezone.localdate() - timedelta(days=14),
        "start_time": time(18, 0),
        "duration_minutes": 60,
        "rrule": "FREQ=WEEKLY",
        "capacity": 12,
        "registration_required": True,
        "is_public": True,
    }
    data.update(fields)
    facilitator = facilitator if facilitator is not None else world.users[Role.PEER_SPECIALIST]
    return services.group_create(
        actor=world.users[Role.ORG_ADMIN],
        data=data,
        facilitators=[facilitator] if facilitator else [],
    )


def past_session(group: Group) -> GroupSession:
    return group.sessions.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()


def future_session(group: Group) -> GroupSession:
    return group.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()


__all__ = ["date", "make_group", "past_session", "future_session"]
