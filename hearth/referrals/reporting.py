"""Completion rate and time to completion, grouped, from plain rows (no Django imports).

A referral counts once it has been sent. Its loop is *closed* when it reached a final
status other than ``cancelled`` (cancelling withdraws the request, it is not an outcome).
The completion rate is completed / closed; open referrals are counted apart, so a month
full of referrals still in progress does not read as a failure. Time to completion runs
from sending to completion, in days.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

#: Groups smaller than this are flagged: a rate over a handful of people says little and,
#: in a report that leaves the organisation, could point at someone.
SMALL_GROUP = 11

CLOSED = frozenset({"completed", "not_completed", "declined"})
OPEN = frozenset({"sent", "accepted", "in_progress"})


@dataclass(frozen=True)
class ReferralRow:
    group_key: str
    group_label: str
    status: str
    sent_at: datetime | None
    completed_at: datetime | None


@dataclass
class GroupFigures:
    key: str
    label: str
    sent: int = 0
    open: int = 0
    closed: int = 0
    completed: int = 0
    days: list[float] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.closed if self.closed else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def mean_days(self) -> float | None:
        return statistics.fmean(self.days) if self.days else None

    @property
    def small(self) -> bool:
        return self.sent < SMALL_GROUP


def summarise(rows: Iterable[ReferralRow]) -> list[GroupFigures]:
    """Figures per group, most referrals first (then by label). Drafts and referrals that
    were never sent are ignored."""
    groups: dict[str, GroupFigures] = {}
    for row in rows:
        if row.sent_at is None:
            continue
        figures = groups.get(row.group_key)
        if figures is None:
            figures = groups[row.group_key] = GroupFigures(row.group_key, row.group_label)
        figures.sent += 1
        if row.status in OPEN:
            figures.open += 1
        elif row.status in CLOSED:
            figures.closed += 1
            if row.status == "completed":
                figures.completed += 1
                if row.completed_at is not None:
                    seconds = (row.completed_at - row.sent_at).total_seconds()
                    figures.days.append(max(0.0, seconds / 86400))
    return sorted(groups.values(), key=lambda g: (-g.sent, g.label.lower(), g.key))


def assemble(
    counts: Iterable[tuple[str, str, int, int, int, int]],
    durations: Iterable[tuple[str, float]],
) -> list[GroupFigures]:
    """The same figures from what the database already grouped: ``counts`` rows of (key,
    label, sent, open, closed, completed) and ``durations`` rows of (key, days from
    sending to completion) for completed referrals. A key seen twice (a renamed service)
    adds up under the first label."""
    groups: dict[str, GroupFigures] = {}
    for key, label, sent, open_, closed, completed in counts:
        figures = groups.get(key)
        if figures is None:
            figures = groups[key] = GroupFigures(key, label)
        figures.sent += sent
        figures.open += open_
        figures.closed += closed
        figures.completed += completed
    for key, days in durations:
        if key in groups and days is not None:
            groups[key].days.append(max(0.0, days))
    return sorted(groups.values(), key=lambda g: (-g.sent, g.label.lower(), g.key))


def overall(groups: Iterable[GroupFigures]) -> GroupFigures:
    """All groups together (for one grouping only: a referral is in exactly one group)."""
    total = GroupFigures("", "")
    for g in groups:
        total.sent += g.sent
        total.open += g.open
        total.closed += g.closed
        total.completed += g.completed
        total.days.extend(g.days)
    return total
