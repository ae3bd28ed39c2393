"""Re-encrypt every encrypted value with the current primary key.

Rotation: put a new key first in HEARTH_FIELD_KEYS (keep the old ones after it), deploy,
run this command, then remove the old keys. Safe to re-run; works in batches.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core import crypto
from hearth.participants.models import Participant

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt participant notes and two-step sign-in secrets with the newest key."

    def handle(self, *args, **options):
        notes = self._rotate_notes()
        secrets = self._rotate_totp_secrets()
        audit_record(
            actor=None,
            action=Action.ROTATE_KEYS,
            object_type="encryption",
            detail=f"notes={notes},totp={secrets}",
            channel=Channel.COMMAND,
        )
        self.stdout.write(
            self.style.SUCCESS(f"Re-encrypted {notes} notes and {secrets} authenticator secrets.")
        )

    def _rotate_notes(self) -> int:
        # Read raw ciphertext (values() bypasses from_db_value) and write back rotated
        # ciphertext with a raw UPDATE so the field does not encrypt twice.
        count = 0
        qs = Participant.objects.exclude(notes="").order_by("pk").values_list("pk", flat=True)
        ids = list(qs)
        table = Participant._meta.db_table
        from django.db import connection

        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, notes FROM {table} WHERE id IN ({','.join(['%s'] * len(chunk))})",  # noqa: S608
                    chunk,
                )
                for pk, stored in cursor.fetchall():
                    update = f"UPDATE {table} SET notes = %s WHERE id = %s"  # noqa: S608
                    cursor.execute(update, [crypto.rotate(stored), pk])
                    count += 1
        return count

    def _rotate_totp_secrets(self) -> int:
        from allauth.mfa.models import Authenticator

        count = 0
        for authenticator in Authenticator.objects.filter(type=Authenticator.Type.TOTP).iterator():
            secret = authenticator.data.get("secret")
            if secret:
                authenticator.data["secret"] = crypto.rotate(secret)
                authenticator.save(update_fields=["data"])
                count += 1
        return count
