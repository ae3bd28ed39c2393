"""Completion figures from plain rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hearth.referrals.reporting import SMALL_GROUP, ReferralRow, assemble, overall, summarise

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _row(key, status, days=None, sent=True):
    done = T0 + timedelta(days=days) if days is not None else None
    return ReferralRow(key, key.title(), status, T0 if sent else None, done)


def test_summarise_counts_rates_and_days():
    rows = [
        _row("food", "completed", 2),
        _row("food", "completed", 4),
        _row("food", "not_completed"),
        _row("food", "declined"),
        _row("food", "in_progress"),
        _row("food", "cancelled"),
        _row("food", "draft", sent=False),
        _row("housing", "completed", 10),
    ]
    food, housing = summarise(rows)
    assert (food.key, food.sent, food.open, food.closed, food.completed) == ("food", 6, 1, 4, 2)
    assert food.completion_rate == 0.5
    assert food.median_days == 3.0
    assert food.mean_days == 3.0
    assert housing.completion_rate == 1.0
    assert housing.median_days == 10.0
    total = overall([food, housing])
    assert (total.sent, total.closed, total.completed) == (7, 5, 3)
    assert total.median_days == 4.0


def test_summarise_without_outcomes_has_no_rate():
    (group,) = summarise([_row("x", "sent"), _row("x", "cancelled")])
    assert group.completion_rate is None
    assert group.median_days is None and group.mean_days is None


def test_small_groups_are_flagged():
    (group,) = summarise([_row("x", "completed", 1)] * (SMALL_GROUP - 1))
    assert group.small
    (group,) = summarise([_row("x", "completed", 1)] * SMALL_GROUP)
    assert not group.small


def test_summarise_orders_biggest_first():
    rows = [_row("b", "sent"), _row("a", "sent"), _row("b", "sent")]
    assert [g.key for g in summarise(rows)] == ["b", "a"]


def test_assemble_agrees_with_summarise():
    rows = [
        _row("food", "completed", 2),
        _row("food", "completed", 4),
        _row("food", "declined"),
        _row("food", "sent"),
        _row("housing", "completed", 10),
    ]
    counts = [("food", "Food", 4, 1, 3, 2), ("housing", "Housing", 1, 0, 1, 1)]
    durations = [("food", 2.0), ("food", 4.0), ("housing", 10.0)]
    built = assemble(counts, durations)
    expected = summarise(rows)
    assert [(g.key, g.sent, g.open, g.closed, g.completed, g.median_days) for g in built] == [
        (g.key, g.sent, g.open, g.closed, g.completed, g.median_days) for g in expected
    ]


def test_assemble_merges_a_key_seen_twice():
    (group,) = assemble([("s", "Old name", 2, 0, 2, 1), ("s", "New name", 1, 0, 1, 1)], [])
    assert (group.label, group.sent, group.completed) == ("Old name", 3, 2)
