"""Risk triage engine. Pure Python: no Django imports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum


class Risk(IntEnum):
    NONE = 0
    LOW = 1
    MODERATE = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Assessment:
    risk: Risk
    score: float
    reasons: tuple[str, ...]


_HIGH = re.compile(r"\b(kill myself|end my life|suicide|pills counted|matarme|suicidarme)\b", re.I)


def assess(text: str, *, language: str | None = None) -> Assessment:
    """The risk level of one visitor message, with its reasons."""
    found = _HIGH.search(text or "")
    if found:
        return Assessment(Risk.HIGH, 0.9, (found.group(0),))
    return Assessment(Risk.NONE, 0.0, ())
