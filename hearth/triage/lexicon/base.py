"""Kinds of cue, the cue record, and pattern fragments shared by the lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ACT = "act"  # suicide itself: kill myself, end my life, kms, matarme
    PLAN = "plan"  # preparation, means at hand, an attempt under way
    PLAN_WEAK = "plan_weak"  # goodbyes, "everything is ready": high only beside another signal
    FINALITY = "finality"  # "I'm done", "thank you for trying": context for goodbyes
    ATTEMPT = "attempt"  # an attempt mentioned: recent is high, long ago is history
    DEATH_WISH = "death_wish"  # wanting to be dead or gone, without the act named
    SELF_HARM = "self_harm"
    SAFETY = "safety"  # someone else hurting or threatening the visitor
    OVERDOSE = "overdose"  # using in ways that risk an overdose
    RUMINATION = "rumination"  # "can't stop thinking about it": counts only beside a risk topic
    DO_IT = "do_it"  # "I'm going to do it": counts only beside a risk topic
    MEANS = "means"  # a gun, pills, a rope: raises thoughts to high
    TIMING = "timing"  # tonight, right now: raises thoughts to high
    DISTRESS = "distress"
    GRIEF = "grief"  # someone died by suicide (bereavement, not the visitor's own risk)
    IDIOM = "idiom"  # figures of speech: never risk
    INFO = "info"  # asking about suicide as a topic (training, statistics, flyers)
    TOLD_TO = "told_to"  # someone told the visitor to kill themselves ("kys")
    RISK_WORD = "risk_word"  # a risk word no phrase explained: moderate, so a peer asks


@dataclass(frozen=True)
class Cue:
    kind: Kind
    pattern: re.Pattern[str]
    third_party: bool = False
    default_high: bool = True  # ACT: high unless thoughts/frequency words say otherwise
    active: bool = False  # DEATH_WISH: an active wish ("want to die"), raised by timing


def cues(kind: Kind, patterns: list[str], **flags) -> list[Cue]:
    return [Cue(kind, re.compile(p), **flags) for p in patterns]


SELF = r"my ?self"
THEM = r"(?:himself|herself|themselves|themself)"
HIS = r"(?:his|her|their)"
LIFE = r"[vb]ida"
