"""Reads of the public directory. Filters are hard constraints applied to the ``Service``
queryset here; ranking is the search interface's job (``hearth.directory.search``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hearth.directory import models as m
from hearth.directory.filters import WEEKDAYS, DirectoryFilters
from hearth.directory.search import SearchHit, bounding_box, haversine_km, search_services
from hearth.directory.search.admitted import admitted_ids, is_filtered

#: The best this many results are ranked and paged when a search text is given.
MAX_RANKED = 1000

_LANGUAGE_CODES = {
    "en": ("en", "eng", "english", "inglés", "ingles"),
    "es": ("es", "spa", "spanish", "español", "espanol"),
    "zh": ("zh", "zho", "chi", "chinese", "chino", "mandarin", "cantonese"),
    "vi": ("vi", "vie", "vietnamese", "vietnamita"),
    "ar": ("ar", "ara", "arabic", "árabe"),
    "ru": ("ru", "rus", "russian", "ruso"),
    "fr": ("fr", "fra", "fre", "french", "francés"),
    "ht": ("ht", "hat", "haitian creole", "kreyòl", "creole"),
    "pt": ("pt", "por", "portuguese", "portugués"),
    "ko": ("ko", "kor", "korean", "coreano"),
    "asl": ("asl", "sgn", "ase", "american sign language", "sign language"),
    "ur": ("ur", "urd", "urdu"),
}


def language_aliases(value: str) -> set[str]:
    value = value.strip().lower()
    for aliases in _LANGUAGE_CODES.values():
        if value in aliases:
            return set(aliases)
    return {value} if value else set()


def services_public() -> QuerySet[m.Service]:
    """Services a member of the public should be offered (not inactive or defunct)."""
    return m.Service.objects.filter(
        status__in=[m.ServiceStatus.ACTIVE, m.ServiceStatus.TEMPORARILY_CLOSED]
    )


def _service_ids_linked(rows: QuerySet) -> Q:
    """Services reached from rows that hang off a service, a location or (schedules only)
    a service-at-location: schedules and languages."""
    q = Q(pk__in=rows.exclude(service_id=None).values("service_id"))
    q |= Q(
        pk__in=m.ServiceAtLocation.objects.filter(
            location_id__in=rows.exclude(location_id=None).values("location_id")
        ).values("service_id")
    )
    if rows.model is m.Schedule:
        q |= Q(
            pk__in=m.ServiceAtLocation.objects.filter(
                pk__in=rows.exclude(service_at_location_id=None).values("service_at_location_id")
            ).values("service_id")
        )
    return q


def _day_q(day: str) -> Q:
    return (Q(byday="") | Q(byday__icontains=day)) & Q(freq__in=["", m.Frequency.WEEKLY])


def _open_at_q(day: str, clock) -> Q:
    same_day = Q(opens_at__lte=clock, closes_at__gt=clock)
    overnight = Q(closes_at__lte=F("opens_at")) & (Q(opens_at__lte=clock) | Q(closes_at__gt=clock))
    return _day_q(day) & (same_day | overnight)


def _valid_on(date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=date)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date)
    )


def open_now_q(now: datetime) -> Q:
    """Services with a schedule open at ``now``: each schedule's own UTC offset when it has
    one, else the deployment's time zone."""
    q = Q(pk__in=[])
    offsets = set(
        m.Schedule.objects.exclude(timezone=None).values_list("timezone", flat=True).distinct()
    )
    local = timezone.localtime(now)
    variants = [(Q(timezone__isnull=True), local)]
    variants += [
        (Q(timezone=offset), now.astimezone(timezone.get_fixed_timezone(int(offset * 60))))
        for offset in offsets
        if -14 <= offset <= 14
    ]
    for condition, moment in variants:
        day = WEEKDAYS[moment.weekday()]
        schedules = m.Schedule.objects.filter(
            condition & _valid_on(moment.date()) & _open_at_q(day, moment.time())
        )
        q |= _service_ids_linked(schedules)
    return q


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """The centre of the locations the directory itself has at ``postcode``."""
    points = list(
        m.Location.objects.filter(
            addresses__postal_code__iexact=postcode, latitude__isnull=False
        ).values_list("latitude", "longitude")
    )
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def services_within(origin: tuple[float, float], radius_km: float) -> Q:
    """Services with a location within ``radius_km`` of ``origin`` (a bounding box in SQL,
    then exact great-circle distance)."""
    lats, lons = bounding_box(origin, radius_km)
    candidates = m.Location.objects.filter(latitude__range=lats, longitude__range=lons).values_list(
        "id", "latitude", "longitude"
    )
    near = [loc_id for loc_id, la, lo in candidates if haversine_km(origin, (la, lo)) <= radius_km]
    return Q(pk__in=m.ServiceAtLocation.objects.filter(location_id__in=near).values("service_id"))


def free_q() -> Q:
    words = ("free", "no cost", "no charge", "gratis", "gratuito", "sin costo", "sin cargo")
    fee_text = Q()
    for word in words:
        fee_text |= Q(fees_description__icontains=word) | Q(fees__icontains=word)
    no_charge = Q(pk__in=m.CostOption.objects.filter(amount=0).values("service_id"))
    charged = Q(pk__in=m.CostOption.objects.filter(amount__gt=0).values("service_id"))
    return no_charge | (fee_text & ~charged)


def filter_services(
    services: QuerySet[m.Service], f: DirectoryFilters, *, now: datetime | None = None
) -> QuerySet[m.Service]:
    """Apply every filter in ``f`` as a hard constraint. Unknown postcodes with a
    proximity give nothing (there is no centre to measure from)."""
    now = now or timezone.now()
    qs = services
    if f.taxonomy_term_id:
        qs = qs.filter(
            pk__in=m.Attribute.objects.filter(taxonomy_term_id=f.taxonomy_term_id).values("link_id")
        )
    if f.taxonomy_id:
        qs = qs.filter(
            pk__in=m.Attribute.objects.filter(
                taxonomy_term__taxonomy_detail_id=f.taxonomy_id
            ).values("link_id")
        )
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.modified_after:
        qs = qs.filter(
            Q(last_modified__gte=f.modified_after)
            | Q(last_modified__isnull=True, updated_at__gte=f.modified_after)
        )
    if f.postcode and f.proximity_m:
        centre = postcode_centroid(f.postcode)
        qs = qs.filter(services_within(centre, f.proximity_m / 1000)) if centre else qs.none()
    elif f.postcode:
        at_postcode = m.ServiceAtLocation.objects.filter(
            location__addresses__postal_code__iexact=f.postcode
        ).values("service_id")
        area = m.ServiceArea.objects.filter(
            Q(extent__icontains=f.postcode)
            | Q(name__icontains=f.postcode)
            | Q(description__icontains=f.postcode)
        ).values("service_id")
        qs = qs.filter(Q(pk__in=at_postcode) | Q(pk__in=area))
    if f.language:
        aliases = language_aliases(f.language)
        match = Q()
        for alias in aliases:
            match |= Q(code__iexact=alias) | Q(name__iexact=alias)
        qs = qs.filter(_service_ids_linked(m.Language.objects.filter(match)))
    if f.origin and f.radius_km:
        qs = qs.filter(services_within(f.origin, f.radius_km))
    if f.free:
        qs = qs.filter(free_q())
    if f.open_on:
        qs = qs.filter(_service_ids_linked(m.Schedule.objects.filter(_day_q(f.open_on))))
    if f.open_now:
        qs = qs.filter(open_now_q(now))
    if f.age is not None:
        qs = qs.filter(
            (Q(minimum_age__isnull=True) | Q(minimum_age__lte=f.age))
            & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=f.age))
        )
    return qs


@dataclass
class ServicePage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.total else 0

    @property
    def ids(self) -> list[str]:
        return [h.service_id for h in self.hits]


def find_services(
    services: QuerySet[m.Service], f: DirectoryFilters, *, now: datetime | None = None
) -> ServicePage:
    """Filter, then rank with the search interface when there is text or an origin, then
    cut out the requested page."""
    filtered = filter_services(services, f, now=now)
    start = (f.page - 1) * f.per_page
    if f.search or f.origin:
        # The admitted ids are kept per filter, and the search reuses them.
        total = len(admitted_ids(filtered)) if is_filtered(filtered) else filtered.count()
        hits = search_services(
            # A plain queryset: the search decides what it loads.
            filtered.select_related(None).prefetch_related(None),
            f.search,
            language=f.language or None,
            origin=f.origin,
            limit=min(total, MAX_RANKED),
        )
        return ServicePage(hits[start : start + f.per_page], len(hits), f.page, f.per_page)
    total = filtered.count()
    ids = list(
        filtered.order_by("name", "id").values_list("id", flat=True)[start : start + f.per_page]
    )
    return ServicePage([SearchHit(i, 0.0, (), None) for i in ids], total, f.page, f.per_page)


def services_in_order(ids: list[str], queryset: QuerySet | None = None) -> list[m.Service]:
    """The services with these ids, in this order (missing ids left out)."""
    qs = queryset if queryset is not None else m.Service.objects.all()
    by_id = {s.pk: s for s in qs.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def service_for_display(service_id: str) -> m.Service:
    """One service with everything a listing page shows (raises Service.DoesNotExist)."""
    return (
        m.Service.objects.select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "cost_options",
            "required_documents",
            "service_areas",
            "service_at_locations__location__addresses",
            "service_at_locations__location__phones",
            "service_at_locations__location__schedules",
            "service_at_locations__location__languages",
            "service_at_locations__location__accessibility",
        )
        .get(pk=service_id)
    )


def listing_cards_queryset() -> QuerySet[m.Service]:
    """What a results list shows per service, in a fixed number of queries."""
    return m.Service.objects.select_related("organization").prefetch_related(
        "phones",
        "languages",
        "schedules",
        "service_at_locations__location__addresses",
        "service_at_locations__location__phones",
    )


def saved_resources_for(participant) -> list[m.SavedResource]:
    """A participant's saved list with what a card shows (phones, hours, addresses)
    prefetched: the same few queries for 2 entries or 20."""
    return list(
        m.SavedResource.objects.filter(participant=participant)
        .select_related("service__organization")
        .prefetch_related(
            "service__phones",
            "service__schedules",
            "service__service_at_locations__location__addresses",
            "service__service_at_locations__location__phones",
        )
    )
