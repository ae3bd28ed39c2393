"""Encryption at rest for free-text fields.

Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``; ``MultiFernet`` gives key
rotation: the first key in ``HEARTH_FIELD_KEYS`` encrypts, every key decrypts. In
development the key is derived from ``SECRET_KEY`` so the demo needs no set-up.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.HEARTH_FIELD_KEYS)
    if keys:
        return keys
    digest = hashlib.sha256(f"hearth-field-key:{settings.SECRET_KEY}".encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


def fernet() -> MultiFernet:
    return _fernet_for(configured_keys())


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        # Written before encryption was switched on; it is re-encrypted on next save or
        # by `rotate_field_keys`.
        return stored
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Encrypted field could not be decrypted with the configured keys") from exc


def rotate(stored: str) -> str:
    """Re-encrypt ``stored`` with the current primary key."""
    if not stored:
        return stored
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; the ORM hands out plaintext. Not searchable, by
    design: what is in it should not be findable by a database query."""

    def from_db_value(self, value, expression, connection):  # noqa: ARG002
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
