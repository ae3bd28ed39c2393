"""Text-message backends, chosen by ``HEARTH_SMS_BACKEND`` (a dotted path), like Django's
email backends: ``console`` in development (writes the message to standard output),
``locmem`` in tests (keeps them in ``outbox``); a provider's backend is one class with
``send(to, body)``."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "hearth.groups.sms.ConsoleBackend"


@dataclass
class TextMessage:
    to: str
    body: str


class BaseBackend:
    def send(self, to: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: the message on standard output, as Django's console email backend."""

    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}: {body}\n")


#: Messages "sent" by LocmemBackend (tests read and clear it).
outbox: list[TextMessage] = []


class LocmemBackend(BaseBackend):
    def send(self, to: str, body: str) -> None:
        outbox.append(TextMessage(to=to, body=body))


def get_backend() -> BaseBackend:
    return import_string(getattr(settings, "HEARTH_SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(to: str, body: str) -> None:
    get_backend().send(to, body)
