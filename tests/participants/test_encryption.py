from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from hearth.core import crypto
from hearth.participants.models import Participant
from tests.factories import ParticipantFactory


def raw_notes(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT notes FROM {Participant._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_notes_are_encrypted_at_rest(db):
    participant = ParticipantFactory(notes="Prefers morning calls; worried about housing.")
    stored = raw_notes(participant.pk)
    assert stored.startswith(crypto.PREFIX) and "housing" not in stored
    assert (
        Participant.objects.get(pk=participant.pk).notes
        == "Prefers morning calls; worried about housing."
    )


def test_key_rotation_re_encrypts_with_the_new_key(db, settings):
    old_key = Fernet.generate_key().decode()
    settings.HEARTH_FIELD_KEYS = [old_key]
    participant = ParticipantFactory(notes="Rotation check")
    before = raw_notes(participant.pk)

    new_key = Fernet.generate_key().decode()
    settings.HEARTH_FIELD_KEYS = [new_key, old_key]
    call_command("rotate_field_keys")
    after = raw_notes(participant.pk)
    assert after != before

    # Only the new key is needed from now on.
    settings.HEARTH_FIELD_KEYS = [new_key]
    assert Participant.objects.get(pk=participant.pk).notes == "Rotation check"
