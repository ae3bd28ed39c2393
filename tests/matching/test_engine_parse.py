"""Instance parsing: clear messages naming the record, for every kind of bad input."""

from __future__ import annotations

import pytest

from hearth.matching.engine import InstanceError, parse_instance


def _problems(data) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return caught.value.problems


def test_parse_instance_reads_the_documented_format():
    instance = parse_instance(
        {
            "participants": [
                {
                    "id": "p1",
                    "languages": ["ES", "en"],
                    "gender": "Woman",
                    "age": 30,
                    "veteran": True,
                    "lived_experience": ["Opioids "],
                    "pathways": [],
                    "identities": ["Latine"],
                    "availability": ["tue_evening"],
                    "lat": 41.0,
                    "lon": -81.5,
                    "modes": ["in_person"],
                    "must": {"language": "es", "mentor_gender": "WOMAN", "max_km": 10},
                }
            ],
            "mentors": [{"id": 7, "capacity": 3}],
        }
    )
    seeker = instance.participants[0]
    assert seeker.languages == ("es", "en")
    assert seeker.lived_experience == frozenset({"opioids"})
    assert seeker.must.mentor_gender == "woman"
    assert seeker.must.max_km == 10.0
    assert instance.mentors[0].capacity == 3


def test_parse_instance_names_a_missing_id():
    assert _problems({"participants": [{"languages": []}], "mentors": []}) == [
        "participants[0]: missing id"
    ]


def test_parse_instance_names_both_records_of_a_duplicate_id():
    problems = _problems({"participants": [], "mentors": [{"id": "m1"}, {"id": "m1"}]})
    assert problems == ["mentors[1] (id 'm1'): duplicate id (also mentors[0])"]


def test_parse_instance_refuses_negative_capacity():
    problems = _problems({"participants": [], "mentors": [{"id": "m9", "capacity": -2}]})
    assert problems == ["mentors[0] (id 'm9'): capacity must be 0 or more, not -2"]


@pytest.mark.parametrize(
    "coordinates",
    [
        {"lat": 91, "lon": 0},
        {"lat": "41", "lon": 2},
        {"lat": 41.0},
        {"lat": float("nan"), "lon": 1},
    ],
)
def test_parse_instance_refuses_malformed_coordinates(coordinates):
    problems = _problems({"participants": [{"id": "p2", **coordinates}], "mentors": []})
    assert len(problems) == 1
    assert problems[0].startswith("participants[0] (id 'p2'): coordinates must be")


def test_parse_instance_refuses_a_language_that_is_not_iso_639_1():
    problems = _problems({"participants": [{"id": 1, "languages": ["Spanish"]}], "mentors": []})
    assert "'spanish' is not an ISO 639-1 language code" in problems[0]


def test_parse_instance_needs_coordinates_for_a_distance_must_have():
    problems = _problems({"participants": [{"id": 1, "must": {"max_km": 5}}], "mentors": []})
    assert problems == ["participants[0] (id 1): must.max_km needs the participant's lat and lon"]


def test_parse_instance_lists_every_problem_at_once():
    problems = _problems(
        {"participants": [{"id": 1, "veteran": "yes"}, {}], "mentors": [{"id": 2, "capacity": 1.5}]}
    )
    assert len(problems) == 3


def test_parse_instance_refuses_a_document_that_is_not_an_instance():
    assert _problems([]) == ["the instance must be an object with participants and mentors"]
    assert _problems({"participants": {}}) == [
        "participants must be a list",
        "mentors must be a list",
    ]
