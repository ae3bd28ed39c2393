"""Risk triage engine: weighted phrase rules with negation, figures of speech, the past,
third parties and misspellings handled. Pure Python (plus rapidfuzz): no Django imports.

How one message is read (docs/triage.md has the whole story):

1. ``normalise``: fold case and accents, correct misspellings, keep the map back to the
   visitor's words.
2. Figures of speech ("this commute is killing me", "me muero de ganas"), questions about
   suicide as a topic ("suicide prevention training") and grief after someone else's suicide
   ("I lost my brother to suicide") are found first and masked, so nothing inside them counts
   as the visitor's own risk.
3. Every cue in ``lexicon.ALL_CUES`` is matched; a phrase inside a longer matched phrase is
   dropped.
4. Each phrase is read in its clause and sentence: negated ("I would never hurt myself") and
   long-past ("five years ago I attempted") phrases do not count, unless the sentence says it
   is coming back ("...and lately those thoughts are back"), which counts as moderate.
5. Levels: suicidal intent, a plan, preparation or an attempt under way → high; thoughts of
   suicide, a wish to be dead, self-harm, not being safe from someone → moderate, raised to
   high by a plan, means at hand or timing ("tonight"); distress and grief → low.
6. The level is the highest counted; the score places the message inside its level's band;
   the reasons quote the phrases that counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from hearth.triage import lexicon as lx
from hearth.triage.lexicon import Cue, Kind
from hearth.triage.normalise import Normalised, normalise


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


@dataclass(frozen=True)
class Finding:
    """One phrase the engine found, whether or not it counted, and why."""

    kind: str
    phrase: str  # the visitor's own words
    level: Risk  # what it contributes when counted
    counted: bool
    why: str  # plain words: what it means, or why it did not count
    third_party: bool = False


@dataclass(frozen=True)
class Analysis:
    assessment: Assessment
    findings: tuple[Finding, ...]


# Score bands per level: the score always agrees with the level.
BANDS: dict[Risk, tuple[float, float]] = {
    Risk.NONE: (0.0, 0.1),
    Risk.LOW: (0.2, 0.4),
    Risk.MODERATE: (0.45, 0.7),
    Risk.HIGH: (0.75, 1.0),
}
WEIGHTS: dict[Kind, float] = {
    Kind.ACT: 0.85,
    Kind.PLAN: 0.85,
    Kind.PLAN_WEAK: 0.7,
    Kind.FINALITY: 0.3,
    Kind.DO_IT: 0.7,
    Kind.ATTEMPT: 0.7,
    Kind.DEATH_WISH: 0.6,
    Kind.SELF_HARM: 0.6,
    Kind.SAFETY: 0.55,
    Kind.OVERDOSE: 0.5,
    Kind.RUMINATION: 0.5,
    Kind.GRIEF: 0.4,
    Kind.TOLD_TO: 0.4,
    Kind.RISK_WORD: 0.4,
    Kind.DISTRESS: 0.35,
    Kind.MEANS: 0.3,
    Kind.TIMING: 0.3,
}
# Kinds that make "I'm going to do it" or "can't stop thinking about it" about suicide.
RISK_TOPIC = frozenset(
    {
        Kind.ACT,
        Kind.DEATH_WISH,
        Kind.ATTEMPT,
        Kind.PLAN,
        Kind.PLAN_WEAK,
        Kind.MEANS,
        Kind.SELF_HARM,
        Kind.TOLD_TO,
    }
)
# What turns a goodbye or "everything is ready" into a plan.
GOODBYE_CONTEXT = RISK_TOPIC | {Kind.FINALITY, Kind.DISTRESS, Kind.DO_IT, Kind.RUMINATION}
SOMEONE_ELSE = " (someone else)"
RAISED = "with a plan, means or a time"  # the why of a phrase raised to high by another


@dataclass
class _Hit:
    cue: Cue
    start: int
    end: int
    sentence: tuple[int, int]
    clause: tuple[int, int]
    negated: bool = False
    past: bool = False
    recurring: bool = False


def _spans(splitter: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in splitter.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    return spans or [(start, end)]


def _segments(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    sentences = _spans(lx.SENTENCE_SPLIT, text, 0, len(text))
    clauses = [c for s in sentences for c in _spans(lx.CLAUSE_SPLIT, text, s[0], s[1])]
    return sentences, clauses


def _containing(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for span in spans:
        if span[0] <= position < span[1]:
            return span
    return (position, position)


def _negated(before: str, phrase: str) -> bool:
    """A negation word among the last five words before the phrase, in its clause."""
    words = re.findall(r"[a-z']+", before)[-5:]
    following = [*words[1:], *re.findall(r"[a-z']+", phrase)[:1]]
    for index, word in enumerate(words):
        if word not in lx.NEGATION_WORDS:
            continue
        after = following[index] if index < len(following) else ""
        if after in lx.NOT_NEGATING_NEXT:
            continue
        if word == "no" and lx.NOT_NEGATING_ES.match(" ".join(words[index + 1 :]) or phrase):
            continue
        return True
    return False


def _in_past(text: str, hit: _Hit) -> bool:
    """Long ago and over: the distant past is in the phrase's clause, or in its sentence with a
    past-tense verb in the clause, or the visitor says they are well now."""
    clause = text[hit.clause[0] : hit.clause[1]]
    sentence = text[hit.sentence[0] : hit.sentence[1]]
    if lx.RECENT.search(clause):
        return False
    if lx.DISTANT_PAST.search(clause):
        return True
    past_verb = lx.PAST_VERB.search(clause)
    if past_verb and lx.DISTANT_PAST.search(sentence):
        return True
    return bool(past_verb and lx.RECOVERED.search(text))


def _find(text: str) -> tuple[list[_Hit], set[Kind]]:
    """The phrases found (a phrase inside a longer one dropped), and every kind seen."""
    sentences, clauses = _segments(text)
    hits = [
        _Hit(
            cue,
            m.start(),
            m.end(),
            _containing(sentences, m.start()),
            _containing(clauses, m.start()),
        )
        for cue in lx.ALL_CUES
        for m in cue.pattern.finditer(text)
        if m.end() > m.start()
    ]
    hits.sort(key=lambda h: (h.start - h.end, h.start))
    kept: list[_Hit] = []
    for hit in hits:  # longest first: a phrase inside a longer phrase adds nothing
        if not any(
            k.start <= hit.start and hit.end <= k.end and k.cue.kind is not Kind.FINALITY
            for k in kept
        ):
            kept.append(hit)
    for hit in kept:
        hit.negated = _negated(text[hit.clause[0] : hit.start], text[hit.start : hit.end])
        hit.past = _in_past(text, hit)
        sentence = text[hit.sentence[0] : hit.sentence[1]]
        hit.recurring = hit.past and bool(lx.RECURRENCE.search(sentence))
    kept.sort(key=lambda h: h.start)
    return kept, {h.cue.kind for h in hits}


def _act_level(text: str, hit: _Hit) -> tuple[Risk, str]:
    """Intent (high) or thoughts (moderate), from the words around a suicide phrase."""
    before = text[max(hit.clause[0], hit.start - 45) : hit.start]
    after = text[hit.end : hit.clause[1]]
    thoughts = "thoughts of suicide"
    if lx.IDEATION_AFTER.match(after) or lx.IDEATION_NOUN_BEFORE.search(before):
        return Risk.MODERATE, thoughts
    ideation = [m.end() for m in lx.IDEATION_BEFORE.finditer(before)]
    intent = [m.end() for m in lx.INTENT_BEFORE.finditer(before)]
    if ideation and (not intent or ideation[-1] >= intent[-1]):
        return Risk.MODERATE, thoughts
    if lx.FREQUENCY.search(text, hit.clause[0], hit.clause[1]):
        return Risk.MODERATE, thoughts
    if hit.cue.default_high or intent:
        return Risk.HIGH, "suicidal intent"
    if text[hit.start : hit.end] == "suicidal" and lx.STATE_BEFORE.search(before):
        return Risk.HIGH, "feeling suicidal"
    return Risk.MODERATE, "suicide mentioned"


_FIXED: dict[Kind, tuple[Risk, str]] = {
    Kind.PLAN: (Risk.HIGH, "plan or preparation"),
    Kind.DEATH_WISH: (Risk.MODERATE, "wish to be dead or gone"),
    Kind.SELF_HARM: (Risk.MODERATE, "self-harm"),
    Kind.SAFETY: (Risk.MODERATE, "not safe from someone"),
    Kind.OVERDOSE: (Risk.MODERATE, "overdose risk"),
    Kind.RUMINATION: (Risk.MODERATE, "thoughts keep coming back"),
    Kind.DO_IT: (Risk.HIGH, "says they will act"),
    Kind.DISTRESS: (Risk.LOW, "distress"),
    Kind.TOLD_TO: (Risk.LOW, "told to kill themselves"),
    Kind.RISK_WORD: (Risk.MODERATE, "risk words, ask directly"),
}


def _level(text: str, hit: _Hit, escalate: bool, active_now: bool) -> tuple[Risk, str]:
    kind = hit.cue.kind
    if kind is Kind.ACT:
        level, why = _act_level(text, hit)
        if level is Risk.MODERATE and escalate:
            return Risk.HIGH, f"{why}, {RAISED}"
        return level, why
    if kind is Kind.ATTEMPT:
        clause = text[hit.clause[0] : hit.clause[1]]
        if lx.RECENT.search(clause):
            return Risk.HIGH, "recent attempt"
        return Risk.MODERATE, "suicide attempt mentioned"
    if kind is Kind.DEATH_WISH and (escalate or (hit.cue.active and active_now)):
        return Risk.HIGH, f"wish to die, {RAISED}"
    return _FIXED[kind]


def _masks(norm: Normalised) -> tuple[str, list[Finding]]:
    text = list(norm.text)
    findings: list[Finding] = []
    taken = [False] * len(text)
    for cue in lx.MASKS:
        for m in cue.pattern.finditer(norm.text):
            if any(taken[m.start() : m.end()]):
                continue
            if cue.kind is Kind.IDIOM and lx.THREAT_BEFORE.search(norm.text, 0, m.start()):
                continue
            for i in range(m.start(), m.end()):
                taken[i], text[i] = True, " "
            phrase = norm.quote(m.start(), m.end())
            if cue.kind is Kind.GRIEF:
                findings.append(Finding("grief", phrase, Risk.LOW, True, "grief after a suicide"))
            elif cue.kind is Kind.IDIOM:
                findings.append(Finding("idiom", phrase, Risk.NONE, False, "figure of speech"))
            else:
                findings.append(Finding("info", phrase, Risk.NONE, False, "asking about the topic"))
    return "".join(text), findings


def _topic_question(text: str, hit: _Hit) -> bool:
    """ "Suicide" as a subject asked about ("how do I ask someone if they're thinking about
    suicide? I'm training to be a peer"), not the visitor's own feeling: the message asks
    about training, flyers, statistics..., and the word is about someone in general (or the
    sentence has no "I" at all). "Suicidal" and "I'm thinking about suicide" always count."""
    if text[hit.start : hit.end] not in ("suicide", "suicidio") or not lx.INFO_CONTEXT.search(text):
        return False
    before = text[hit.clause[0] : hit.start]
    sentence = text[hit.sentence[0] : hit.sentence[1]]
    me = [m.end() for m in _FIRST_PERSON.finditer(before)]
    others = [m.end() for m in _SOMEONE.finditer(before)]
    if others and (not me or others[-1] > me[-1]):
        return True
    return not _FIRST_PERSON.search(sentence)


_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|me|my|yo|estoy|tengo|pienso|siento)\b")
_SOMEONE = re.compile(
    r"\b(?:they|they'?re|someone|somebody|people|a person|anyone|alguien|una persona|la gente)\b"
)


def _hyperbole(text: str, hit: _Hit) -> bool:
    sentence = text[hit.sentence[0] : hit.sentence[1]]
    return bool(lx.LAUGHTER.search(sentence) and lx.HYPERBOLE_FRAME.search(sentence))


@dataclass(frozen=True)
class _Message:
    """What the whole message says, which each phrase is read against."""

    norm: Normalised
    masked: str
    live: list[_Hit]  # counted phrases: not negated, not over and done
    topic: bool  # a risk topic is named, even negated or past ("...can't stop thinking about it")
    timing: re.Match[str] | None
    later: re.Match[str] | None
    planned: bool  # a plan, a goodbye or means at hand

    @property
    def escalate(self) -> bool:
        return bool(self.planned or self.timing or self.later)


def analyse(text: str, *, language: str | None = None) -> Analysis:
    """Everything the engine found in one message, counted or not, and the assessment.

    ``language`` ("en", "es" or None) is accepted as a hint; both languages' phrases are
    always checked, because visitors switch languages within a message.
    """
    norm = normalise(text or "")
    masked, findings = _masks(norm)
    hits, seen = _find(masked)
    live = [h for h in hits if not h.negated and not (h.past and not h.recurring)]
    kinds = {h.cue.kind for h in live}
    message = _Message(
        norm,
        masked,
        live,
        topic=bool(seen & RISK_TOPIC),
        timing=lx.TIMING_STRONG.search(masked),
        later=lx.TIMING_LATER.search(masked),
        planned=bool(kinds & {Kind.PLAN, Kind.PLAN_WEAK, Kind.MEANS}),
    )
    judged = [_judge(message, hit, Kind.DEATH_WISH in kinds) for hit in hits]
    findings += [f for f in judged if f is not None]
    raised = [f for f in findings if f.level is Risk.HIGH and RAISED in f.why]
    if raised or any(f.kind == Kind.PLAN_WEAK and f.level is Risk.HIGH for f in findings):
        findings += _escalators(norm, masked, hits, message.timing, message.later)
    return Analysis(_assessment(findings), tuple(findings))


def _judge(message: _Message, hit: _Hit, wish: bool) -> Finding | None:
    """One phrase read in its message: counted (with its level and why) or not (and why).
    None for means and finality, which only ever raise another phrase."""
    phrase = message.norm.quote(hit.start, hit.end)
    kind, third = hit.cue.kind, hit.cue.third_party
    if not (hit.negated or hit.past) and _topic_question(message.masked, hit):
        return Finding(kind.value, phrase, Risk.NONE, False, "asking about the topic")
    if hit.negated or (hit.past and not hit.recurring):
        why = "negated" if hit.negated else "in the past, and over"
        return Finding(kind.value, phrase, Risk.NONE, False, why, third)
    if kind in (Kind.MEANS, Kind.FINALITY):
        return None
    if kind is Kind.PLAN_WEAK:
        return _goodbye(message, hit, phrase)
    if kind in (Kind.DO_IT, Kind.RUMINATION) and not message.topic:
        return Finding(kind.value, phrase, Risk.NONE, False, "no risk topic", third)
    escalate = message.planned if kind is Kind.DEATH_WISH else message.escalate
    level, why = _level(message.masked, hit, escalate, bool(message.timing))
    if kind is Kind.ACT and _hyperbole(message.masked, hit) and not (message.planned or wish):
        level, why = Risk.LOW, "said jokingly: check in gently"
    if hit.recurring:
        level, why = min(level, Risk.MODERATE), "past experience coming back"
    return Finding(kind.value, phrase, level, True, why, third)


def _goodbye(message: _Message, hit: _Hit, phrase: str) -> Finding:
    """A goodbye or "everything is ready": high beside another signal, moderate alone."""
    others = [h for h in message.live if h is not hit and h.cue.kind in GOODBYE_CONTEXT]
    when = [
        m for m in lx.TIMING_STRONG.finditer(message.masked) if not hit.start <= m.start() < hit.end
    ]
    if others or when:
        return Finding(hit.cue.kind.value, phrase, Risk.HIGH, True, "goodbye or preparation")
    why = "possible goodbye or preparation: ask"
    return Finding(hit.cue.kind.value, phrase, Risk.MODERATE, True, why)


def _escalators(norm, masked, hits, timing, later) -> list[Finding]:
    """The means, finality and timing that raised a phrase, unless part of one already quoted."""
    whys = {Kind.MEANS: "means at hand", Kind.FINALITY: "words of finality"}
    quoted = [h for h in hits if h.cue.kind not in whys and not h.negated and not h.past]

    def inside(start: int, end: int) -> bool:
        return any(h.start < end and start < h.end for h in quoted)

    found = [
        Finding(h.cue.kind.value, norm.quote(h.start, h.end), Risk.HIGH, True, whys[h.cue.kind])
        for h in hits
        if h.cue.kind in whys and not h.negated and not h.past and not inside(h.start, h.end)
    ]
    for match in (timing, later):
        if match and not inside(match.start(), match.end()):
            phrase = norm.quote(match.start(), match.end())
            found.append(Finding("timing", phrase, Risk.HIGH, True, "timing"))
    return found


def _assessment(findings: list[Finding]) -> Assessment:
    counted = [f for f in findings if f.counted]
    if not counted:
        return Assessment(Risk.NONE, 0.05 if findings else 0.0, ())
    risk = max(f.level for f in counted)
    strength, lower = 1.0, 0
    for finding in counted:
        if finding.level == risk:
            strength *= 1.0 - WEIGHTS.get(Kind(finding.kind), 0.4)
        else:
            lower += 1
    strength = min(1.0, (1.0 - strength) + 0.05 * lower)
    low, high = BANDS[risk]
    score = round(low + (high - low) * strength, 3)
    ordered = sorted(counted, key=lambda f: -f.level)
    reasons: list[str] = []
    for finding in ordered:
        who = SOMEONE_ELSE if finding.third_party else ""
        reason = f'{finding.why}{who}: "{finding.phrase}"'
        if reason not in reasons:
            reasons.append(reason)
    return Assessment(risk, score, tuple(reasons))


def assess(text: str, *, language: str | None = None) -> Assessment:
    """The risk level of one visitor message, with its score and the phrases behind it."""
    return analyse(text, language=language).assessment


def assess_conversation(messages: Iterable[str | Assessment]) -> Assessment:
    """A chat's level: the highest seen over its messages (ties: the higher score)."""
    best = Assessment(Risk.NONE, 0.0, ())
    for message in messages:
        current = message if isinstance(message, Assessment) else assess(message)
        if (current.risk, current.score) > (best.risk, best.score):
            best = current
    return best
