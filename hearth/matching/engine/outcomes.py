"""How matches fare, by which compatibility parts the pair shared (pure; no Django).

A part counts as *shared* when its value for the pair was above ``SHARED_AT`` (distance:
closer than half the distance scale). For each part, matches that shared it are compared
with those that did not: still active at 30, 60 and 90 days (among matches old enough to
tell), and ended early (ended within 90 days for any reason but goals met).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hearth.matching.engine.scoring import PARTS

MILESTONES = (30, 60, 90)
SHARED_AT = {"distance": 0.5}
FINE_ENDINGS = frozenset({"goals_met"})


@dataclass(frozen=True)
class Started:
    started_at: datetime
    ended_at: datetime | None
    end_reason: str
    parts: dict  # part → value 0–1 or None


@dataclass
class Cohort:
    matches: int = 0
    #: milestone → (still active, old enough)
    retained: dict[int, list[int]] = field(default_factory=lambda: {d: [0, 0] for d in MILESTONES})
    ended_early: int = 0

    def rate(self, days: int) -> float | None:
        active, total = self.retained[days]
        return active / total if total else None

    @property
    def ended_early_rate(self) -> float | None:
        return self.ended_early / self.matches if self.matches else None


def shared_parts(parts: dict) -> set[str]:
    return {
        part
        for part in PARTS
        if parts.get(part) is not None and parts[part] > SHARED_AT.get(part, 0.0)
    }


def _add(cohort: Cohort, match: Started, now: datetime) -> None:
    cohort.matches += 1
    for days in MILESTONES:
        mark = match.started_at + timedelta(days=days)
        if mark > now:
            continue
        cohort.retained[days][1] += 1
        if match.ended_at is None or match.ended_at > mark:
            cohort.retained[days][0] += 1
    if (
        match.ended_at is not None
        and match.ended_at - match.started_at < timedelta(days=MILESTONES[-1])
        and match.end_reason not in FINE_ENDINGS
    ):
        cohort.ended_early += 1


def outcomes_by_part(matches: Iterable[Started], now: datetime) -> dict:
    """``{"all": Cohort, part: {"shared": Cohort, "not_shared": Cohort}}``."""
    report: dict = {"all": Cohort()}
    for part in PARTS:
        report[part] = {"shared": Cohort(), "not_shared": Cohort()}
    for match in matches:
        _add(report["all"], match, now)
        shared = shared_parts(match.parts)
        for part in PARTS:
            _add(report[part]["shared" if part in shared else "not_shared"], match, now)
    return report
