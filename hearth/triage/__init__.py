"""Risk triage for warmline messages: a pure module (no Django imports outside the command).

Interface (stable; the helpline app depends on it):

    from hearth.triage import Risk, Assessment, assess
    a = assess("text", language="en")   # language is a hint: "en", "es" or None
    a.risk      # Risk.NONE < Risk.LOW < Risk.MODERATE < Risk.HIGH  (an IntEnum)
    a.score     # float in [0, 1]
    a.reasons   # tuple[str, ...]: the phrases behind the level, in plain words

    assess_conversation(["hi", "I have the pills counted out"])  # a chat: the highest seen

See docs/triage.md.
"""

from hearth.triage.engine import Assessment, Risk, assess, assess_conversation

__all__ = ["Assessment", "Risk", "assess", "assess_conversation"]
