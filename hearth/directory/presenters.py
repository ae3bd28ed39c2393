"""How a listing reads on a page or in a text message: the first phone, the first address,
opening hours in words. Works from prefetched relations (no queries of its own)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hearth.directory.models import Weekday

_ORDER = [d.value for d in Weekday]


def _days(byday: str) -> str:
    days = [d.strip().upper()[-2:] for d in byday.split(",") if d.strip()]
    days = [d for d in _ORDER if d in days]
    if not days:
        return _("Every day")
    if len(days) == 7:
        return _("Every day")
    labels = dict(Weekday.choices)
    indexes = [_ORDER.index(d) for d in days]
    if len(days) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{labels[days[0]]}–{labels[days[-1]]}"
    return ", ".join(str(labels[d]) for d in days)


def schedule_text(schedule) -> str:
    if schedule.opens_at and schedule.closes_at:
        times = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
        return f"{_days(schedule.byday)} {times}"
    return schedule.description or schedule.notes or ""


def _locations(service):
    return [sal.location for sal in service.service_at_locations.all()]


def address_text(location) -> str:
    for address in location.addresses.all():
        parts = [address.address_1, address.address_2, address.city, address.postal_code]
        return ", ".join(p for p in parts if p)
    return ""


def listing_summary(service) -> dict[str, str]:
    phones = list(service.phones.all())
    for location in _locations(service):
        phones += list(location.phones.all())
    address = next((a for a in map(address_text, _locations(service)) if a), "")
    schedules = list(service.schedules.all())
    hours = "; ".join(t for t in map(schedule_text, schedules) if t)
    return {
        "phone": phones[0].number if phones else "",
        "address": address,
        "hours": hours,
    }
