"""Delete warmline transcripts past the retention period (run daily, e.g. from cron).

python manage.py helpline_purge              # HEARTH_HELPLINE_RETENTION_DAYS (30)
python manage.py helpline_purge --days 14
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearth.helpline.services import transcripts_purge


class Command(BaseCommand):
    help = "Delete the transcripts of warmline chats that ended more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.HEARTH_HELPLINE_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1")
        purged = transcripts_purge(days=days)
        self.stdout.write(f"Purged {purged} transcript(s) older than {days} days.")
