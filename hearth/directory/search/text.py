"""Text analysis shared by the index and the query side (pure: no Django).

The same function turns a service's text and a person's query into the tokens the full-text
index stores, so SQLite FTS5 and PostgreSQL (``'simple'`` configuration) see identical
tokens and rank alike. English and Spanish are mixed freely in one directory, so the
analysis is deliberately language-neutral: lower-case, accents folded (``renta``/``rentá``,
``español``/``espanol``), a small English + Spanish stop-word list, and a light, symmetric
plural stemmer (``shelters``/``shelter``, ``reuniones``/``reunion``). Anything that is not a
Latin letter or digit (emoji, quotes, ``*``, ``^``, ``NEAR``-syntax punctuation) never
reaches the full-text engine.
"""

from __future__ import annotations

import re
import unicodedata

# Longer input is cut: a 10 kB paste is nobody's real question, and both the full-text query
# and the embedding get slower with length.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8

_TOKEN = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    """
    a an and are as at be by can do for from get getting have how i i'm im in is it me my
    near need needs of on or our please some the their there this to tonight us we where who
    with without you your any am been being does got just like looking want wants will would
    el la los las un una unos unas y o de del al en con por para que mi mis me necesito
    necesita busco buscar donde hay es son se su sus lo le les muy mas esta este estoy tengo
    hoy noche cerca
    help helps ayuda free gratis gratuito gratuita
    """.split()
)
# "tonight", "hoy", "noche" and "cerca" carry urgency or place, not topic; "help"/"ayuda"
# and "free"/"gratis" are in nearly every listing's own words and would rank the listing
# with the most of them first ("free" is a filter, not a topic).


def fold(text: str) -> str:
    """Lower-case and strip accents (``Español`` -> ``espanol``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(token: str) -> str:
    """A light plural/e stemmer, the same for English and Spanish, applied on both sides.

    It only has to be *consistent*, not linguistically right: ``rides``/``ride`` -> ``rid``,
    ``ciudades``/``ciudad`` -> ``ciudad``, ``therapies``/``therapy`` -> ``therapy``.
    """
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if token.endswith("e") and len(token) > 3:
        token = token[:-1]
    return token


def raw_tokens(text: str) -> list[str]:
    """Folded word tokens in order, stop words kept (for phrase matching)."""
    return _TOKEN.findall(fold(text))


def analyse(text: str) -> list[str]:
    """Index tokens of ``text``: folded, stop words dropped, stemmed, in order."""
    return [stem(t) for t in raw_tokens(text) if t not in STOPWORDS]


_WORD = re.compile(r"\w+")


def query_spans(text: str) -> list[tuple[str, str, int, int]]:
    """(typed word, index token, start, end) for each query word worth matching on,
    de-duplicated, at most ``MAX_TERMS``. ``text`` is cut to ``MAX_QUERY_CHARS`` first;
    offsets index into that cut text, so callers can quote the person's own words."""
    text = (text or "")[:MAX_QUERY_CHARS]
    seen: set[str] = set()
    out: list[tuple[str, str, int, int]] = []
    for match in _WORD.finditer(text):
        pieces = _TOKEN.findall(fold(match.group()))
        for piece in pieces:
            if piece in STOPWORDS or len(piece) < 2:
                continue
            token = stem(piece)
            if token not in seen:
                seen.add(token)
                typed = match.group().lower() if len(pieces) == 1 else piece
                out.append((typed, token, match.start(), match.end()))
    return out[:MAX_TERMS]


def query_words(text: str) -> list[tuple[str, str]]:
    """The (typed word, index token) pairs of a query (see ``query_spans``)."""
    return [(typed, token) for typed, token, _, _ in query_spans(text)]
