"""Groups' meetings as iCalendar feeds (per group, per programme, per person)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from hearth.groups.ical import FeedEvent, build_calendar
from hearth.groups.models import GroupSession

#: How far back a feed reaches: calendar apps keep what they already have.
PAST_DAYS = 31


def feed_event(session: GroupSession, base_url: str) -> FeedEvent:
    group = session.group
    where = ", ".join(p for p in (group.room, group.address) if p) or group.video_url
    return FeedEvent(
        uid=f"{session.public_id}@hearth",
        start=session.starts_at,
        end=session.ends_at,
        tz_name=group.timezone,
        summary=group.name,
        sequence=session.sequence,
        cancelled=session.is_cancelled,
        description=group.description[:1000],
        location=where,
        url=base_url + reverse("groups:public_detail", kwargs={"pk": group.public_id}),
        stamp=session.updated_at,
    )


def recent_and_future(sessions):
    return sessions.filter(starts_at__gte=timezone.now() - timezone.timedelta(days=PAST_DAYS))


def calendar_response(
    request: HttpRequest, name: str, sessions: Iterable[GroupSession], *, filename: str
) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    body = build_calendar(name, (feed_event(s, base) for s in sessions), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
