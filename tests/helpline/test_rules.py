"""The warmline's pure rules, tested directly."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.helpline import rules

UTC = dt.UTC
T0 = dt.datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def test_queue_key_puts_higher_risk_first_then_the_longest_wait():
    chats = [
        ("routine-early", 0, T0),
        ("high-late", 3, T0 + dt.timedelta(minutes=9)),
        ("moderate", 2, T0 + dt.timedelta(minutes=5)),
        ("routine-late", 0, T0 + dt.timedelta(minutes=1)),
        ("high-early", 3, T0 + dt.timedelta(minutes=2)),
    ]
    order = sorted(chats, key=lambda c: rules.queue_key(risk=c[1], waiting_since=c[2]))
    assert [c[0] for c in order] == [
        "high-early",
        "high-late",
        "moderate",
        "routine-early",
        "routine-late",
    ]


def test_wait_is_unknown_with_nobody_on_shift():
    estimate = rules.estimate_wait(ahead=0, recent_waits=[60], free_slots=0, peers_on_shift=0)
    assert not estimate.known and estimate.low is None


def test_wait_grows_with_the_chats_ahead_and_shrinks_with_more_peers():
    def high(ahead, peers, slots=0):
        return rules.estimate_wait(
            ahead=ahead, recent_waits=[120, 180, 240], free_slots=slots, peers_on_shift=peers
        ).high

    assert high(0, 1, slots=1) < high(4, 1)
    assert high(4, 4) < high(4, 1)
    e = rules.estimate_wait(ahead=0, recent_waits=[120, 180, 240], free_slots=2, peers_on_shift=1)
    assert e.low <= 3 <= e.high  # median wait is three minutes


@pytest.mark.parametrize(
    ("at", "opens", "closes", "expected"),
    [
        (dt.time(17), dt.time(16), dt.time(0), True),  # evening line, closes at midnight
        (dt.time(1), dt.time(16), dt.time(2), True),  # past midnight
        (dt.time(3), dt.time(16), dt.time(2), False),
        (dt.time(12), dt.time(9), dt.time(17), True),
        (dt.time(17), dt.time(9), dt.time(17), False),
        (dt.time(4), dt.time(0), dt.time(0), True),  # around the clock
    ],
)
def test_is_open(at, opens, closes, expected):
    assert rules.is_open(at=at, opens=opens, closes=closes) is expected


def test_coverage_gaps_are_the_open_hours_no_shift_covers():
    windows = rules.open_windows(start=T0, days=1, opens=dt.time(16), closes=dt.time(0))
    assert windows == [(T0.replace(hour=16), T0.replace(hour=0) + dt.timedelta(days=1))]
    shifts = [
        (T0.replace(hour=16), T0.replace(hour=19)),
        (T0.replace(hour=18), T0.replace(hour=20)),  # overlapping shifts merge
        (T0.replace(hour=21), T0.replace(hour=23)),
    ]
    gaps = rules.coverage_gaps(windows=windows, shifts=shifts)
    assert gaps == [
        (T0.replace(hour=20), T0.replace(hour=21)),
        (T0.replace(hour=23), T0.replace(hour=0) + dt.timedelta(days=1)),
    ]
    assert rules.coverage_gaps(windows=windows, shifts=[windows[0]]) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * (rules.MAX_MESSAGE_CHARS + 1), "too_long"),
        ("a\x00b", "binary"),
        ("\x1b[31mred", "binary"),
        (b"bytes", "binary"),
        (None, "binary"),
        (["list"], "binary"),
    ],
)
def test_clean_message_refuses_with_a_reason(text, code):
    with pytest.raises(rules.MessageRefused) as refused:
        rules.clean_message(text)
    assert refused.value.code == code


def test_clean_message_keeps_html_emoji_and_line_breaks_as_typed():
    text = "<b>hi</b> 👩‍👧 ¿qué tal?\nline two"
    assert rules.clean_message(f"  {text}\r\n") == text


def test_flooding_counts_only_the_window():
    now = 1000.0
    under = [now - 1] * (rules.FLOOD_LIMIT - 1)
    assert not rules.flooding(recent=under, now=now)
    assert rules.flooding(recent=[*under, now - 2], now=now)
    old = [now - rules.FLOOD_WINDOW_SECONDS - 1] * 50
    assert not rules.flooding(recent=old, now=now)
