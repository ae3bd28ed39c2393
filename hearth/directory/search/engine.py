"""The query side: analyse the words, correct typos, expand concepts, generate candidates
from full-text and from embeddings, fuse, explain.

Modes (the benchmark compares them on the same judged set):
- ``"hybrid"`` — Hearth's search: typo correction + concept expansion + full-text, fused
  with embedding similarity, nudged by distance and language;
- ``"lexical"`` — plain full-text on the typed words (BM25 / ts_rank_cd), nothing else;
- ``"semantic"`` — embedding similarity only;
- ``"rrf"`` — the hybrid's candidates, ordered by plain reciprocal-rank fusion instead of
  the blend (kept to show why the blend was chosen; decision 0035).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db import connections
from django.utils.translation import gettext as _
from rapidfuzz import process
from rapidfuzz.distance import OSA

from hearth.directory.models import Location, ServiceAtLocation

from . import embeddings
from .admitted import admitted as admitted_rows
from .admitted import is_filtered
from .concepts import query_concepts, surface_word
from .ranking import Blend, Candidate, fuse, reciprocal_rank_fusion
from .store import Snapshot, snapshot
from .text import MAX_QUERY_CHARS, query_spans

LEXICAL_CANDIDATES = 200
SEMANTIC_CANDIDATES = 100
# A listing found only by meaning is shown when it is this close to the best similarity.
SEMANTIC_ONLY_MARGIN = 0.03
# On a big index, a word in more than this share of listings ("help", "services") says
# nothing about which one to rank first; it still feeds the embedding.
COMMON_WORD_SHARE = 0.25
COMMON_WORD_MIN_DOCS = 1000


@dataclass
class Term:
    typed: str  # what the person typed (lower-cased)
    token: str  # the index token searched for
    start: int  # offsets of the typed word in the (cut) query text
    end: int
    corrected: bool = False


@dataclass
class Query:
    text: str
    terms: list[Term]
    concepts: list[tuple[str, str]] = field(default_factory=list)  # (index token, typed words)

    @property
    def embedding_text(self) -> str:
        """The text to embed: the person's words with misspellings corrected (the model
        knows "shelter", not "shleter")."""
        text, shift = self.text[:MAX_QUERY_CHARS], 0
        for t in self.terms:
            if t.corrected:
                word = surface_word(t.token)
                text = text[: t.start + shift] + word + text[t.end + shift :]
                shift += len(word) - (t.end - t.start)
        return text

    @property
    def phrases(self) -> list[tuple[str, ...]]:
        return [(t.token,) for t in self.terms] + [(c,) for c, _ in self.concepts]


def _correct(token: str, snap: Snapshot) -> str | None:
    """The closest index word to an unknown ``token`` (1 edit up to 7 letters, 2 beyond;
    swapping two neighbouring letters counts as one edit, as in "shleter"), with the same
    first letter, preferring the commoner word on ties; None if nothing is that close."""
    if len(token) < 4 or token.isdigit() or not snap.vocabulary:
        return None
    max_edits = 1 if len(token) < 8 else 2
    matches = process.extract(
        token, snap.vocabulary, scorer=OSA.distance, score_cutoff=max_edits, limit=8
    )
    # People rarely mistype the first letter; a "correction" that changes it is usually a
    # different real word the index happens to lack ("warm" is not "harm").
    matches = [m for m in matches if m[0][:1] == token[:1]]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m[1], -snap.df.get(m[0], 0), m[0]))
    return best[0]


def analyse_query(text: str, snap: Snapshot, *, understand: bool) -> Query:
    terms: list[Term] = []
    for typed, token, start, end in query_spans(text):
        if understand and token not in snap.df and token not in snap.vocabulary:
            fixed = _correct(token, snap)
            if fixed and fixed != token:
                terms.append(Term(typed, fixed, start, end, corrected=True))
                continue
        terms.append(Term(typed, token, start, end))
    query = Query(text=text, terms=terms)
    if understand:
        tokens = [t.token for t in terms]
        for match in query_concepts(tokens):
            first, last = terms[match.start], terms[match.end - 1]
            typed = text[first.start : last.end].lower()
            query.concepts.append((match.token, typed))
        if snap.size >= COMMON_WORD_MIN_DOCS:
            limit = COMMON_WORD_SHARE * snap.size
            keep = [t for t in terms if snap.df.get(t.token, 0) <= limit]
            query.terms = keep or terms
    return query


# --- Candidate generation ----------------------------------------------------------------


# Up to this many admitted ids are written into the full-text query itself; beyond it, the
# full-text search runs unrestricted but deep enough to find `limit` admitted hits.
INLINE_IDS = 500
OVERFETCH = 1.5


def _fts_sql(vendor: str, phrases, ids: list[str] | None, limit: int | None):
    # Tokens are [a-z0-9]+ by construction (text.analyse), so quoting them is enough to
    # keep FTS operators (NEAR, *, ^, quotes) out of the engine whatever the person typed.
    if vendor == "sqlite":
        match = " OR ".join('"' + " ".join(p) + '"' for p in phrases)
        select = (
            "SELECT service_id, -bm25(directory_search_fts, 0.0, 3.0, 1.0, 4.0) FROM "
            "directory_search_fts WHERE directory_search_fts MATCH %s"
        )
        id_column, order = "service_id", "bm25(directory_search_fts, 0.0, 3.0, 1.0, 4.0)"
    else:
        match = " | ".join("(" + " <-> ".join(p) + ")" for p in phrases)
        select = (
            # Weights {D, C, B, A}: body (C) 0.3, name (B) 0.75, concept tokens (A) 1.0.
            "SELECT d.service_id, ts_rank('{0.1, 0.3, 0.75, 1.0}', d.tsv, q) AS rank"
            " FROM directory_search_tsv d, to_tsquery('simple', %s) q WHERE d.tsv @@ q"
        )
        id_column, order = "d.service_id", "rank DESC"
    sql, params = select, [match]
    if ids is not None:
        sql += f" AND {id_column} IN ({','.join(['%s'] * len(ids))})"
        params += ids
    sql += f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def lexical_candidates(
    services, query: Query, limit: int, *, admitted: frozenset[str] | None = None, size: int = 0
) -> dict[str, float]:
    """The best ``limit`` full-text hits among ``admitted`` (every service when None).

    Under a broad filter the search runs unrestricted, fetching about ``limit`` / (share of
    the index admitted) rows, and keeps the admitted ones; only if that is not deep enough
    does it fetch every hit. Either way the result is the exact top ``limit`` admitted
    hits, without running the caller's filter SQL again."""
    phrases = query.phrases
    if not phrases or (admitted is not None and not admitted):
        return {}
    conn = connections[services.db]
    if conn.vendor not in ("sqlite", "postgresql"):  # pragma: no cover - settings allow two
        return {}

    def run(ids, depth):
        sql, params = _fts_sql(conn.vendor, phrases, ids, depth)
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    if admitted is None:
        return {sid: float(score) for sid, score in run(None, limit)}
    if len(admitted) <= INLINE_IDS:
        return {sid: float(score) for sid, score in run(sorted(admitted), limit)}
    depth = int(limit * OVERFETCH * max(size, len(admitted)) / len(admitted)) + limit
    rows = run(None, depth)
    hits = [(sid, score) for sid, score in rows if sid in admitted]
    if len(hits) < limit and len(rows) == depth:  # not deep enough: take every hit
        hits = [(sid, score) for sid, score in run(None, None) if sid in admitted]
    return {sid: float(score) for sid, score in hits[:limit]}


def semantic_scores(snap: Snapshot, text: str) -> np.ndarray:
    if not snap.size:
        return np.zeros(0, np.float32)
    # np.dot, not @: for matrix x vector it takes the BLAS sgemv path (about 8x faster here).
    return np.dot(snap.matrix, embeddings.query_vector(text))


def _top(sims: np.ndarray, rows: np.ndarray | None, k: int) -> list[int]:
    pool = np.arange(len(sims)) if rows is None else rows
    if len(pool) == 0:
        return []
    values = sims[pool]
    k = min(k, len(pool))
    part = np.argpartition(-values, k - 1)[:k]
    return [int(pool[i]) for i in part[np.argsort(-values[part], kind="stable")]]


def _existing(services, ids) -> set[str]:
    """Which of ``ids`` still exist (the index can trail a deletion by a moment)."""
    ids = list(ids)
    meta = services.model._meta
    table, pk = meta.db_table, meta.pk.column
    out: set[str] = set()
    with connections[services.db].cursor() as cursor:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            cursor.execute(
                f'SELECT "{pk}" FROM "{table}" WHERE "{pk}" IN ({",".join(["%s"] * len(chunk))})',  # noqa: S608
                chunk,
            )
            out.update(row[0] for row in cursor.fetchall())
    return out


def _distances(using: str, ids, origin) -> dict[str, float]:
    """Nearest located site of each listing, in km (one raw query)."""
    from . import haversine_km

    ids = list(ids)
    sal, loc = ServiceAtLocation._meta.db_table, Location._meta.db_table
    best: dict[str, float] = {}
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            cursor.execute(
                f'SELECT s."service_id", l."latitude", l."longitude" FROM "{sal}" s '  # noqa: S608
                f'JOIN "{loc}" l ON l."id" = s."location_id" WHERE s."service_id" IN '
                f'({",".join(["%s"] * len(chunk))}) AND l."latitude" IS NOT NULL '
                'AND l."longitude" IS NOT NULL',
                chunk,
            )
            for sid, lat, lon in cursor.fetchall():
                d = haversine_km(origin, (lat, lon))
                if sid not in best or d < best[sid]:
                    best[sid] = d
    return best


# --- Ranking and explaining --------------------------------------------------------------


@dataclass
class Ranked:
    service_id: str
    score: float
    reasons: tuple[str, ...]
    distance_km: float | None


def rank(services, text: str, *, language=None, origin=None, limit=50, mode="hybrid"):
    snap = snapshot(services.db)
    understand = mode in ("hybrid", "rrf")
    query = analyse_query(text, snap, understand=understand)
    admitted, pool = None, None
    if is_filtered(services):
        admitted, pool = admitted_rows(services, snap)
        if not admitted:
            return []
    lexical: dict[str, float] = {}
    if mode in ("hybrid", "rrf", "lexical"):
        lexical = lexical_candidates(
            services, query, LEXICAL_CANDIDATES, admitted=admitted, size=snap.size
        )
    semantic: dict[str, float] = {}
    sims = None
    if mode in ("hybrid", "rrf", "semantic") and snap.size:
        sims = semantic_scores(snap, query.embedding_text if understand else text)
        want = SEMANTIC_CANDIDATES if understand else max(limit, 1)
        rows = _top(sims, pool, want)
        semantic = {snap.ids[i]: float(sims[i]) for i in rows}
    if sims is not None and lexical:
        for sid in lexical:  # full-text hits the semantic top-k missed still get their cosine
            if sid not in semantic and sid in snap.row:
                semantic[sid] = float(sims[snap.row[sid]])
    ids = _select(mode, lexical, semantic)
    if admitted is None and ids:  # the admitted set was read just now; the index may trail
        ids &= _existing(services, ids)
    if not ids:
        return []
    distances = _distances(services.db, ids, origin) if origin is not None else {}
    lang = (language or "").split("-")[0].lower()
    candidates = [
        Candidate(
            service_id=sid,
            lexical=max(0.0, lexical.get(sid, 0.0)) if mode != "semantic" else 0.0,
            semantic=semantic.get(sid) if mode != "lexical" else None,
            distance_km=distances.get(sid),
            speaks_language=bool(
                lang and sid in snap.row and lang in snap.languages[snap.row[sid]]
            ),
        )
        for sid in ids
    ]
    if mode == "rrf":
        ranked = _rrf(candidates)[:limit]
    else:
        blend = Blend() if mode == "hybrid" else _single_blend(mode, origin)
        ranked = fuse(candidates, blend)[:limit]
    by_id = {c.service_id: c for c in candidates}
    top_sem = max(semantic.values()) if semantic else 0.0
    return _explain(services.db, ranked, by_id, query, top_sem)


def _rrf(candidates: list[Candidate]) -> list[tuple[str, float]]:
    by_lexical = [c.service_id for c in sorted(candidates, key=lambda c: -c.lexical) if c.lexical]
    by_semantic = [
        c.service_id
        for c in sorted(candidates, key=lambda c: -(c.semantic or 0.0))
        if c.semantic is not None
    ]
    order = reciprocal_rank_fusion([by_lexical, by_semantic])
    return [(sid, 1.0 / (i + 1)) for i, sid in enumerate(order)]


def _single_blend(mode: str, origin) -> Blend:
    return Blend(
        lexical=1.0 if mode == "lexical" else 0.0,
        semantic=1.0 if mode == "semantic" else 0.0,
        semantic_window=1.0,
        language_boost=0.0,
        distance_weight=0.3 if origin is not None else 0.0,
    )


def _select(mode: str, lexical: dict, semantic: dict) -> set[str]:
    if mode == "lexical":
        return set(lexical)
    if mode == "semantic":
        return set(semantic)
    ids = set(lexical)
    if semantic:
        top = max(semantic.values())
        ids |= {sid for sid, sim in semantic.items() if sim >= top - SEMANTIC_ONLY_MARGIN}
    return ids


def _explain(using, ranked, by_id, query: Query, top_sem: float) -> list[Ranked]:
    ids = [sid for sid, _ in ranked]
    lexemes: dict[str, set[str]] = {}
    if ids:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT service_id, name_lexemes, body_lexemes, concept_tokens FROM "  # noqa: S608
                f"directory_search_document WHERE service_id IN ({','.join(['%s'] * len(ids))})",
                ids,
            )
            for sid, name, body, concepts in cursor.fetchall():
                lexemes[sid] = set(f"{name} {body} {concepts}".split())
    out = []
    for sid, score in ranked:
        c = by_id[sid]
        tokens = lexemes.get(sid, set())
        reasons: list[str] = []
        exact = [t.typed for t in query.terms if not t.corrected and t.token in tokens]
        if exact:
            reasons.append(_("matches “%(words)s”") % {"words": ", ".join(exact)})
        for t in query.terms:
            if t.corrected and t.token in tokens:
                reasons.append(
                    _("matches “%(word)s” (you typed “%(typed)s”)")
                    % {"word": surface_word(t.token), "typed": t.typed}
                )
        matched = set(exact)
        for token, typed in query.concepts:
            if token in tokens and not matched.intersection(typed.split()):
                reasons.append(_("also known as “%(words)s”") % {"words": typed})
        if c.semantic is not None and c.semantic >= top_sem - SEMANTIC_ONLY_MARGIN:
            reasons.append(_("similar meaning to your words"))
        if c.speaks_language:
            reasons.append(_("offered in your language"))
        if c.distance_km is not None:
            reasons.append(_("%(km).1f km away") % {"km": c.distance_km})
        out.append(Ranked(sid, round(score, 6), tuple(reasons), c.distance_km))
    return out
