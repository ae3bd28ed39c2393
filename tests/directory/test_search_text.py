"""Pure search logic: analysis, lexicon, ranking maths (no database, no model)."""

import pytest

from hearth.directory.search.concepts import (
    CONCEPTS,
    document_concepts,
    query_concepts,
    surface_word,
)
from hearth.directory.search.ranking import (
    Blend,
    Candidate,
    distance_factor,
    fuse,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank_fusion,
)
from hearth.directory.search.text import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    analyse,
    fold,
    query_spans,
    stem,
)


def test_fold_strips_accents_and_case():
    assert fold("Español CAFÉ ñandú") == "espanol cafe nandu"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("shelters", "shelter"),
        ("rides", "ride"),
        ("ciudades", "ciudad"),
        ("reuniones", "reunion"),
        ("therapies", "therapy"),
    ],
)
def test_stem_is_symmetric_for_plurals(a, b):
    assert stem(a) == stem(b)


def test_analyse_drops_stopwords_in_both_languages():
    assert analyse("somewhere to sleep tonight") == ["somewher", "sleep"]
    assert analyse("ayuda con la renta") == ["renta"]


@pytest.mark.parametrize(
    "text",
    [
        '"NEAR(shelter food)" OR *',
        "shel* ^food",
        "'; DROP TABLE x; --",
        "🏠🍞",
        "%_",
        "a AND b NOT c",
        "{col}: x",
        "x" * 10_000,
    ],
)
def test_query_spans_only_ever_yield_plain_tokens(text):
    spans = query_spans(text)
    assert len(spans) <= MAX_TERMS
    for _typed, token, start, end in spans:
        assert token.isalnum() and token.isascii()
        assert 0 <= start < end <= MAX_QUERY_CHARS


def test_query_spans_keep_the_typed_word_and_its_offsets():
    text = "Albergue en Español"
    spans = query_spans(text)
    assert [(typed, token) for typed, token, _, _ in spans] == [
        ("albergue", "albergu"),
        ("español", "espanol"),
    ]
    _, _, start, end = spans[1]
    assert text[start:end] == "Español"


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("detox", "detox"),
        ("somewhere to sleep tonight", "shelter"),
        ("rent help", "rent"),
        ("suboxone doctor", "moud"),
        ("ayuda con la renta", "rent"),
        ("albergue", "shelter"),
        ("comida", "food"),
        ("grupo de apoyo", "support"),
        ("dope sick", "detox"),
    ],
)
def test_lay_words_map_to_concepts(query, concept):
    assert concept in {m.concept for m in query_concepts(analyse(query))}


def test_listing_words_map_to_the_same_concepts():
    assert "zcdetox" in document_concepts(analyse("Medically monitored withdrawal management"))
    assert "zcrent" in document_concepts(analyse("Housing stabilization program"))
    assert "zcmoud" in document_concepts(analyse("Office-based buprenorphine treatment"))
    assert "zcshelter" in document_concepts(analyse("Albergue nocturno, camas de emergencia"))


def test_longest_match_wins():
    # "suboxone doctor" is MOUD, not also general medical care; an animal shelter is no shelter.
    assert [m.concept for m in query_concepts(analyse("suboxone doctor"))] == ["moud"]
    assert "zcshelter" not in document_concepts(analyse("City animal shelter and pet adoption"))


def test_every_concept_has_an_analysable_trigger():
    for concept, phrases in CONCEPTS.items():
        assert concept.isalpha()
        assert any(analyse(p) for p in phrases), concept


def test_surface_word_makes_stems_readable():
    assert surface_word(stem("suboxone")) == "suboxone"
    assert surface_word("zzzz") == "zzzz"


def test_ndcg_perfect_and_reversed():
    judgments = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_k(["a", "b", "c"], judgments) == pytest.approx(1.0)
    reversed_ = ndcg_at_k(["c", "b", "a"], judgments)
    assert 0 < reversed_ < 1
    assert ndcg_at_k(["x", "y"], judgments) == 0.0
    # The known value: DCG(1,2,3)/DCG(3,2,1) with gains 2^g - 1.
    assert reversed_ == pytest.approx((1 + 3 / 1.5849625 + 7 / 2) / (7 + 3 / 1.5849625 + 1 / 2))


def test_ndcg_cuts_at_k():
    assert ndcg_at_k(["x"] * 10 + ["a"], {"a": 3}, k=10) == 0.0


def test_recall_counts_only_as_many_as_fit():
    judgments = {f"r{i}": 1 for i in range(14)}
    assert recall_at_k([f"r{i}" for i in range(10)], judgments, k=10) == 1.0
    assert recall_at_k(["r0", "x"], {"r0": 2, "r1": 1}, k=10) == 0.5
    assert recall_at_k(["a"], {"a": 0}) == 1.0


def test_fuse_needs_both_signals_to_win():
    both = Candidate("both", lexical=5.0, semantic=0.90)
    words = Candidate("words", lexical=5.0, semantic=0.80)
    meaning = Candidate("meaning", lexical=0.0, semantic=0.90)
    order = [sid for sid, _ in fuse([meaning, words, both])]
    assert order[0] == "both"


def test_fuse_prefers_the_nearer_of_equals():
    near = Candidate("near", lexical=1.0, semantic=0.9, distance_km=1.0)
    far = Candidate("far", lexical=1.0, semantic=0.9, distance_km=40.0)
    nowhere = Candidate("nowhere", lexical=1.0, semantic=0.9)
    assert [sid for sid, _ in fuse([far, nowhere, near])] == ["near", "nowhere", "far"]


def test_distance_factor_bounds():
    blend = Blend()
    assert distance_factor(0.0) == pytest.approx(1.0)
    assert distance_factor(10_000.0) == pytest.approx(1 - blend.distance_weight)
    assert distance_factor(-5.0) == pytest.approx(1.0)


def test_fuse_empty_and_rrf():
    assert fuse([]) == []
    assert reciprocal_rank_fusion([["a", "b"], ["b", "c"]])[0] == "b"
