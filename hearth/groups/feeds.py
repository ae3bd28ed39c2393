"""Groups' meetings as iCalendar feeds (per group, per programme, per person).

Calendar apps poll feeds every few minutes to hours, and a programme's feed is a document
of every meeting of its groups, so a feed is built once per change and then served from
the cache: its key is the scope plus a fingerprint of its sessions (how many, and the
latest ``updated_at``) read in one aggregate query. Any change to a session — moved,
cancelled, added — changes the fingerprint. Responses carry an ETag, so an app that
already has the current feed gets a bodiless 304."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone

from hearth.groups.ical import FeedEvent, build_calendar
from hearth.groups.models import GroupSession

#: How far back a feed reaches: calendar apps keep what they already have.
PAST_DAYS = 31
CACHE_SECONDS = 24 * 3600


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
        location=where,
        url=base_url + reverse("groups:public_detail", kwargs={"pk": group.public_id}),
        stamp=session.updated_at,
    )


def recent_and_future(sessions: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return sessions.filter(starts_at__gte=timezone.now() - timedelta(days=PAST_DAYS))


def build_feed(name: str, sessions, base_url: str) -> bytes:
    """The feed document itself (no cache), for the views and the benchmark."""
    return build_calendar(name, (feed_event(s, base_url) for s in sessions), now=timezone.now())


def calendar_response(
    request: HttpRequest,
    name: str,
    sessions: QuerySet[GroupSession],
    *,
    filename: str,
    scope: str,
) -> HttpResponse:
    """``scope`` names the feed in the cache key (e.g. "group:<uuid>"); it must differ
    for every distinct set of sessions, and carries no personal data."""
    base = request.build_absolute_uri("/").rstrip("/")
    found = sessions.order_by().aggregate(n=Count("pk"), ids=Sum("pk"), latest=Max("updated_at"))
    fingerprint = hashlib.sha256(
        f"{scope}|{name}|{base}|{found['n']}|{found['ids']}|{found['latest']}".encode()
    ).hexdigest()[:32]
    etag = f'"{fingerprint}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    key = f"groups-feed:{fingerprint}"
    body = cache.get(key)
    if body is None:
        body = build_feed(name, sessions.select_related("group"), base)
        cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    return response
