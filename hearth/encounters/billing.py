"""Billing rules for peer services, as pure functions (no Django).

Units are always computed from minutes, never typed. A payer's rule is data:
unit length, the minutes a final partial unit needs to count, and a daily cap.

The common "8-minute rule" for 15-minute units: 0–7 min → 0 units, 8–22 → 1, 23–37 → 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Rounding(StrEnum):
    """How the minutes left over after whole units are treated."""

    THRESHOLD = "threshold"  # a partial unit counts when it reaches `partial_unit_minutes`
    WHOLE_UNITS = "whole_units"  # only complete units count
    ANY_PART = "any_part"  # any started unit counts


@dataclass(frozen=True)
class UnitRule:
    unit_minutes: int = 15
    rounding: Rounding = Rounding.THRESHOLD
    partial_unit_minutes: int = 8
    daily_unit_cap: int | None = None

    def __post_init__(self) -> None:
        if self.unit_minutes <= 0:
            raise ValueError("unit_minutes must be positive")
        if (
            self.rounding == Rounding.THRESHOLD
            and not 1 <= self.partial_unit_minutes <= self.unit_minutes
        ):
            raise ValueError("partial_unit_minutes must be between 1 and unit_minutes")


CMS_8_MINUTE_RULE = UnitRule()


def units_for(minutes: int, rule: UnitRule = CMS_8_MINUTE_RULE) -> int:
    """Billable units for one encounter of ``minutes`` (before any daily cap)."""
    if minutes <= 0:
        return 0
    whole, remainder = divmod(minutes, rule.unit_minutes)
    if remainder == 0:
        return whole
    if rule.rounding == Rounding.ANY_PART:
        return whole + 1
    if rule.rounding == Rounding.THRESHOLD and remainder >= rule.partial_unit_minutes:
        return whole + 1
    return whole


class Reason(StrEnum):
    """Why an encounter is left out of a claim, in words a biller understands."""

    NOT_BILLABLE = "not_billable"
    NO_PAYER = "no_payer"
    NO_NOTE = "no_note"
    UNSIGNED = "unsigned"
    MISSING_COSIGNATURE = "missing_cosignature"
    ZERO_UNITS = "zero_units"
    OVER_DAILY_CAP = "over_daily_cap"
    RENDERER_NOT_CERTIFIED = "renderer_not_certified"
    OVERLAPPING = "overlapping"
    NO_PLAN_GOAL = "no_plan_goal"


@dataclass
class ClaimCandidate:
    """What the eligibility check needs to know about one encounter."""

    key: object
    participant_key: object
    renderer_key: object
    payer_key: object | None
    service_date: date
    start: datetime
    end: datetime
    units: int
    billable_kind: bool = True
    has_note: bool = True
    signed: bool = True
    cosign_required: bool = False
    cosigned: bool = False
    certification_required: bool = True
    renderer_certified: bool = True
    goals_addressed: int = 1
    daily_unit_cap: int | None = None
    #: Encounters that are attendees' shares of one group session carry the same key:
    #: they are one stretch of the renderer's time, so never overlap one another.
    group_key: object | None = None
    reasons: list[Reason] = field(default_factory=list)
    billed_units: int = 0


def overlapping_keys(intervals: Iterable[tuple[object, object, datetime, datetime]]) -> set[object]:
    """Keys of intervals that overlap another interval of the same owner.
    ``intervals``: (key, owner, start, end). Touching end-to-start is not an overlap."""
    by_owner: dict[object, list[tuple[datetime, datetime, object]]] = defaultdict(list)
    for key, owner, start, end in intervals:
        by_owner[owner].append((start, end, key))
    found: set[object] = set()
    for items in by_owner.values():
        items.sort(key=lambda item: (item[0], item[1]))
        latest_end, latest_key = None, None
        for start, end, key in items:
            if latest_end is not None and start < latest_end:
                found.update((key, latest_key))
            if latest_end is None or end > latest_end:
                latest_end, latest_key = end, key
    return found


def _overlapping_candidates(candidates: Sequence[ClaimCandidate]) -> set[object]:
    """Keys of candidates overlapping another of the same renderer, a group session's
    shares counted once (as the interval of the group)."""
    members: dict[object, list[object]] = defaultdict(list)
    intervals = []
    for c in candidates:
        if c.group_key is None:
            intervals.append((c.key, c.renderer_key, c.start, c.end))
            continue
        group = ("group", c.group_key)
        if group not in members:
            intervals.append((group, c.renderer_key, c.start, c.end))
        members[group].append(c.key)
    found: set[object] = set()
    for key in overlapping_keys(intervals):
        found.update(members.get(key, [key]))
    return found


def assess_claims(candidates: Sequence[ClaimCandidate]) -> list[ClaimCandidate]:
    """Fill each candidate's ``reasons`` (empty = billable) and ``billed_units``.

    Daily caps apply per participant, payer and day, to encounters in time order: the
    encounter that would take the day over the cap is left out whole (payers reject,
    rather than trim, a line over the cap)."""
    overlaps = _overlapping_candidates(candidates)
    used: dict[tuple, int] = defaultdict(int)
    for c in sorted(candidates, key=lambda c: (c.start, str(c.key))):
        c.reasons = []
        if not c.billable_kind:
            c.reasons.append(Reason.NOT_BILLABLE)
        if c.payer_key is None:
            c.reasons.append(Reason.NO_PAYER)
        if not c.has_note:
            c.reasons.append(Reason.NO_NOTE)
        elif not c.signed:
            c.reasons.append(Reason.UNSIGNED)
        elif c.cosign_required and not c.cosigned:
            c.reasons.append(Reason.MISSING_COSIGNATURE)
        if c.units <= 0:
            c.reasons.append(Reason.ZERO_UNITS)
        if c.certification_required and not c.renderer_certified:
            c.reasons.append(Reason.RENDERER_NOT_CERTIFIED)
        if c.key in overlaps:
            c.reasons.append(Reason.OVERLAPPING)
        if c.has_note and c.goals_addressed <= 0:
            c.reasons.append(Reason.NO_PLAN_GOAL)
        day = (c.participant_key, c.payer_key, c.service_date)
        if (
            not c.reasons
            and c.daily_unit_cap is not None
            and used[day] + c.units > c.daily_unit_cap
        ):
            c.reasons.append(Reason.OVER_DAILY_CAP)
        if not c.reasons:
            used[day] += c.units
            c.billed_units = c.units
    return list(candidates)
