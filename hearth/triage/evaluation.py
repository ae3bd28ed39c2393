"""The labelled data set and the figures triage is judged by. Pure Python: no Django imports.

``data/train.jsonl`` is for tuning the rules; ``data/test.jsonl`` is held out and only
measured (tests/triage/test_quality.py, bench/triage.py). ``dev``, ``blind``, ``final`` and
``last`` were written later, each after a freeze of the rules, and measured blind once;
docs/triage.md records those first figures and what was changed after them. One JSON
object per line:
``{"id", "text", "lang": "en"|"es", "risk": "none"|"low"|"moderate"|"high", "tags": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from hearth.triage.engine import Risk

DATA = Path(__file__).resolve().parent / "data"
TRAIN = DATA / "train.jsonl"
TEST = DATA / "test.jsonl"
DEV = DATA / "dev.jsonl"
BLIND = DATA / "blind.jsonl"
FINAL = DATA / "final.jsonl"
LAST = DATA / "last.jsonl"
# Written after successive freezes of the rules, each measured blind once (docs/triage.md).
LATER_SETS = (DEV, BLIND, FINAL, LAST)
ALL_SETS = (TRAIN, TEST, *LATER_SETS)
LEVELS = {r.label: r for r in Risk}


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    lang: str
    risk: Risk
    tags: tuple[str, ...]


def load(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                examples.append(
                    Example(
                        row["id"], row["text"], row["lang"], LEVELS[row["risk"]], tuple(row["tags"])
                    )
                )
    return examples


@dataclass(frozen=True)
class Figures:
    """Precision and recall for one level, or for "this level or above"."""

    name: str
    true_positive: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.actual if self.actual else 1.0


def figures(pairs: Iterable[tuple[Risk, Risk]]) -> dict[str, Figures]:
    """Per level (exact match), plus "moderate+" (moderate or high) and "low+", from
    (expected, predicted) pairs."""
    pairs = list(pairs)
    result: dict[str, Figures] = {}
    for level in Risk:
        result[level.label] = Figures(
            level.label,
            sum(1 for e, p in pairs if e == p == level),
            sum(1 for _, p in pairs if p == level),
            sum(1 for e, _ in pairs if e == level),
        )
    for floor, name in ((Risk.MODERATE, "moderate+"), (Risk.LOW, "low+")):
        result[name] = Figures(
            name,
            sum(1 for e, p in pairs if e >= floor and p >= floor),
            sum(1 for _, p in pairs if p >= floor),
            sum(1 for e, _ in pairs if e >= floor),
        )
    return result


def evaluate(examples: Iterable[Example], judge: Callable[[str], Risk]) -> dict[str, Figures]:
    return figures((example.risk, judge(example.text)) for example in examples)


def accuracy(examples: Iterable[Example], judge: Callable[[str], Risk]) -> float:
    examples = list(examples)
    return sum(1 for e in examples if judge(e.text) == e.risk) / len(examples)
