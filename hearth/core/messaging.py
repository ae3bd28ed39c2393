"""Outgoing text messages (SMS) through a pluggable backend, like Django's email backends.

``settings.HEARTH_SMS_BACKEND`` is a dotted class path; the default writes messages to the
console (development). Tests use ``LocmemSMSBackend`` and read ``outbox``. A real gateway
is one class with ``send(to, body)``. Callers check consent before sending and send after
commit; nothing here logs message bodies or numbers.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "hearth.core.messaging.ConsoleSMSBackend"


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class ConsoleSMSBackend:
    """Prints each message to stdout, for development (never use in production)."""

    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"--- SMS to {to} ---\n{body}\n--- end of SMS ---\n")
        sys.stdout.flush()


#: Messages sent through ``LocmemSMSBackend`` (tests).
outbox: list[TextMessage] = []


class LocmemSMSBackend:
    def send(self, to: str, body: str) -> None:
        outbox.append(TextMessage(to, body))


def sms_backend():
    return import_string(getattr(settings, "HEARTH_SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(*, to: str, body: str) -> None:
    sms_backend().send(to, body)
