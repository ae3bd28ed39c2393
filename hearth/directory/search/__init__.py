"""The search interface the rest of Hearth calls to rank directory services.

Callers (the public "Find help" page, the staff resource-connecting view, the /hsda/ API)
first apply every filter as a hard constraint to a ``Service`` queryset
(``hearth.directory.selectors``), then ask :func:`search_services` to rank what is left.
Writers call :func:`reindex_services` after any change to a service or its related records.

This first implementation is deliberately simple — a case-insensitive substring match over
the service's name, alternate name and description, scored by where the words matched — so
everything else can be built and tested against the interface. The hybrid lexical + semantic
search replaces the bodies of these functions, keeping the signatures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # pragma: no cover
    from django.db.models import QuerySet

    from hearth.directory.models import Service

# Longer queries are cut: a 10 kB paste is nobody's real question and must not cost 10 kB of
# LIKE clauses.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    service_id: str  # the HSDS id of the Service
    score: float  # higher is better
    reasons: tuple[str, ...]  # plain-language "why it matched" (translatable strings)
    distance_km: float | None


def query_terms(text: str) -> list[str]:
    """The words of ``text`` worth matching on (lower-cased, at most ``MAX_TERMS``)."""
    words = _WORD.findall((text or "")[:MAX_QUERY_CHARS].lower())
    seen: list[str] = []
    for word in words:
        if len(word) >= 2 and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _nearest_km(service, origin) -> float | None:
    best = None
    for sal in service.service_at_locations.all():
        loc = sal.location
        if loc.latitude is None or loc.longitude is None:
            continue
        d = haversine_km(origin, (loc.latitude, loc.longitude))
        best = d if best is None else min(best, d)
    return best


def search_services(
    services: QuerySet[Service],
    text: str,
    *,
    language: str | None = None,
    origin: tuple[float, float] | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Rank the already-filtered `services` queryset for `text` (may be empty: then order by
    distance if origin, else name). Never raises on odd input (10 kB, emoji, SQL-looking)."""
    limit = max(0, int(limit))
    terms = query_terms(text)
    qs = services
    if terms:
        match = Q()
        for term in terms:
            match |= (
                Q(name__icontains=term)
                | Q(alternate_name__icontains=term)
                | Q(description__icontains=term)
            )
        qs = qs.filter(match)
    elif (text or "").strip():
        # Only punctuation or emoji: nothing to match on.
        return []
    if origin is not None:
        qs = qs.prefetch_related("service_at_locations__location")
    hits: list[SearchHit] = []
    for service in qs.only("id", "name", "alternate_name", "description").order_by("name", "id"):
        score = 0.0
        reasons: list[str] = []
        name = f"{service.name} {service.alternate_name}".lower()
        description = (service.description or "").lower()
        in_name = [t for t in terms if t in name]
        in_description = [t for t in terms if t in description and t not in in_name]
        score += 2.0 * len(in_name) + 1.0 * len(in_description)
        if in_name:
            reasons.append(_("Its name mentions “%(words)s”") % {"words": ", ".join(in_name)})
        if in_description:
            reasons.append(
                _("Its description mentions “%(words)s”") % {"words": ", ".join(in_description)}
            )
        distance = _nearest_km(service, origin) if origin is not None else None
        if distance is not None:
            reasons.append(_("%(km).1f km away") % {"km": distance})
        hits.append(SearchHit(service.id, score, tuple(reasons), distance))
    if terms:
        hits.sort(key=lambda h: (-h.score, h.distance_km if h.distance_km is not None else 1e9))
    elif origin is not None:
        hits.sort(key=lambda h: h.distance_km if h.distance_km is not None else 1e9)
    return hits[:limit]


def reindex_services(service_ids: Iterable[str] | None = None) -> None:
    """Bring the search index up to date for these services (all when None); called after
    import and after any write to a service or its related records."""
    # The substring search reads the tables directly, so there is no index to refresh.
    return None
