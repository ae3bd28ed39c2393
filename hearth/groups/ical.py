"""iCalendar (.ics) feeds, built with the ``icalendar`` library (no Django).

Each meeting is its own VEVENT with a UID that never changes (the session's public id), a
SEQUENCE that goes up whenever its time or status changes (so calendar apps take the
update), DTSTART/DTEND in the group's time zone with the matching VTIMEZONE, and
STATUS:CANCELLED for a cancelled meeting (apps then strike it out rather than keep a
stale copy). One event per meeting rather than one RRULE: cancellations, moves and
courses with numbered sessions then need no client-side rule engine, which several
common apps get wrong. Events carry no description: the URL leads to the group's page,
and a feed of a year of meetings stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Hearth//Groups//EN"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    start: datetime
    end: datetime
    tz_name: str
    summary: str
    sequence: int = 0
    cancelled: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    recurrence_id: datetime | None = None
    stamp: datetime | None = None


def build_calendar(name: str, events: Iterable[FeedEvent], *, now: datetime) -> bytes:
    """The feed as bytes (CRLF lines, folded), VTIMEZONEs for every zone used."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        tz = ZoneInfo(item.tz_name)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", (item.stamp or now).astimezone(UTC))
        event.add("dtstart", item.start.astimezone(tz))
        event.add("dtend", item.end.astimezone(tz))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
