"""``python manage.py match_instance PATH.json``: match an instance from outside Hearth.

Reads the instance format in docs/matching.md and prints one JSON object::

    {"assignments": [{"participant": id, "mentor": id, "score": x, "reasons": [...]}],
     "unmatched": [{"participant": id, "why": "..."}], "objective": x, "seconds": t}

A bad instance prints every problem, each naming its record, and exits with status 2.
No database is touched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.matching.engine import InstanceError, Weights, explain_en, parse_instance, solve
from hearth.matching.engine.solver import explain_unmatched_en


class Command(BaseCommand):
    help = "Match participants to mentors from a JSON instance and print the result as JSON."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="the instance JSON file ('-' reads standard input)")
        parser.add_argument(
            "--weights",
            help='score weights as JSON, e.g. \'{"experience": 3, "distance": 0.5}\'',
        )
        parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")

    def handle(self, *args, path: str, weights: str | None, indent: int | None, **options):
        data = self._load(path)
        try:
            chosen = Weights.from_mapping(json.loads(weights)) if weights else Weights()
        except (ValueError, TypeError, AttributeError) as exc:
            raise CommandError(f"--weights: {exc}") from exc
        try:
            instance = parse_instance(data)
        except InstanceError as exc:
            for problem in exc.problems:
                self.stderr.write(f"invalid instance: {problem}")
            sys.exit(2)
        result = solve(instance, chosen)
        out = {
            "assignments": [
                {
                    "participant": a.participant,
                    "mentor": a.mentor,
                    "score": a.score,
                    "reasons": [explain_en(r) for r in a.reasons],
                }
                for a in result.assignments
            ],
            "unmatched": [
                {"participant": u.participant, "why": explain_unmatched_en(u)}
                for u in result.unmatched
            ],
            "objective": result.objective,
            "seconds": round(result.seconds, 3),
        }
        self.stdout.write(json.dumps(out, indent=indent, ensure_ascii=False))

    def _load(self, path: str):
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from exc
