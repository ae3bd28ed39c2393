"""Text normalisation for triage: fold case and accents, fix common misspellings, and keep a
map back to the visitor's own words so every reason can quote them.

Pure Python (plus rapidfuzz): no Django imports.

The folded text is what the patterns in ``hearth/triage/lexicon/`` are written against:
lower case, no accents ("suicidarme", "mas", "ultimamente"), straight apostrophes, letters
repeated three or more times cut to two ("sooo" → "soo", "killll" → "kill"). Words are
corrected in two ways:

* ``SPELLINGS``: a fixed table of frequent misspellings and phonetic spellings ("kiero" →
  "quiero", "bida" → "vida", "tonite" → "tonight", "comit" → "commit");
* a fuzzy match (optimal string alignment distance, via rapidfuzz) against ``FUZZY_TARGETS``,
  the risk words whose misspelling matters most ("sucide", "suicdal", "suisidarme",
  "overdoes"). Only words of seven letters or more that are not known words are tried, the
  first letter must agree, and at most one edit is allowed (two from ten letters up): short
  words are too easily another real word ("lovely" is one edit from "lonely").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

SPELLINGS: dict[str, str] = {
    # English
    "kil": "kill",
    "kiling": "killing",
    "myslef": "myself",
    "mysef": "myself",
    "comit": "commit",
    "comitt": "commit",
    "committ": "commit",
    "comitting": "committing",
    "tonite": "tonight",
    "tonigth": "tonight",
    "nite": "night",
    "pils": "pills",
    "lonley": "lonely",
    "lonly": "lonely",
    "anxous": "anxious",
    "anxius": "anxious",
    "worthles": "worthless",
    "hopless": "hopeless",
    "realy": "really",
    "thougts": "thoughts",
    "thoghts": "thoughts",
    "thinkin": "thinking",
    "alot": "a lot",
    "evrything": "everything",
    "sewerslide": "suicide",
    "sucide": "suicide",
    "suicde": "suicide",
    "suside": "suicide",
    "sucied": "suicide",
    "sucidal": "suicidal",
    "feelin": "feeling",
    "wanna": "want to",
    "gonna": "going to",
    "tryna": "trying to",
    "u": "you",
    "depresd": "depressed",
    "depresed": "depressed",
    "dissapear": "disappear",
    "dissappear": "disappear",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "beter": "better",
    "evryone": "everyone",
    "everone": "everyone",
    "alon": "alone",
    "gona": "going to",
    "gunna": "going to",
    "myslf": "myself",
    "rite": "right",
    "thot": "thought",
    "thots": "thoughts",
    # Spanish: phonetic spellings (b/v, k/qu, s/c, silent h) and dropped letters
    "kiero": "quiero",
    "kieres": "quieres",
    "qiero": "quiero",
    "bida": "vida",
    "bivir": "vivir",
    "bivo": "vivo",
    "bibir": "vivir",
    "vivr": "vivir",
    "oy": "hoy",
    "ise": "hice",
    "beses": "veces",
    "aria": "haria",
    "acer": "hacer",
    "acerme": "hacerme",
    "muxa": "mucha",
    "muxo": "mucho",
    "estoi": "estoy",
    "ansieda": "ansiedad",
    "suisidio": "suicidio",
    "pastiyas": "pastillas",
    "xq": "porque",
}

# Words the fuzzy matcher corrects towards. Only these: a wider list would "correct" ordinary
# words into risk words.
FUZZY_TARGETS: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "suicidio",
    "suicidarme",
    "suicidarse",
    "suicidar",
    "overdose",
    "overdosed",
    "overdosing",
    "sobredosis",
    "hopeless",
    "worthless",
    "depressed",
    "depression",
    "deprimido",
    "deprimida",
    "anxiety",
    "ansiedad",
    "matarme",
    "morirme",
    "pastillas",
    "despedida",
    "desaparecer",
    "thoughts",
    "unalive",
    "quitarme",
    "cortarme",
    "lastimarme",
    "yourself",
    "myself",
    "disappear",
    "depressed",
    "himself",
    "herself",
)

# Real words near a fuzzy target that must stay as they are.
KNOWN_WORDS: frozenset[str] = frozenset(
    {
        "thought",
        "thoughtful",
        "overdone",
        "depress",
        "suicides",
        "matarte",
        "matarle",
        "matarse",
        "morirse",
        "morirte",
        "ourselves",
        "themselves",
        "yourselves",
        "hopefully",
        "cortarse",
        "quitarse",
        "quitarte",
        "pastilla",
        "suicido",
        "suicida",
        "suicidas",
        "suicidan",
        "suicidaron",
    }
)
_TARGET_SET = frozenset(FUZZY_TARGETS)

_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
_WORD = re.compile(r"[a-z]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True)
class Normalised:
    """The folded text, and for each of its characters the span it came from in ``original``."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def quote(self, start: int, end: int) -> str:
        """The visitor's own words behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.original[self.starts[start] : self.ends[end - 1]].strip()


def _fold_char(char: str) -> str:
    lowered = char.lower()[:1] or char
    decomposed = unicodedata.normalize("NFD", lowered)
    return decomposed[0] if decomposed else lowered


@lru_cache(maxsize=8192)
def correct_word(word: str) -> str:
    """The corrected spelling of one folded word (itself when nothing applies)."""
    word = _REPEATS.sub(r"\1\1", word)
    if word in SPELLINGS:
        return SPELLINGS[word]
    if len(word) < 7 or word in _TARGET_SET or word in KNOWN_WORDS:
        return word
    limit = 2 if len(word) >= 10 else 1
    found = process.extractOne(word, FUZZY_TARGETS, scorer=OSA.distance, score_cutoff=limit)
    if found and found[0][0] == word[0]:
        return found[0]
    return word


def normalise(text: str) -> Normalised:
    """Fold ``text`` for matching, keeping the way back to the original characters."""
    folded = "".join(_fold_char(c) for c in text.translate(_PUNCT))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _WORD.finditer(folded):
        gap = folded[position : match.start()]
        pieces.append(gap)
        starts.extend(range(position, match.start()))
        ends.extend(range(position + 1, match.start() + 1))
        word = correct_word(match.group())
        pieces.append(word)
        if word == match.group():
            starts.extend(range(match.start(), match.end()))
            ends.extend(range(match.start() + 1, match.end() + 1))
        else:  # a corrected word maps, as a whole, to the word the visitor typed
            starts.extend([match.start()] * len(word))
            ends.extend([match.end()] * len(word))
        position = match.end()
    pieces.append(folded[position:])
    starts.extend(range(position, len(folded)))
    ends.extend(range(position + 1, len(folded) + 1))
    return Normalised(text, "".join(pieces), tuple(starts), tuple(ends))
