"""Hearth's periodic jobs, in one place, and the rule for when each is due.

``python manage.py run_periodic`` runs them (a long-running process beside the web server
and ``db_worker``; ``--once`` for cron). Each job is an existing management command, so it
can also be run by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    why: str


JOBS: tuple[Job, ...] = (
    Job("send_group_reminders", timedelta(minutes=15), "text and email group reminders"),
    Job("referral_follow_ups", timedelta(hours=1), "queue referral follow-up reminders"),
    Job("helpline_purge", timedelta(days=1), "delete warmline transcripts past retention"),
)


def due(jobs, last_runs: dict[str, datetime], now: datetime) -> list[Job]:
    """The jobs that have never run in this process, or whose interval has passed."""
    return [j for j in jobs if j.command not in last_runs or now - last_runs[j.command] >= j.every]
