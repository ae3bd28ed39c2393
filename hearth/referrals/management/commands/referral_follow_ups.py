"""The periodic job for referral follow-ups: find the ones that are due and remind each
referring peer once (run it every hour or so, e.g. from cron or a systemd timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from hearth.referrals.services import follow_ups_due_ids
from hearth.referrals.tasks import follow_up_reminder


class Command(BaseCommand):
    help = "Queue a reminder for every referral follow-up that is due (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the follow-ups that are due."
        )

    def handle(self, *args, **options):
        due = follow_ups_due_ids()
        if not options["dry_run"]:
            for follow_up_id in due:
                follow_up_reminder.enqueue(follow_up_id)
        verb = "due" if options["dry_run"] else "queued"
        self.stdout.write(f"{len(due)} follow-up reminder(s) {verb}.")
