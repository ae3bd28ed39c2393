"""``python manage.py run_periodic [--once]``: run Hearth's periodic jobs when they are due.

Runs every job at start, then each again when its interval has passed (checked every
``--tick`` seconds). A job that fails is logged (its exception's type only: no personal
data) and tried again at its next interval; the others go on.
"""

from __future__ import annotations

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from hearth.core.periodic import JOBS, due

logger = logging.getLogger("hearth.periodic")


class Command(BaseCommand):
    help = "Run the periodic jobs (group reminders, referral follow-ups, warmline retention)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument("--tick", type=float, default=60.0, help="seconds between checks")

    def handle(self, *args, once: bool, tick: float, **options):
        last_runs: dict = {}
        while True:
            for job in due(JOBS, last_runs, timezone.now()):
                last_runs[job.command] = timezone.now()
                self._run(job)
            if once:
                return
            time.sleep(max(1.0, tick))

    def _run(self, job) -> None:
        started = time.monotonic()
        try:
            call_command(job.command, stdout=self.stdout, stderr=self.stderr)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            logger.error("periodic job %s failed (%s)", job.command, type(exc).__name__)
            self.stderr.write(f"{job.command}: failed ({type(exc).__name__})")
            return
        self.stdout.write(f"{job.command}: done in {time.monotonic() - started:.1f} s")
