"""Keep personal data out of logs.

Hearth never logs names or notes on purpose; this filter is the safety net for what
libraries log: email addresses and phone numbers are masked in every record."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}(?!\d)")


def scrub(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must not break the request
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class StripQueryStringFilter(logging.Filter):
    """Access logs record paths; query strings can hold what someone searched for (a
    name, a phone number), so they are cut off. Paths themselves hold only opaque ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.split("?", 1)[0] if isinstance(arg, str) and "?" in arg else arg
                for arg in record.args
            )
        return True
