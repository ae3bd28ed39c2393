"""Search quality on the judged set (hearth/directory/search/evaldata): a floor for the
hybrid, and the hybrid must beat both single methods. Measured figures are in
docs/search.md and printed by bench/directory.py; the floor sits a little below them."""

import pytest

from hearth.directory.search import evaluation
from hearth.directory.search.evaldata.corpus import services
from hearth.directory.search.evaldata.judgments import QUERIES

pytestmark = pytest.mark.django_db

NDCG_FLOOR = 0.80
RECALL_FLOOR = 0.82
MIN_LIFT = 0.05


def test_judged_set_is_big_and_varied():
    assert len(QUERIES) >= 60
    kinds = {q["kind"] for q in QUERIES}
    assert kinds == {"lay", "es", "typo", "filter"}
    categories = {s["category"] for s in services()}
    for q in QUERIES:
        assert set(q["rel"]) <= categories, q["q"]
        assert set(q["rel"].values()) <= {1, 2, 3}
        assert evaluation.judgments_for(q), q["q"]


def test_hybrid_search_quality_floor_and_beats_single_methods():
    evaluation.load_corpus()
    scores = {mode: evaluation.evaluate(mode) for mode in evaluation.MODES}
    hybrid = scores["hybrid"]
    assert hybrid.ndcg >= NDCG_FLOOR, hybrid.per_query
    assert hybrid.recall >= RECALL_FLOOR
    best_single = max(scores["lexical"].ndcg, scores["semantic"].ndcg)
    assert hybrid.ndcg >= best_single + MIN_LIFT
