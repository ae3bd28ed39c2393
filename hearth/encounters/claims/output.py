"""Writing a claims report as CSV (formulas neutralised) or JSON, one line at a time, for
a streaming response or a file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from hearth.encounters.claims.report import (
    CLAIM_COLUMNS,
    MEMBER_ID_NOTE,
    REJECT_COLUMNS,
    ClaimsReport,
)

_FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_safe(value: Any) -> str:
    """One cell as text, with spreadsheet formulas neutralised (CSV injection)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(records: Iterable[list], columns: tuple[str, ...]) -> Iterator[str]:
    """CSV text, one line at a time (for a streaming response or a file). ``records``
    are value lists in ``columns`` order. Plain strings are checked inline rather than
    through ``csv_safe``: this loop runs for every cell of every line."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    danger = _FORMULA_STARTS
    for values in records:
        for i, value in enumerate(values):
            if value.__class__ is str:
                if value and value[0] in danger:
                    values[i] = "'" + value
            elif value.__class__ is not int:
                values[i] = csv_safe(value)
        yield writer.writerow(values)


def iter_json(report: ClaimsReport, records: Iterable[dict[str, Any]], key: str) -> Iterator[str]:
    """A JSON document ``{"organisation": …, "start": …, key: [ … ]}``, one record at a time."""
    head = {
        "organisation": report.organisation.slug,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "payer": report.payer.name if report.payer else None,
        "note": str(MEMBER_ID_NOTE),
    }
    yield json.dumps(head)[:-1] + f', "{key}": ['
    for i, record in enumerate(records):
        yield ("," if i else "") + "\n" + json.dumps(record)
    yield "\n]}\n"


def iter_output(report: ClaimsReport, *, what: str, fmt: str) -> Iterator[str]:
    """``what`` is "claims" or "rejects"; ``fmt`` is "csv" or "json"."""
    claims = what == "claims"
    if fmt == "json":
        return iter_json(report, report.lines() if claims else report.rejects(), what)
    if claims:
        return iter_csv(report.line_values(), CLAIM_COLUMNS)
    return iter_csv(report.reject_values(), REJECT_COLUMNS)


def write_output(report: ClaimsReport, out: IO[str], *, what: str, fmt: str) -> None:
    for chunk in iter_output(report, what=what, fmt=fmt):
        out.write(chunk)
