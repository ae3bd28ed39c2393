"""The phrases triage looks for, in English and Spanish, written against folded text (see
``hearth/triage/normalise.py``: lower case, no accents, common misspellings already corrected).

Each ``Cue`` has a kind; ``engine.py`` decides what a kind means in context (negation, the
past, a figure of speech, a third person, what else the message says). Patterns are plain
regular expressions so anyone can read why a message was flagged. Tuned on
``data/train.jsonl`` only; see docs/triage.md.
"""

from hearth.triage.lexicon.acts import (
    ACT_NOUN,
    ACT_OTHER,
    ACT_SELF,
    ATTEMPT,
    FINALITY,
    PLAN,
    PLAN_WEAK,
)
from hearth.triage.lexicon.base import Cue, Kind
from hearth.triage.lexicon.context import (
    CLAUSE_SPLIT,
    DISTANT_PAST,
    FREQUENCY,
    HYPERBOLE_FRAME,
    IDEATION_AFTER,
    IDEATION_BEFORE,
    IDEATION_NOUN_BEFORE,
    INTENT_BEFORE,
    LAUGHTER,
    NEGATION_WORDS,
    NOT_NEGATING_ES,
    NOT_NEGATING_NEXT,
    PAST_VERB,
    RECENT,
    RECOVERED,
    RECURRENCE,
    SENTENCE_SPLIT,
    STATE_BEFORE,
)
from hearth.triage.lexicon.distress import DISTRESS
from hearth.triage.lexicon.masks import GRIEF, IDIOMS, INFO, INFO_CONTEXT, THREAT_BEFORE
from hearth.triage.lexicon.signals import (
    DEATH_WISH,
    DEATH_WISH_ACTIVE,
    DEATH_WISH_OTHER,
    DO_IT,
    MEANS,
    OVERDOSE,
    RISK_WORD,
    RUMINATION,
    SAFETY,
    SELF_HARM,
    TIMING_LATER,
    TIMING_STRONG,
    TOLD_TO,
)

ALL_CUES: tuple[Cue, ...] = tuple(
    ACT_SELF
    + ACT_OTHER
    + ACT_NOUN
    + PLAN
    + PLAN_WEAK
    + FINALITY
    + ATTEMPT
    + DEATH_WISH_ACTIVE
    + DEATH_WISH
    + DEATH_WISH_OTHER
    + SELF_HARM
    + SAFETY
    + OVERDOSE
    + RUMINATION
    + DO_IT
    + TOLD_TO
    + RISK_WORD
    + MEANS
    + DISTRESS
)
MASKS: tuple[Cue, ...] = tuple(IDIOMS + INFO + GRIEF)

__all__ = [
    "ACT_NOUN",
    "ALL_CUES",
    "CLAUSE_SPLIT",
    "DISTANT_PAST",
    "FREQUENCY",
    "HYPERBOLE_FRAME",
    "IDEATION_AFTER",
    "IDEATION_BEFORE",
    "IDEATION_NOUN_BEFORE",
    "INFO_CONTEXT",
    "INTENT_BEFORE",
    "LAUGHTER",
    "MASKS",
    "NEGATION_WORDS",
    "NOT_NEGATING_ES",
    "NOT_NEGATING_NEXT",
    "PAST_VERB",
    "RECENT",
    "RECOVERED",
    "RECURRENCE",
    "SENTENCE_SPLIT",
    "STATE_BEFORE",
    "THREAT_BEFORE",
    "TIMING_LATER",
    "TIMING_STRONG",
    "Cue",
    "Kind",
]
