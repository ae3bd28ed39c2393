"""The directory's search filters, parsed from query parameters (the /hsda/ API and the
"Find help" page share them). Parsing never raises: it returns the filters and a dict of
plain-language errors per parameter, which callers turn into a 400 or a form message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _

MAX_PER_PAGE = 100
MAX_RADIUS_KM = 500.0
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
    "saturday": "SA", "sunday": "SU", "lunes": "MO", "martes": "TU", "miercoles": "WE",
    "miércoles": "WE", "jueves": "TH", "viernes": "FR", "sabado": "SA", "sábado": "SA",
    "domingo": "SU", "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR",
    "sat": "SA", "sun": "SU",
}  # fmt: skip
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


@dataclass
class DirectoryFilters:
    search: str = ""
    page: int = 1
    per_page: int = 25
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: datetime | None = None
    minimal: bool = False
    full: bool = False
    postcode: str = ""
    proximity_m: float | None = None
    ndjson: bool = False
    language: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    free: bool = False
    open_on: str = ""
    open_now: bool = False
    age: float | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> tuple[float, float] | None:
        if self.lat is not None and self.lon is not None:
            return (self.lat, self.lon)
        return None


def _get(params: Any, name: str) -> str:
    value = params.get(name, "")
    return str(value).strip()[:1000] if value is not None else ""


def _bool(f: DirectoryFilters, params: Any, name: str) -> bool:
    value = _get(params, name).lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        f.errors[name] = _("must be true or false")
    return False


def _float(f: DirectoryFilters, params: Any, name: str) -> float | None:
    value = _get(params, name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        f.errors[name] = _("must be a number")
        return None
    if number != number or number in (float("inf"), float("-inf")):
        f.errors[name] = _("must be a number")
        return None
    return number


def _int(f: DirectoryFilters, params: Any, name: str, default: int, low: int, high: int) -> int:
    value = _get(params, name)
    if not value:
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", value):
        f.errors[name] = _("must be a whole number")
        return default
    number = int(value)
    if not low <= number <= high:
        f.errors[name] = _("must be between %(low)d and %(high)d") % {"low": low, "high": high}
        return default
    return number


def parse_filters(params: Any, *, default_per_page: int = 25) -> DirectoryFilters:
    f = DirectoryFilters()
    f.search = _get(params, "search")
    f.page = _int(f, params, "page", 1, 1, 1_000_000)
    f.per_page = _int(f, params, "per_page", default_per_page, 1, MAX_PER_PAGE)
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        setattr(f, name, _get(params, name)[:250])
    modified = _get(params, "modified_after")
    if modified:
        try:
            moment = datetime.fromisoformat(modified.replace("Z", "+00:00"))
            f.modified_after = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            f.errors["modified_after"] = _("must be a date and time like 2026-01-31T00:00:00Z")
    f.minimal = _bool(f, params, "minimal")
    f.full = _bool(f, params, "full")
    f.free = _bool(f, params, "free")
    f.open_now = _bool(f, params, "open_now")
    f.postcode = re.sub(r"\s+", " ", _get(params, "postcode"))[:20]
    fmt = _get(params, "format").lower()
    if fmt not in ("", "json", "ndjson"):
        f.errors["format"] = _("must be json or ndjson")
    f.ndjson = fmt == "ndjson"
    f.language = _get(params, "language")[:50]
    f.lat = _float(f, params, "lat")
    f.lon = _float(f, params, "lon")
    if f.lat is not None and not -90 <= f.lat <= 90:
        f.errors["lat"] = _("must be between -90 and 90")
    if f.lon is not None and not -180 <= f.lon <= 180:
        f.errors["lon"] = _("must be between -180 and 180")
    if (f.lat is None) != (f.lon is None) and "lat" not in f.errors and "lon" not in f.errors:
        f.errors["lat" if f.lat is None else "lon"] = _("give both lat and lon")
    f.radius_km = _float(f, params, "radius_km")
    if f.radius_km is not None and not 0 < f.radius_km <= MAX_RADIUS_KM:
        f.errors["radius_km"] = _("must be more than 0 and at most %(max)d km") % {
            "max": MAX_RADIUS_KM
        }
    if f.radius_km is not None and f.origin is None and "radius_km" not in f.errors:
        f.errors["radius_km"] = _("needs lat and lon")
    proximity = _float(f, params, "proximity")
    if proximity is not None:
        if not 0 < proximity <= MAX_RADIUS_KM * 1000:
            f.errors["proximity"] = _("must be more than 0 and at most %(max)d metres") % {
                "max": MAX_RADIUS_KM * 1000
            }
        elif not f.postcode:
            f.errors["proximity"] = _("needs a postcode")
        else:
            f.proximity_m = proximity
    day = _get(params, "open_on")
    if day:
        code = day.upper() if day.upper() in WEEKDAYS else _DAY_NAMES.get(day.lower(), "")
        if not code:
            f.errors["open_on"] = _("must be a weekday (MO, TU, WE, TH, FR, SA, SU)")
        f.open_on = code
    age = _float(f, params, "age")
    if age is not None and not 0 <= age <= 130:
        f.errors["age"] = _("must be between 0 and 130")
    elif age is not None:
        f.age = age
    return f
