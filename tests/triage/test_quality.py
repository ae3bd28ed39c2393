"""The labelled data set, and the triage figures on its held-out half, with floors.

The floors are the issue's targets; the figures themselves are printed by bench/triage.py.
"""

from __future__ import annotations

from collections import Counter

import pytest

from hearth.triage import Risk, assess
from hearth.triage.evaluation import ALL_SETS, TEST, TRAIN, evaluate, figures, load

TRAPS = {"idiom", "negation", "past", "third_party", "slang", "misspelling"}


@pytest.fixture(scope="module")
def train():
    return load(TRAIN)


@pytest.fixture(scope="module")
def test_set():
    return load(TEST)


@pytest.fixture(scope="module")
def held_out(test_set):
    return evaluate(test_set, lambda text: assess(text).risk)


def test_data_set_is_big_enough_and_covers_both_languages_and_all_levels(train, test_set):
    assert len(train) + len(test_set) >= 400
    for examples in (train, test_set):
        cells = Counter((e.lang, e.risk) for e in examples)
        for lang in ("en", "es"):
            for risk in Risk:
                assert cells[(lang, risk)] >= 5, (lang, risk)


def test_every_trap_is_in_both_halves(train, test_set):
    for examples in (train, test_set):
        tags = Counter(tag for e in examples for tag in e.tags)
        for trap in TRAPS:
            assert tags[trap] >= 4, trap


def test_the_sets_are_separate():
    def key(text: str) -> str:
        return " ".join(text.lower().split())

    seen: set[str] = set()
    ids: list[str] = []
    for path in ALL_SETS:
        examples = load(path)
        texts = {key(e.text) for e in examples}
        assert not texts & seen, path.name
        seen |= texts
        ids += [e.id for e in examples]
    assert len(ids) == len(set(ids))


def test_high_recall_floor(held_out):
    assert held_out["high"].recall >= 0.90


def test_moderate_or_high_recall_and_precision_floors(held_out):
    assert held_out["moderate+"].recall >= 0.95
    assert held_out["moderate+"].precision >= 0.80


def test_high_precision_floor(held_out):
    # Every false high pages a supervisor: keep them rare.
    assert held_out["high"].precision >= 0.85


def test_every_level_has_useful_precision_and_recall(held_out):
    for level in ("none", "low", "moderate", "high"):
        assert held_out[level].precision >= 0.80, level
        assert held_out[level].recall >= 0.80, level


def test_no_traps_mistaken_for_high(test_set):
    # Figures of speech, negations and the past must never page a supervisor.
    for example in test_set:
        if example.risk <= Risk.LOW and {"idiom", "negation", "past"} & set(example.tags):
            assert assess(example.text).risk < Risk.HIGH, example.text


def test_figures_count_levels_and_thresholds():
    pairs = [(Risk.HIGH, Risk.HIGH), (Risk.HIGH, Risk.MODERATE), (Risk.NONE, Risk.MODERATE)]
    result = figures(pairs)
    assert (result["high"].precision, result["high"].recall) == (1.0, 0.5)
    assert result["moderate+"].recall == 1.0
    assert result["moderate+"].precision == pytest.approx(2 / 3)
    assert result["low"].precision == 1.0  # nothing predicted low
