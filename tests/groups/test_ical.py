"""Feeds parsed back with icalendar and checked field by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from hearth.groups.ical import FeedEvent, build_calendar

NY = ZoneInfo("America/New_York")


def test_feed_round_trips_field_by_field():
    start = datetime(2026, 11, 5, 23, 0, tzinfo=UTC)
    body = build_calendar(
        "Riverbend groups",
        [
            FeedEvent(
                uid="abc@hearth",
                start=start,
                end=start + timedelta(hours=1),
                tz_name="America/New_York",
                summary="Eating Well on a Budget",
                sequence=2,
                location="Kitchen, 12 Main St",
                url="https://example.org/groups/abc/",
            ),
            FeedEvent(
                uid="def@hearth",
                start=start + timedelta(days=7),
                end=start + timedelta(days=7, hours=1),
                tz_name="America/New_York",
                summary="Eating Well on a Budget",
                cancelled=True,
                sequence=1,
            ),
        ],
        now=datetime(2026, 11, 1, tzinfo=UTC),
    )
    cal = Calendar.from_ical(body)
    assert cal["VERSION"] == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Riverbend groups"
    zones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["America/New_York"]
    first, second = cal.walk("VEVENT")
    assert str(first["UID"]) == "abc@hearth"
    assert first.decoded("DTSTART") == datetime(2026, 11, 5, 18, 0, tzinfo=NY)
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first.decoded("DTEND") - first.decoded("DTSTART") == timedelta(hours=1)
    assert str(first["SUMMARY"]) == "Eating Well on a Budget"
    assert int(first["SEQUENCE"]) == 2
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(first["LOCATION"]) == "Kitchen, 12 Main St"
    assert str(first["URL"]) == "https://example.org/groups/abc/"
    assert first.decoded("DTSTAMP") == datetime(2026, 11, 1, tzinfo=UTC)
    assert str(second["STATUS"]) == "CANCELLED"
    assert int(second["SEQUENCE"]) == 1
    assert b"\r\n" in body
