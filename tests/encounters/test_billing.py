from datetime import UTC, date, datetime, timedelta

import pytest

from hearth.encounters.billing import (
    ClaimCandidate,
    Reason,
    Rounding,
    UnitRule,
    assess_claims,
    overlapping_keys,
    units_for,
)

EIGHT_MINUTE = UnitRule(unit_minutes=15, rounding=Rounding.THRESHOLD, partial_unit_minutes=8)
WHOLE = UnitRule(unit_minutes=15, rounding=Rounding.WHOLE_UNITS)
ANY = UnitRule(unit_minutes=15, rounding=Rounding.ANY_PART)


@pytest.mark.parametrize(
    ("minutes", "eight_minute", "whole", "any_part"),
    [
        (0, 0, 0, 0),
        (1, 0, 0, 1),
        (7, 0, 0, 1),
        (8, 1, 0, 1),
        (14, 1, 0, 1),
        (15, 1, 1, 1),
        (22, 1, 1, 2),
        (23, 2, 1, 2),
        (30, 2, 2, 2),
        (37, 2, 2, 3),
        (38, 3, 2, 3),
        (60, 4, 4, 4),
        (240, 16, 16, 16),
    ],
)
def test_units_for_each_rounding_rule(minutes, eight_minute, whole, any_part):
    assert units_for(minutes, EIGHT_MINUTE) == eight_minute
    assert units_for(minutes, WHOLE) == whole
    assert units_for(minutes, ANY) == any_part


def test_other_unit_lengths():
    thirty = UnitRule(unit_minutes=30, partial_unit_minutes=16)
    assert [units_for(m, thirty) for m in (15, 16, 45, 46)] == [0, 1, 1, 2]


def test_invalid_rules_are_refused():
    with pytest.raises(ValueError):
        UnitRule(unit_minutes=0)
    with pytest.raises(ValueError):
        UnitRule(unit_minutes=15, partial_unit_minutes=16)


T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def candidate(key, start_min=0, minutes=30, **kw):
    start = T0 + timedelta(minutes=start_min)
    defaults = dict(
        key=key,
        participant_key="p1",
        renderer_key="peer1",
        payer_key="medicaid",
        service_date=date(2026, 11, 2),
        start=start,
        end=start + timedelta(minutes=minutes),
        units=units_for(minutes),
    )
    defaults.update(kw)
    return ClaimCandidate(**defaults)


def test_a_clean_encounter_is_billable():
    [c] = assess_claims([candidate("e1")])
    assert c.reasons == [] and c.billed_units == 2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"signed": False}, Reason.UNSIGNED),
        ({"has_note": False}, Reason.NO_NOTE),
        ({"cosign_required": True, "cosigned": False}, Reason.MISSING_COSIGNATURE),
        ({"renderer_certified": False}, Reason.RENDERER_NOT_CERTIFIED),
        ({"goals_addressed": 0}, Reason.NO_PLAN_GOAL),
        ({"payer_key": None}, Reason.NO_PAYER),
        ({"billable_kind": False}, Reason.NOT_BILLABLE),
        ({"units": 0}, Reason.ZERO_UNITS),
    ],
)
def test_each_reason_is_reported(changes, reason):
    [c] = assess_claims([candidate("e1", **changes)])
    assert reason in c.reasons and c.billed_units == 0


def test_uncertified_renderer_is_fine_when_payer_does_not_require_certification():
    [c] = assess_claims([candidate("e1", renderer_certified=False, certification_required=False)])
    assert c.reasons == []


def test_daily_cap_leaves_out_the_encounter_that_exceeds_it():
    cands = [
        candidate("morning", 0, 120, daily_unit_cap=16),  # 8 units
        candidate("noon", 180, 90, daily_unit_cap=16),  # 6 units → 14
        candidate("evening", 480, 60, daily_unit_cap=16),  # 4 units → 18 > 16
    ]
    result = {c.key: c for c in assess_claims(cands)}
    assert result["morning"].reasons == [] and result["noon"].reasons == []
    assert result["evening"].reasons == [Reason.OVER_DAILY_CAP]


def test_cap_is_per_participant_and_day():
    cands = [
        candidate("a", 0, 240, daily_unit_cap=16),
        candidate("b", 300, 60, daily_unit_cap=16, participant_key="p2"),
        candidate(
            "c", 300, 60, daily_unit_cap=16, service_date=date(2026, 11, 3), renderer_key="peer2"
        ),
    ]
    assert all(c.reasons == [] for c in assess_claims(cands))


def test_overlapping_encounters_of_one_peer_are_both_flagged():
    cands = [
        candidate("a", 0, 60),
        candidate("b", 30, 60, participant_key="p2"),
        candidate("c", 90, 30),
    ]
    result = {c.key: c.reasons for c in assess_claims(cands)}
    assert Reason.OVERLAPPING in result["a"] and Reason.OVERLAPPING in result["b"]
    assert result["c"] == []


def test_back_to_back_is_not_overlap_and_other_peers_do_not_count():
    rows = [
        ("a", "x", T0, T0 + timedelta(hours=1)),
        ("b", "x", T0 + timedelta(hours=1), T0 + timedelta(hours=2)),
        ("c", "y", T0, T0 + timedelta(hours=2)),
    ]
    assert overlapping_keys(rows) == set()
