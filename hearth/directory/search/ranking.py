"""Ranking and evaluation maths (pure: no Django, no database, no model).

``fuse`` blends the two candidate lists the engine produces — full-text (BM25 on SQLite,
``ts_rank_cd`` on PostgreSQL) and embedding similarity — into one order, then lets distance
and the searcher's language nudge it. ``ndcg_at_k`` and ``recall_at_k`` score a ranking
against graded judgments (0-3) for the benchmark and the quality floor in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Candidate:
    service_id: str
    lexical: float = 0.0  # full-text score, higher is better; 0 when not a full-text hit
    semantic: float | None = None  # cosine similarity of the embeddings
    distance_km: float | None = None
    speaks_language: bool = False  # offers the language the person searched in


@dataclass(frozen=True)
class Blend:
    """Weights of the hybrid score (tuned on the judged set; see docs/search.md)."""

    lexical: float = 0.55
    semantic: float = 0.45
    # Similarities below ``top - semantic_window`` count as no semantic evidence at all:
    # e5 cosines are compressed (unrelated text still scores ~0.78), so the useful signal is
    # how far below the best match a listing is, not the absolute number.
    semantic_window: float = 0.08
    language_boost: float = 0.05
    distance_scale_km: float = 15.0  # a listing this far away loses about a third of its lead
    distance_weight: float = 0.3


def fuse(candidates: Sequence[Candidate], blend: Blend = Blend()) -> list[tuple[str, float]]:
    """Hybrid scores, best first: a linear blend of the max-normalised full-text score and
    the window-normalised semantic score, times a gentle distance decay."""
    if not candidates:
        return []
    top_lex = max(c.lexical for c in candidates) or 1.0
    sims = [c.semantic for c in candidates if c.semantic is not None]
    top_sem = max(sims) if sims else 0.0
    floor = top_sem - blend.semantic_window
    scored = []
    for c in candidates:
        lex = c.lexical / top_lex if c.lexical > 0 else 0.0
        sem = 0.0
        if c.semantic is not None and c.semantic > floor:
            sem = (c.semantic - floor) / blend.semantic_window
        score = blend.lexical * lex + blend.semantic * sem
        if c.speaks_language:
            score += blend.language_boost
        score *= distance_factor(c.distance_km, blend)
        scored.append((c.service_id, score))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


def distance_factor(distance_km: float | None, blend: Blend = Blend()) -> float:
    """1.0 next door, falling smoothly to ``1 - distance_weight`` far away; listings with no
    location (phone lines, online groups) sit in the middle rather than last."""
    if distance_km is None:
        return 1.0 - blend.distance_weight / 2
    decay = math.exp(-max(0.0, distance_km) / blend.distance_scale_km)
    return 1.0 - blend.distance_weight + blend.distance_weight * decay


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> list[str]:
    """Plain RRF (Cormack et al. 2009), kept for comparison in the benchmark notes."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores, key=lambda item: (-scores[item], item))


def dcg(gains: Sequence[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of ``ranked`` against graded ``judgments``
    (service id -> 0..3; unjudged counts 0). 1.0 when nothing is relevant and nothing is
    needed (an empty ideal) — such queries should not be in a judged set."""
    ideal = dcg(sorted((g for g in judgments.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 1.0
    return dcg([judgments.get(item, 0) for item in ranked[:k]]) / ideal


def recall_at_k(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Share of the relevant (grade >= 1) listings found in the top ``k``, out of as many as
    could fit (``min(relevant, k)``), so a query with 14 relevant listings can still reach 1."""
    relevant = {item for item, g in judgments.items() if g > 0}
    if not relevant:
        return 1.0
    return len(relevant.intersection(ranked[:k])) / min(len(relevant), k)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
