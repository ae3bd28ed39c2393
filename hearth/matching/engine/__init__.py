"""The matching engine: pure Python + numpy + OR-Tools, no Django.

- ``instance``: the people and mentors (``Instance``), parsed and validated from JSON.
- ``scoring``: the compatibility score, its parts and their plain-language reasons.
- ``solver``: batch matching (lexicographic: most people matched, then most compatibility),
  suggestions (top mentors for one participant) and the first-come baseline.
"""

from hearth.matching.engine.instance import (
    Instance,
    InstanceError,
    Mentor,
    Must,
    Seeker,
    parse_instance,
)
from hearth.matching.engine.scoring import (
    PARTS,
    Reason,
    Weights,
    explain_en,
    part_values,
    score_pair,
)
from hearth.matching.engine.solver import (
    Assignment,
    MatchResult,
    Suggestion,
    Unmatched,
    greedy_first_come,
    solve,
    suggest,
)

__all__ = [
    "PARTS",
    "Assignment",
    "Instance",
    "InstanceError",
    "MatchResult",
    "Mentor",
    "Must",
    "Reason",
    "Seeker",
    "Suggestion",
    "Unmatched",
    "Weights",
    "explain_en",
    "greedy_first_come",
    "parse_instance",
    "part_values",
    "score_pair",
    "solve",
    "suggest",
]
