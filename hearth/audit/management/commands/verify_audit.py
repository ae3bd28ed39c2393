from django.core.management.base import BaseCommand, CommandError

from hearth.audit.models import AuditEvent
from hearth.audit.services import audit_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chains; exits non-zero if any event was edited or removed."

    def add_arguments(self, parser):
        parser.add_argument("--chain", type=int, help="Check one organisation's chain only")

    def handle(self, *args, chain=None, **options):
        problems = audit_verify(chain=chain)
        total = (
            AuditEvent.objects.count()
            if chain is None
            else AuditEvent.objects.filter(chain=chain).count()
        )
        if problems:
            for p in problems:
                self.stderr.write(f"chain {p.chain} event {p.seq}: {p.problem}")
            raise CommandError(
                f"Audit trail is NOT intact: {len(problems)} problem(s) in {total} events."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {total} events verified."))
