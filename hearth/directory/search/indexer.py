"""Building the index documents from the HSDS tables (``reindex_services``)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from hearth.directory.models import Attribute, Language, Organization, Service

from . import embeddings
from .concepts import document_concepts
from .models import IndexState, ServiceDocument
from .store import STATE_KEY
from .text import analyse, fold

BATCH = 500
# PostgreSQL's weights: concept tokens A, name B, body C (migrations/0003 builds the same).
TSVECTOR = (
    "setweight(to_tsvector('simple', concept_tokens), 'A') || "
    "setweight(to_tsvector('simple', name_lexemes), 'B') || "
    "setweight(to_tsvector('simple', body_lexemes), 'C')"
)

# Language names as HSDS publishers write them, to ISO 639-1 (the HSDS field is free text).
_LANGUAGE_NAMES = {
    "english": "en",
    "ingles": "en",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
    "vietnamese": "vi",
    "french": "fr",
    "arabic": "ar",
    "russian": "ru",
    "portuguese": "pt",
    "haitian creole": "ht",
    "korean": "ko",
}


def language_code(code: str, name: str) -> str:
    code = (code or "").strip().lower().split("-")[0]
    if code:
        return code
    return _LANGUAGE_NAMES.get(fold(name).strip(), "")


def _related(ids: list[str]):
    terms: dict[str, list[str]] = defaultdict(list)
    for link_id, term, value in Attribute.objects.filter(
        link_id__in=ids, taxonomy_term__isnull=False
    ).values_list("link_id", "taxonomy_term__name", "value"):
        terms[link_id].append(" ".join(filter(None, [term, value])))
    languages: dict[str, set[str]] = defaultdict(set)
    for service_id, code, name in Language.objects.filter(service_id__in=ids).values_list(
        "service_id", "code", "name"
    ):
        if lang := language_code(code, name):
            languages[service_id].add(lang)
    return terms, languages


def passage_text(service: Service, terms: list[str]) -> str:
    """What the embedding model reads: what the service is, not who runs it or where (the
    provider's name goes to full-text only). So the many sites of one programme share one
    vector, and an import of 50,000 listings embeds only its distinct texts."""
    parts = [service.name, service.alternate_name, service.description, "; ".join(terms)]
    parts.append(service.eligibility_description)
    return ". ".join(p.strip() for p in parts if p and p.strip())


def build_documents(services: list[Service]) -> list[ServiceDocument]:
    ids = [s.id for s in services]
    terms, languages = _related(ids)
    org_names = dict(
        Organization.objects.filter(id__in={s.organization_id for s in services}).values_list(
            "id", "name"
        )
    )
    existing = dict(
        ServiceDocument.objects.filter(service_id__in=ids)
        .exclude(vector=None)
        .values_list("passage_hash", "vector")
    )
    texts, docs = [], []
    for s in services:
        org_name = org_names.get(s.organization_id, "")
        passage = passage_text(s, terms[s.id])
        name_tokens = analyse(f"{s.name} {s.alternate_name}")
        body_tokens = analyse(
            " ".join([s.description, " ".join(terms[s.id]), s.eligibility_description, org_name])
        )
        langs = languages[s.id]
        concepts = document_concepts(name_tokens) | document_concepts(body_tokens)
        if "es" in langs:
            concepts.add("zcspanish")
        docs.append(
            ServiceDocument(
                service_id=s.id,
                name_lexemes=" ".join(name_tokens),
                body_lexemes=" ".join(body_tokens),
                concept_tokens=" ".join(sorted(concepts)),
                languages=" ".join(sorted(langs)),
                passage_hash=embeddings.passage_hash(passage),
            )
        )
        texts.append(passage)
    known = {h: bytes(v) for h, v in existing.items()}
    for doc, blob in zip(docs, embeddings.passage_blobs(texts, known), strict=True):
        doc.vector = blob
    return docs


def _fulltext_table() -> str:
    return "directory_search_fts" if connection.vendor == "sqlite" else "directory_search_tsv"


def _write_fulltext(docs: list[ServiceDocument], removed: list[str]) -> None:
    """Keep the full-text table in step with the documents: SQLite's FTS5 table, or
    PostgreSQL's narrow weighted-tsvector table (built from the stored documents)."""
    gone = removed + [d.service_id for d in docs]
    table = _fulltext_table()
    with connection.cursor() as cursor:
        for start in range(0, len(gone), BATCH):
            chunk = gone[start : start + BATCH]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE service_id IN ({marks})", chunk)  # noqa: S608
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO directory_search_fts (service_id, name, body, concepts) "
                "VALUES (%s, %s, %s, %s)",
                [(d.service_id, d.name_lexemes, d.body_lexemes, d.concept_tokens) for d in docs],
            )
            return
        ids = [d.service_id for d in docs]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO directory_search_tsv (service_id, tsv) SELECT service_id, {TSVECTOR} "  # noqa: S608
                f"FROM directory_search_document WHERE service_id IN ({marks})",
                chunk,
            )


def reindex(service_ids: Iterable[str] | None = None) -> int:
    """Rebuild the documents of these services (all when None); returns how many."""
    with transaction.atomic():
        if service_ids is None:
            wanted = list(Service.objects.order_by("id").values_list("id", flat=True))
            stale = list(
                ServiceDocument.objects.exclude(
                    service_id__in=Service.objects.values("id")
                ).values_list("service_id", flat=True)
            )
            table = _fulltext_table()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE service_id NOT IN "  # noqa: S608
                    "(SELECT id FROM directory_service)"
                )
        else:
            requested = sorted({str(i) for i in service_ids})
            wanted = []
            for start in range(0, len(requested), BATCH):
                chunk = requested[start : start + BATCH]
                wanted += Service.objects.filter(id__in=chunk).values_list("id", flat=True)
            stale = sorted(set(requested) - set(wanted))
        ServiceDocument.objects.filter(service_id__in=stale).delete()
        _write_fulltext([], stale)
        for start in range(0, len(wanted), BATCH):
            chunk_ids = wanted[start : start + BATCH]
            services = list(Service.objects.filter(id__in=chunk_ids).order_by("id"))
            docs = build_documents(services)
            ServiceDocument.objects.filter(service_id__in=chunk_ids).delete()
            ServiceDocument.objects.bulk_create(docs)
            _write_fulltext(docs, [])
        IndexState.objects.update_or_create(
            key=STATE_KEY, defaults={"generation": uuid.uuid4().hex}
        )
    return len(wanted)
