"""Assess warmline messages read as JSON lines on standard input.

    python manage.py triage < messages.jsonl > assessments.jsonl
    echo '{"id": 1, "text": "I have the pills counted out, tonight is the night"}' \\
        | python manage.py triage

Each input line is one JSON object ``{"id": ..., "text": "..."}``; each output line is
``{"id": ..., "risk": "none|low|moderate|high", "score": 0.0-1.0, "reasons": [...]}`` in the
same order. A bad line (not JSON, not an object, no "text", a non-string text, longer than
--max-chars, undecodable bytes) gets ``{"id": ..., "line": n, "error": "..."}`` and the stream
goes on; a count of bad lines goes to standard error, and the exit status is 0 (``--strict``:
1 when any line was bad). Nothing is logged or stored: messages only pass through.
``--explain`` adds the phrases that did not count.
"""

from __future__ import annotations

import json
import re
import sys

from django.core.management.base import BaseCommand

from hearth.triage.engine import analyse

MAX_CHARS = 20_000  # a warmline message is a few hundred characters; this is far beyond it


def _error(number: int, message: str, ident=None) -> dict:
    return {"id": ident, "line": number, "error": message}


def assess_line(
    raw: str, number: int, *, max_chars: int = MAX_CHARS, explain: bool = False
) -> dict:
    """The output object for one input line (an error object when the line is bad)."""
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON ({exc.msg} at character {exc.pos})"
        return _error(number, message, _guess_id(raw))
    if not isinstance(row, dict):
        return _error(number, 'expected a JSON object like {"id": 1, "text": "..."}')
    ident = row.get("id")
    if isinstance(ident, dict | list):
        return _error(number, '"id" must be a string or a number')
    if "text" not in row:
        return _error(number, 'missing "text"', ident)
    text = row["text"]
    if not isinstance(text, str):
        return _error(number, f'"text" must be a string, not {type(text).__name__}', ident)
    if len(text) > max_chars:
        return _error(number, f'"text" is {len(text)} characters; the limit is {max_chars}', ident)
    language = row.get("language") if isinstance(row.get("language"), str) else None
    analysis = analyse(text, language=language)
    result = {
        "id": ident,
        "risk": analysis.assessment.risk.label,
        "score": analysis.assessment.score,
        "reasons": list(analysis.assessment.reasons),
    }
    if explain:
        result["not_counted"] = [
            f'{f.why}: "{f.phrase}"' for f in analysis.findings if not f.counted
        ]
    return result


_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)')


def _guess_id(start: str):
    """The "id" at the start of a line we cannot parse, so its error line can name it."""
    found = _ID.search(start[:2000])
    if not found:
        return None
    try:
        return json.loads(found.group(1))
    except json.JSONDecodeError:
        return None


class _TooLong:
    """Stands for an input line that was skipped, unread, because it was too long."""

    def __init__(self, start: str):
        self.start = start


def _lines(stream, limit: int):
    """Lines of ``stream`` (bytes or text), never holding more than ``limit`` of one line in
    memory: a longer line is skipped to its end and yielded as ``_TooLong``."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
            while True:  # skip the rest of the huge line
                rest = stream.readline(limit)
                if not rest or rest.endswith(b"\n" if isinstance(rest, bytes) else "\n"):
                    break
            head = line[:2000]
            yield _TooLong(head.decode("utf-8", "replace") if isinstance(head, bytes) else head)
            continue
        yield line


class Command(BaseCommand):
    stealth_options = ("stdin",)  # tests pass a stream instead of standard input
    help = (
        'Read JSON lines {"id": .., "text": ..} on standard input and write one risk '
        "assessment per line (none, low, moderate or high, with a score and reasons)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-chars", type=int, default=MAX_CHARS, help="Longest text assessed (characters)"
        )
        parser.add_argument(
            "--explain", action="store_true", help="Also list the phrases that did not count"
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit with status 1 if any line had an error"
        )

    def handle(self, *args, **options):
        source = options.get("stdin") or sys.stdin.buffer
        max_chars = options["max_chars"]
        failed = 0
        for number, raw in enumerate(_lines(source, max_chars * 6 + 1000), start=1):
            result = self._one(raw, number, max_chars, options["explain"])
            if result is None:
                continue
            failed += "error" in result
            self.stdout.write(json.dumps(result))
            self.stdout.flush()
        if failed:
            self.stderr.write(f"{failed} line(s) could not be assessed; see their error lines.")
            if options["strict"]:
                sys.exit(1)

    @staticmethod
    def _one(raw, number: int, max_chars: int, explain: bool) -> dict | None:
        if isinstance(raw, _TooLong):
            message = f"line too long (over {max_chars} characters of text)"
            return _error(number, message, _guess_id(raw.start))
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                guess = _guess_id(raw.decode("utf-8", "replace"))
                return _error(number, "not valid UTF-8 text", guess)
        line = raw.strip()
        if not line:
            return None
        return assess_line(line, number, max_chars=max_chars, explain=explain)
