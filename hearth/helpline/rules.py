"""The warmline's pure rules: queue order, the wait estimate, opening hours, coverage gaps and
what a visitor's message may be. No Django imports, so they are unit-tested directly and
shared by the views, the consumers and the benchmark."""

from __future__ import annotations

import datetime as dt
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A message longer than this is refused (a warm chat, not a document upload).
MAX_MESSAGE_CHARS = 2000
#: At most this many visitor messages in any ``FLOOD_WINDOW_SECONDS``.
FLOOD_LIMIT = 8
FLOOD_WINDOW_SECONDS = 10.0


def queue_key(*, risk: int, waiting_since: dt.datetime) -> tuple[int, dt.datetime]:
    """Sort key for the queue: higher risk first, then whoever has waited longest."""
    return (-int(risk), waiting_since)


@dataclass(frozen=True)
class WaitEstimate:
    """Minutes, as a range; ``None`` bounds when no peer is on shift (honestly unknown)."""

    low: int | None
    high: int | None

    @property
    def known(self) -> bool:
        return self.low is not None


def estimate_wait(
    *, ahead: int, recent_waits: Sequence[float], free_slots: int, peers_on_shift: int
) -> WaitEstimate:
    """How long the next visitor will probably wait, in minutes.

    ``ahead``: chats in front of them; ``recent_waits``: seconds waited by recently picked-up
    chats; ``free_slots``: chats the peers on shift could take now; ``peers_on_shift``.
    With nobody on shift there is no honest number. With a free slot and nobody ahead, the
    wait is how quickly peers have been picking up lately. Otherwise each chat ahead that
    does not fit a free slot adds the typical wait again, shared between the peers on shift.
    """
    if peers_on_shift <= 0:
        return WaitEstimate(None, None)
    typical = statistics.median(recent_waits) / 60 if recent_waits else 2.0
    typical = max(typical, 0.5)
    behind_slots = max(0, ahead + 1 - free_slots)
    centre = typical * (1 + behind_slots / peers_on_shift)
    low = max(1, int(centre * 0.6))
    high = max(low + 1, int(round(centre * 1.5 + 0.5)))
    return WaitEstimate(low, high)


def is_open(*, at: dt.time, opens: dt.time, closes: dt.time) -> bool:
    """Whether the line is open at local time ``at``. ``closes`` before ``opens`` means the
    line runs past midnight; equal means around the clock."""
    if opens == closes:
        return True
    if opens < closes:
        return opens <= at < closes
    return at >= opens or at < closes


Interval = tuple[dt.datetime, dt.datetime]


def open_windows(
    *, start: dt.datetime, days: int, opens: dt.time, closes: dt.time
) -> list[Interval]:
    """The line's opening windows from the day of ``start`` for ``days`` days (aware
    datetimes in ``start``'s time zone)."""
    tz = start.tzinfo
    windows = []
    for n in range(days):
        day = start.date() + dt.timedelta(days=n)
        begin = dt.datetime.combine(day, opens, tzinfo=tz)
        end_day = day if opens < closes else day + dt.timedelta(days=1)
        end = dt.datetime.combine(end_day, closes, tzinfo=tz)
        windows.append((begin, end))
    return windows


def coverage_gaps(*, windows: Iterable[Interval], shifts: Iterable[Interval]) -> list[Interval]:
    """The parts of the opening ``windows`` that no shift covers, in order."""
    merged: list[list[dt.datetime]] = []
    for begin, end in sorted(shifts):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    gaps: list[Interval] = []
    for begin, end in windows:
        cursor = begin
        for s_begin, s_end in merged:
            if s_end <= cursor or s_begin >= end:
                continue
            if s_begin > cursor:
                gaps.append((cursor, s_begin))
            cursor = max(cursor, s_end)
        if cursor < end:
            gaps.append((cursor, end))
    return gaps


class MessageRefused(ValueError):
    """A message the chat will not take, with a code the visitor's page explains."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_message(text: object) -> str:
    """The message as it will be stored, or ``MessageRefused`` with a reason code:
    ``empty``, ``too_long`` or ``binary`` (control characters, NUL, or not text at all).
    HTML is kept as typed: it is escaped wherever it is shown, never interpreted."""
    if not isinstance(text, str):
        raise MessageRefused("binary")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise MessageRefused("empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageRefused("too_long")
    for ch in text:
        if ch in "\n\t":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs"):
            raise MessageRefused("binary")
    return text


def flooding(*, recent: Sequence[float], now: float) -> bool:
    """Whether one more message now would exceed the flood limit, given the send times
    (seconds) of the sender's recent messages."""
    window = [t for t in recent if now - t < FLOOD_WINDOW_SECONDS]
    return len(window) >= FLOOD_LIMIT
