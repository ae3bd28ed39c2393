"""Turn one raw HSDS value (a CSV string or a JSON value) into what the model stores.

Each function returns the value or raises ``Invalid`` with a message for the report. No
Django models here, so the rules are unit-tested directly.
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hearth.directory.hsds.tables import Column


class Invalid(ValueError):
    pass


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise Invalid(_("must be a number, not true/false"))
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise Invalid(_("must be a number (got “%(v)s”)") % {"v": _short(value)}) from None
    if math.isnan(number) or math.isinf(number):
        raise Invalid(_("must be a finite number"))
    return number


def _integer(value: Any) -> int:
    number = _number(value)
    if not number.is_integer():
        raise Invalid(_("must be a whole number (got “%(v)s”)") % {"v": _short(value)})
    if number < 0:
        raise Invalid(_("must not be negative"))
    if number > 2_147_483_647:
        raise Invalid(_("is too large"))
    return int(number)


def _date(value: Any) -> date:
    text = str(value).strip()
    try:
        if len(text) > 10 and text[10] in "T ":
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(
            _("must be a date like 2026-12-31 (got “%(v)s”)") % {"v": _short(value)}
        ) from None


def _time(value: Any) -> time:
    text = re.sub(r"(Z|[+-]\d\d:?\d\d)$", "", str(value).strip())
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise Invalid(_("must be a time like 09:30 (got “%(v)s”)") % {"v": _short(value)}) from None


def _datetime(value: Any) -> datetime:
    text = str(value).strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(
            _("must be a date and time like 2026-12-31T09:30:00Z (got “%(v)s”)")
            % {"v": _short(value)}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _uri(value: Any) -> str:
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https", "ftp", "mailto", "tel") or not (
        parts.netloc or parts.scheme in ("mailto", "tel")
    ):
        raise Invalid(
            _("must be a web address like https://example.org (got “%(v)s”)") % {"v": _short(value)}
        )
    return text


def _identifier(value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Invalid(_("must be a text identifier"))
    text = str(value).strip()
    try:
        uuid.UUID(text)
    except ValueError:
        raise Invalid(_("must be a UUID (got “%(v)s”)") % {"v": _short(value)}) from None
    return text


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def coerce(column: Column, value: Any) -> Any:
    """The stored value for ``value`` in ``column``; ``Invalid`` when it cannot be."""
    if is_empty(value):
        if column.required:
            raise Invalid(_("is required"))
        return (
            None if column.kind in ("number", "integer", "date", "time", "datetime", "ref") else ""
        )
    kind = column.kind
    if kind in ("id", "ref"):
        return _identifier(value)
    if kind == "number":
        return _number(value)
    if kind == "integer":
        return _integer(value)
    if kind == "date":
        return _date(value)
    if kind == "time":
        return _time(value)
    if kind == "datetime":
        return _datetime(value)
    if isinstance(value, dict | list | bool):
        raise Invalid(_("must be text"))
    text = str(value).strip() if kind != "text" else str(value)
    if kind == "enum":
        for choice in column.choices:
            if choice.lower() == text.strip().lower():
                return choice
        raise Invalid(
            _("must be one of %(choices)s (got “%(v)s”)")
            % {"choices": ", ".join(column.choices), "v": _short(value)}
        )
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise Invalid(
                _("must be an email address (got “%(v)s”)") % {"v": _short(value)}
            ) from None
    if kind == "uri":
        text = _uri(text)
    if column.max_length and len(text) > column.max_length:
        raise Invalid(_("is longer than %(n)d characters") % {"n": column.max_length})
    return text


def coordinate_problem(name: str, value: float | None) -> str | None:
    """Why a latitude/longitude cannot be used, or None when it can."""
    if value is None:
        return None
    limit = 90 if name == "latitude" else 180
    if -limit <= value <= limit:
        return None
    return _("%(v)s is outside -%(l)d..%(l)d; the location is kept without coordinates") % {
        "v": _short(value),
        "l": limit,
    }
