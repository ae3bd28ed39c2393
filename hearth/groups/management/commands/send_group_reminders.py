"""Periodic job: enqueue reminders for group meetings starting soon.

    python manage.py send_group_reminders [--hours 24]

Run it every 15 minutes or so (cron, a systemd timer); each meeting is reminded once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from hearth.groups.services import reminders_send_due


class Command(BaseCommand):
    help = "Send reminders for group meetings starting within --hours (default 24)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, **options):
        counts = reminders_send_due(hours=max(1, min(options["hours"], 168)))
        self.stdout.write(f"{counts['sessions']} meetings, {counts['reminders']} reminders")
