"""``manage.py match_instance``: the documented output, and bad instances refused with
every problem named by record."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _run(tmp_path, data, capsys, *args):
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    call_command("match_instance", str(path), *args)
    return capsys.readouterr()


INSTANCE = {
    "participants": [
        {
            "id": "p1",
            "languages": ["es"],
            "veteran": True,
            "lived_experience": ["Opioids"],
            "availability": ["tue_evening"],
            "lat": 41.08,
            "lon": -81.52,
            "modes": ["in_person"],
            "must": {"language": "es"},
        },
        {"id": "p2", "languages": ["vi"], "must": {"language": "vi"}},
    ],
    "mentors": [
        {
            "id": "m1",
            "languages": ["en", "es"],
            "veteran": True,
            "lived_experience": ["opioids"],
            "availability": ["tue_evening"],
            "lat": 41.1,
            "lon": -81.5,
            "capacity": 2,
        }
    ],
}


def test_match_instance_prints_assignments_unmatched_objective_and_seconds(tmp_path, capsys):
    out = json.loads(_run(tmp_path, INSTANCE, capsys).out)

    assert set(out) == {"assignments", "unmatched", "objective", "seconds"}
    (assignment,) = out["assignments"]
    assert assignment["participant"] == "p1" and assignment["mentor"] == "m1"
    assert assignment["reasons"][:3] == [
        "both have lived experience of opioids",
        "both are veterans",
        "both speak Spanish",
    ]
    assert out["unmatched"] == [{"participant": "p2", "why": "no mentor speaks Vietnamese"}]
    assert out["objective"] == assignment["score"]


def test_match_instance_takes_programme_weights(tmp_path, capsys):
    weights = json.dumps(
        {"experience": 1, "language": 0, "identity": 0, "availability": 0, "distance": 0}
    )
    out = json.loads(_run(tmp_path, INSTANCE, capsys, "--weights", weights).out)

    assert out["assignments"][0]["score"] == 100


def test_match_instance_names_every_bad_record_and_exits_2(tmp_path, capsys):
    bad = {
        "participants": [{"languages": ["es"]}, {"id": "p2", "lat": 200, "lon": 0}],
        "mentors": [{"id": "m1", "capacity": -1}, {"id": "m1", "capacity": 2}],
    }
    with pytest.raises(SystemExit) as exited:
        _run(tmp_path, bad, capsys)

    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid instance: participants[0]: missing id" in err
    assert "participants[1] (id 'p2'): coordinates must be" in err
    assert "mentors[0] (id 'm1'): capacity must be 0 or more, not -1" in err
    assert "mentors[1] (id 'm1'): duplicate id (also mentors[0])" in err


def test_match_instance_reports_malformed_json_with_its_position(tmp_path, capsys):
    with pytest.raises(CommandError, match="not valid JSON: .* line 1, column 2"):
        _run(tmp_path, "{oops", capsys)


def test_match_instance_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("match_instance", str(tmp_path / "nope.json"))
