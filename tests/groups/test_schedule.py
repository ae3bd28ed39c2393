"""RRULE expansion, as pure functions: DST, exceptions, moves, and refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hearth.groups.schedule import ScheduleError, clashes, expand, weekdays

NY = "America/New_York"
HOUR = timedelta(hours=1)


def _weekly(**kwargs):
    args = {
        "rule": "FREQ=WEEKLY;BYDAY=TH;COUNT=8",
        "dtstart": datetime(2026, 10, 22, 18, 0),
        "tz_name": NY,
        "duration": HOUR,
        "horizon_end": datetime(2027, 10, 1),
    }
    args.update(kwargs)
    return expand(**args)


def test_weekly_thursdays_keep_wall_clock_time_across_the_autumn_change():
    found = _weekly()
    assert len(found) == 8
    # 18:00 EDT is 22:00 UTC until 1 November 2026; 18:00 EST is 23:00 UTC after.
    assert found[0].start == datetime(2026, 10, 22, 22, 0, tzinfo=UTC)
    assert found[1].start == datetime(2026, 10, 29, 22, 0, tzinfo=UTC)
    assert found[2].start == datetime(2026, 11, 5, 23, 0, tzinfo=UTC)
    assert all(o.end - o.start == HOUR for o in found)
    assert weekdays(found, NY) == [3]


def test_spring_forward_gap_time_moves_to_after_the_gap():
    found = _weekly(rule="FREQ=DAILY;COUNT=3", dtstart=datetime(2027, 3, 13, 2, 30))
    # 14 March 2027 02:30 does not exist in New York: RFC 5545 reads it with the offset
    # before the gap (EST), i.e. 07:30 UTC = 03:30 EDT.
    assert found[1].start == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    assert found[0].start == datetime(2027, 3, 13, 7, 30, tzinfo=UTC)
    assert found[2].start == datetime(2027, 3, 15, 6, 30, tzinfo=UTC)


def test_spring_change_keeps_the_evening_time():
    found = _weekly(dtstart=datetime(2027, 3, 4, 18, 0), rule="FREQ=WEEKLY;COUNT=3")
    assert [o.start.hour for o in found] == [23, 23, 22]


def test_holiday_excluded_and_one_meeting_moved():
    found = _weekly(
        exdates=[date(2026, 11, 26)],
        moves={datetime(2026, 11, 19, 18, 0): datetime(2026, 11, 20, 17, 0)},
    )
    starts = [o.start for o in found]
    assert len(found) == 7
    assert datetime(2026, 11, 26, 23, 0, tzinfo=UTC) not in starts
    moved = next(o for o in found if o.moved)
    assert moved.original_start == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)
    assert moved.start == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def test_exdate_at_a_time_excludes_only_that_meeting():
    found = _weekly(exdates=[datetime(2026, 10, 29, 18, 0)])
    assert len(found) == 7


def test_rule_with_no_meetings_is_refused_with_a_reason():
    with pytest.raises(ScheduleError) as exc:
        _weekly(rule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20261001")
    assert exc.value.code == "none"


def test_every_meeting_excluded_is_no_meetings():
    with pytest.raises(ScheduleError) as exc:
        _weekly(rule="FREQ=WEEKLY;COUNT=1", exdates=[date(2026, 10, 22)])
    assert exc.value.code == "none"


def test_thousands_of_meetings_are_refused():
    with pytest.raises(ScheduleError) as exc:
        _weekly(rule="FREQ=HOURLY")
    assert exc.value.code == "too_many"
    assert "1000" in str(exc.value)


def test_just_under_the_limit_is_accepted():
    found = _weekly(rule="FREQ=DAILY;COUNT=1000", horizon_end=datetime(2030, 1, 1))
    assert len(found) == 1000


@pytest.mark.parametrize(
    "rule", ["", "FREQ=SOMETIMES", "BYDAY=TH", "DTSTART:20260101T000000\nRRULE:FREQ=DAILY"]
)
def test_unreadable_rules_are_refused(rule):
    with pytest.raises(ScheduleError) as exc:
        _weekly(rule=rule)
    assert exc.value.code == "invalid"


def test_utc_until_is_explained():
    with pytest.raises(ScheduleError) as exc:
        _weekly(rule="FREQ=WEEKLY;UNTIL=20261231T000000Z")
    assert "UNTIL" in str(exc.value)


def test_unknown_zone_and_bad_move_are_refused():
    with pytest.raises(ScheduleError) as exc:
        _weekly(tz_name="Mars/Olympus")
    assert exc.value.code == "zone"
    with pytest.raises(ScheduleError) as exc:
        _weekly(moves={datetime(2026, 10, 23, 18, 0): datetime(2026, 10, 24, 18, 0)})
    assert exc.value.code == "moved"


def test_rrule_prefix_is_accepted():
    assert len(_weekly(rule="RRULE:FREQ=WEEKLY;COUNT=2")) == 2


def test_clashes_on_a_shared_resource_only():
    t = datetime(2026, 1, 1, 18, tzinfo=UTC)
    found = clashes(
        [
            ("a", "maria", t, t + HOUR),
            ("b", "maria", t + timedelta(minutes=30), t + 2 * HOUR),
            ("c", "maria", t + 2 * HOUR, t + 3 * HOUR),  # touches b: no clash
            ("d", "tom", t, t + HOUR),
        ]
    )
    assert found == {"a": {"b"}, "b": {"a"}}
