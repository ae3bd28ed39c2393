"""Search quality on the fixed evaluation set (tests and bench/directory.py share this).

``load_corpus()`` writes the evaluation listings into the directory tables and indexes
them; ``evaluate(mode)`` runs every judged query through the engine in one mode and scores
it with the pure metrics in ``ranking``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.directory.models import (
    Language,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)

from . import engine, haversine_km
from .evaldata.corpus import HOODS, services
from .evaldata.judgments import QUERIES
from .ranking import mean, ndcg_at_k, recall_at_k

ORG_ID = "eval-org"
FAR_KM = 8.0
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
MODES = ("lexical", "semantic", "hybrid")


def load_corpus() -> int:
    """Create the evaluation listings (idempotent per empty database) and index them."""
    from . import reindex_services

    Organization.objects.get_or_create(
        id=ORG_ID, defaults={"name": "Evaluation providers", "description": "Test listings"}
    )
    rows = services()
    Service.objects.bulk_create(
        [
            Service(
                id=r["id"],
                organization_id=ORG_ID,
                name=r["name"],
                description=r["description"],
                minimum_age=r["min_age"],
                maximum_age=r["max_age"],
            )
            for r in rows
        ]
    )
    Location.objects.bulk_create(
        [
            Location(
                id=f"loc-{r['id']}",
                location_type="physical",
                name=r["hood"],
                latitude=r["lat"],
                longitude=r["lon"],
            )
            for r in rows
        ]
    )
    ServiceAtLocation.objects.bulk_create(
        [
            ServiceAtLocation(id=f"sal-{r['id']}", service_id=r["id"], location_id=f"loc-{r['id']}")
            for r in rows
        ]
    )
    Language.objects.bulk_create(
        [
            Language(
                id=f"lang-{r['id']}-{code}",
                service_id=r["id"],
                code=code,
                name=LANGUAGE_NAMES[code],
            )
            for r in rows
            for code in r["languages"]
        ]
    )
    reindex_services([r["id"] for r in rows])
    return len(rows)


def judgments_for(query: dict) -> dict[str, int]:
    """Service id -> grade for one judged query (after its filters and origin)."""
    origin = _origin(query)
    grades: dict[str, int] = {}
    for r in services():
        if query.get("language") and query["language"] not in r["languages"]:
            continue
        grade = query["rel"].get(r["category"], 0)
        if grade and origin and haversine_km(origin, (r["lat"], r["lon"])) > FAR_KM:
            grade = max(1, grade - 1)
        if grade:
            grades[r["id"]] = grade
    return grades


def _origin(query: dict) -> tuple[float, float] | None:
    hood = query.get("origin")
    for name, lat, lon in HOODS:
        if name == hood:
            return (lat, lon)
    return None


def filtered(query: dict):
    qs = Service.objects.filter(organization_id=ORG_ID)
    if query.get("language"):
        qs = qs.filter(id__in=Language.objects.filter(code=query["language"]).values("service_id"))
    return qs


@dataclass
class Score:
    mode: str
    ndcg: float
    recall: float
    per_query: list[tuple[str, float, float]]


def evaluate(mode: str, *, k: int = 10, queries: list[dict] | None = None) -> Score:
    per_query = []
    for query in queries or QUERIES:
        hits = engine.rank(filtered(query), query["q"], origin=_origin(query), limit=k, mode=mode)
        ranked = [h.service_id for h in hits]
        grades = judgments_for(query)
        per_query.append((query["q"], ndcg_at_k(ranked, grades, k), recall_at_k(ranked, grades, k)))
    return Score(
        mode=mode,
        ndcg=mean([n for _, n, _ in per_query]),
        recall=mean([r for _, _, r in per_query]),
        per_query=per_query,
    )
