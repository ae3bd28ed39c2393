"""Recurring group schedules per RFC 5545, as pure functions (no Django).

A schedule is a wall-clock start in a named time zone, a length, an RRULE, dates cancelled
(EXDATE) and occurrences moved (RECURRENCE-ID overrides). Expansion happens in *local wall
time* and each occurrence is then placed in the zone, so a Thursday 18:00 group stays at
18:00 across a daylight-saving change (its UTC time moves, as a calendar app shows it).
A wall time that does not exist on the spring-forward day (02:30) is read with the offset
before the gap, as RFC 5545 says, i.e. it happens at 03:30.

A rule that yields nothing, or more than ``MAX_OCCURRENCES`` within the horizon, is refused
with a reason: almost always a typing mistake (COUNT=0, FREQ=MINUTELY) and never a group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

MAX_OCCURRENCES = 1000


class ScheduleError(ValueError):
    """A schedule that cannot be used; ``code`` says why ("invalid", "none", "too_many",
    "zone", "moved"), ``str()`` says it in words for the person who typed it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Occurrence:
    """One meeting. ``original_start`` is where the rule put it (its RECURRENCE-ID, the
    stable key); ``start``/``end`` are where it actually is (moved or not), aware, UTC."""

    original_start: datetime
    start: datetime
    end: datetime
    moved: bool = False


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError("zone", f"Unknown time zone: {name}") from exc


def place(local: datetime, tz: ZoneInfo) -> datetime:
    """A naive wall-clock time in ``tz`` as an aware UTC datetime (gap times move forward)."""
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def _parse(rule: str, dtstart: datetime):
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ScheduleError("invalid", "Write a repeat rule, e.g. FREQ=WEEKLY;BYDAY=TH.")
    if "\n" in text or "DTSTART" in text.upper():
        raise ScheduleError("invalid", "Write only the RRULE part, e.g. FREQ=WEEKLY;BYDAY=TH.")
    try:
        return rrulestr("RRULE:" + text, dtstart=dtstart)
    except (ValueError, TypeError) as exc:
        if "UNTIL" in text.upper():
            raise ScheduleError(
                "invalid",
                "The repeat rule's UNTIL could not be read: write a local date, "
                "e.g. UNTIL=20271231.",
            ) from exc
        raise ScheduleError("invalid", f"The repeat rule could not be read ({exc}).") from exc


def expand(
    *,
    rule: str,
    dtstart: datetime,
    tz_name: str,
    duration: timedelta,
    horizon_end: datetime,
    exdates: Iterable[date | datetime] = (),
    moves: Mapping[datetime, datetime] | None = None,
    max_occurrences: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """Every occurrence of ``rule`` from ``dtstart`` (naive, local wall time in
    ``tz_name``) up to ``horizon_end`` (naive local), without the excluded ones (a date
    excludes that day's occurrence; a datetime the one at that wall time), with
    ``moves`` (original local start → new local start) applied. Sorted by start.

    Raises ``ScheduleError`` for an unreadable rule, a rule with no occurrence in the
    horizon, more than ``max_occurrences``, or a move of an occurrence that does not exist.
    """
    if dtstart.tzinfo is not None or horizon_end.tzinfo is not None:
        raise ValueError("dtstart and horizon_end are naive local wall-clock times")
    if duration <= timedelta(0):
        raise ScheduleError("invalid", "A meeting needs a length of at least one minute.")
    tz = zone(tz_name)
    rrule = _parse(rule, dtstart)
    starts: list[datetime] = []
    for local in rrule:
        if local > horizon_end:
            break
        starts.append(local)
        if len(starts) > max_occurrences:
            raise ScheduleError(
                "too_many",
                f"This rule makes more than {max_occurrences} meetings in the schedule's "
                "period. Check FREQ and INTERVAL, or add COUNT or UNTIL.",
            )
    excluded_days = {d for d in exdates if not isinstance(d, datetime)}
    excluded_times = {d.replace(tzinfo=None) for d in exdates if isinstance(d, datetime)}
    kept = [s for s in starts if s.date() not in excluded_days and s not in excluded_times]
    if not kept:
        raise ScheduleError(
            "none",
            "This rule makes no meetings between the first date and the end of the "
            "schedule. Check the first date, BYDAY and UNTIL.",
        )
    moves = dict(moves or {})
    unknown = set(moves) - set(kept)
    if unknown:
        first = min(unknown)
        raise ScheduleError("moved", f"There is no meeting on {first:%Y-%m-%d %H:%M} to move.")
    found = []
    for local in kept:
        new_local = moves.get(local, local)
        start = place(new_local, tz)
        found.append(
            Occurrence(
                original_start=place(local, tz),
                start=start,
                # Length is wall-clock length on the day (a 2-hour group is 2 hours even
                # on the night the clocks change).
                end=start + duration,
                moved=new_local != local,
            )
        )
    found.sort(key=lambda o: (o.start, o.original_start))
    return found


def weekdays(occurrences: Iterable[Occurrence], tz_name: str) -> list[int]:
    """Local weekdays (Monday 0 … Sunday 6) the meetings fall on, for "day" filters."""
    tz = zone(tz_name)
    return sorted({o.start.astimezone(tz).weekday() for o in occurrences})


def clashes(intervals: Iterable[tuple[object, object, datetime, datetime]]) -> dict:
    """For (key, resource, start, end) intervals — a resource is a facilitator or a room —
    the keys that overlap another key on the same resource: ``{key: {other keys}}``.
    Touching end-to-start is not a clash."""
    by_resource: dict[object, list[tuple[datetime, datetime, object]]] = defaultdict(list)
    for key, resource, start, end in intervals:
        by_resource[resource].append((start, end, key))
    found: dict[object, set] = defaultdict(set)
    for items in by_resource.values():
        items.sort(key=lambda item: (item[0], item[1]))
        active: list[tuple[datetime, object]] = []
        for start, end, key in items:
            active = [(e, k) for e, k in active if e > start]
            for _end, other in active:
                if other != key:
                    found[key].add(other)
                    found[other].add(key)
            active.append((end, key))
    return dict(found)
