"""``manage.py triage``: JSON lines in, one assessment per line out, bad lines reported."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


def run(data: bytes | str, *args: str) -> tuple[list[dict], str]:
    stream = io.BytesIO(data if isinstance(data, bytes) else data.encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    call_command("triage", *args, stdin=stream, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def lines(*rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def test_each_line_gets_an_assessment_in_order():
    rows, err = run(
        lines(
            {"id": 1, "text": "I have the pills counted out, tonight is the night"},
            {"id": "b", "text": "me muero de ganas de verte"},
            {"id": 3, "text": "I've been so lonely"},
        )
    )
    assert [r["id"] for r in rows] == [1, "b", 3]
    assert [r["risk"] for r in rows] == ["high", "none", "low"]
    assert set(rows[0]) == {"id", "risk", "score", "reasons"}
    assert 0.75 <= rows[0]["score"] <= 1.0
    assert any("pills counted out" in reason for reason in rows[0]["reasons"])
    assert rows[1]["reasons"] == []
    assert err == ""


@pytest.mark.parametrize(
    ("line", "error", "ident"),
    [
        ("this is not json", "not valid JSON", None),
        ('{"id": 7, "text": "unterminated', "not valid JSON", 7),
        ("[1, 2]", "expected a JSON object", None),
        ('{"id": 8}', 'missing "text"', 8),
        ('{"id": 9, "text": 42}', '"text" must be a string', 9),
        ('{"id": 10, "text": null}', '"text" must be a string', 10),
        ('{"id": [1], "text": "hi"}', '"id" must be a string or a number', None),
    ],
)
def test_bad_lines_get_an_error_line_and_the_stream_goes_on(line, error, ident):
    rows, err = run(lines({"id": "before", "text": "hola"}, line, {"id": "after", "text": "kms"}))
    assert [r.get("risk") for r in (rows[0], rows[2])] == ["none", "high"]
    assert error in rows[1]["error"]
    assert rows[1]["line"] == 2
    assert rows[1]["id"] == ident
    assert "1 line(s) could not be assessed" in err


def test_huge_line_is_refused_without_reading_it_all():
    huge = json.dumps({"id": "big", "text": "a" * 50_000})
    rows, _ = run(lines(huge, {"id": 2, "text": "quiero matarme"}), "--max-chars", "1000")
    assert rows[0] == {"id": "big", "line": 1, "error": rows[0]["error"]}
    assert "too long" in rows[0]["error"]
    assert rows[1]["risk"] == "high"


def test_text_over_the_limit_is_refused():
    rows, _ = run(lines({"id": 1, "text": "x" * 101}), "--max-chars", "100")
    assert "limit is 100" in rows[0]["error"]


def test_invalid_utf8_is_reported():
    rows, _ = run(b'{"id": 5, "text": "\xff\xfe"}\n{"id": 6, "text": "hola"}\n')
    assert rows[0]["error"] == "not valid UTF-8 text"
    assert rows[0]["id"] == 5
    assert rows[1]["risk"] == "none"


def test_blank_lines_are_skipped_and_line_numbers_kept():
    rows, _ = run('\n\n{"id": 1, "text": "hi"}\n\nnope\n')
    assert rows[0]["risk"] == "none"
    assert rows[1]["line"] == 5


def test_unicode_text_and_reasons_round_trip():
    rows, _ = run(lines({"id": "ñ", "text": "Me voy a quitar la vida esta noche"}))
    assert rows[0]["id"] == "ñ"
    assert rows[0]["risk"] == "high"


def test_strict_exits_non_zero_after_finishing():
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "triage", "--strict", stdin=io.BytesIO(b'nope\n{"id":1,"text":"hi"}\n'), stdout=out
        )
    assert exit_info.value.code == 1
    assert len(out.getvalue().splitlines()) == 2


def test_explain_lists_what_did_not_count():
    rows, _ = run(
        lines({"id": 1, "text": "I would never hurt myself, this commute is killing me"}),
        "--explain",
    )
    assert rows[0]["risk"] == "none"
    assert any("negated" in item for item in rows[0]["not_counted"])
    assert any("figure of speech" in item for item in rows[0]["not_counted"])
