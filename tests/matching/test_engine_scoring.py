"""Each score part, the weighting, and agreement of the vectorised table with the
one-pair function."""

from __future__ import annotations

import pytest

from hearth.matching.engine import Instance, Mentor, Must, Seeker, Weights, score_pair
from hearth.matching.engine.scoring import (
    SCALE,
    ScoreTable,
    explain_en,
    feasible,
    haversine_km,
    part_values,
    reasons,
)


def seeker(**kw) -> Seeker:
    kw.setdefault("id", "p")
    for key in ("lived_experience", "pathways", "identities", "availability", "modes"):
        if key in kw:
            kw[key] = frozenset(kw[key])
    return Seeker(**kw)


def mentor(**kw) -> Mentor:
    kw.setdefault("id", "m")
    kw.setdefault("capacity", 1)
    for key in ("lived_experience", "pathways", "identities", "availability", "modes"):
        if key in kw:
            kw[key] = frozenset(kw[key])
    return Mentor(**kw)


def test_experience_part_is_the_share_of_the_participants_areas_the_mentor_shares():
    parts = part_values(
        seeker(lived_experience={"opioids", "trauma"}), mentor(lived_experience={"opioids"})
    )
    assert parts["experience"] == 0.5


def test_pathway_part_counts_shared_pathways():
    parts = part_values(seeker(pathways={"smart"}), mentor(pathways={"smart", "faith"}))
    assert parts["pathway"] == 1.0


def test_language_part_is_one_when_any_language_is_shared():
    assert part_values(seeker(languages=("es",)), mentor(languages=("en", "es")))["language"] == 1
    assert part_values(seeker(languages=("vi",)), mentor(languages=("en",)))["language"] == 0


def test_identity_part_includes_veteran_status_for_veterans():
    parts = part_values(seeker(identities={"latine"}, veteran=True), mentor(veteran=True))
    assert parts["identity"] == 0.5


def test_availability_part_is_the_share_of_the_participants_slots():
    parts = part_values(
        seeker(availability={"tue_evening", "sat_morning"}), mentor(availability={"tue_evening"})
    )
    assert parts["availability"] == 0.5


def test_distance_part_falls_from_one_to_zero_over_forty_km():
    here = seeker(lat=41.0, lon=-81.5)
    assert part_values(here, mentor(lat=41.0, lon=-81.5))["distance"] == 1.0
    far = part_values(here, mentor(lat=42.0, lon=-81.5))["distance"]  # ~111 km
    assert far == 0.0
    assert part_values(here, mentor(lat=41.18, lon=-81.5))["distance"] == pytest.approx(
        1 - haversine_km(41.0, -81.5, 41.18, -81.5) / 40
    )


def test_distance_does_not_count_for_a_phone_only_participant():
    parts = part_values(seeker(lat=41.0, lon=-81.5, modes={"phone"}), mentor(lat=45.0, lon=-81))
    assert parts["distance"] is None


def test_parts_with_nothing_to_compare_leave_the_score():
    # Only experience is stated, and it is fully shared: 100, not diluted by empty parts.
    assert score_pair(seeker(lived_experience={"grief"}), mentor(lived_experience={"grief"})) == 100


def test_weights_and_importance_change_the_score():
    s = seeker(lived_experience={"grief"}, languages=("es",))
    m = mentor(lived_experience={"grief"}, languages=("en",))
    assert score_pair(s, m) == pytest.approx(100 * 3 / 5)
    assert score_pair(s, m, Weights(experience=1, language=1)) == pytest.approx(50)
    cares = seeker(lived_experience={"grief"}, languages=("es",), importance=(("language", 2.0),))
    assert score_pair(cares, m) == pytest.approx(100 * 3 / 7)


def test_weights_refuse_negative_numbers():
    with pytest.raises(ValueError, match="weight distance"):
        Weights(distance=-1)


def test_feasible_applies_each_must_have_only_when_present():
    assert feasible(seeker(), mentor())
    assert not feasible(seeker(must=Must(language="es")), mentor(languages=("en",)))
    assert not feasible(seeker(must=Must(mentor_gender="woman")), mentor(gender="man"))
    near = seeker(lat=41.0, lon=-81.5, must=Must(max_km=10))
    assert feasible(near, mentor(lat=41.05, lon=-81.5))
    assert not feasible(near, mentor(lat=41.2, lon=-81.5))
    assert not feasible(near, mentor())  # no home base: cannot promise in person nearby
    assert not feasible(seeker(modes={"phone"}), mentor(modes={"in_person"}))
    assert not feasible(seeker(), mentor(capacity=0))


def test_reasons_read_as_plain_words():
    s = seeker(veteran=True, languages=("es",), availability={"tue_evening"})
    m = mentor(veteran=True, languages=("es", "en"), availability={"tue_evening"})
    words = [explain_en(r) for r in reasons(s, m)]
    assert words == ["both are veterans", "both speak Spanish", "overlapping tue evening"]


def test_score_table_agrees_with_score_pair():
    people = [
        seeker(id=i, lived_experience={"opioids", "trauma"} if i % 2 else {"grief"},
               languages=("es",) if i % 3 else ("en",), veteran=i % 4 == 0,
               identities={"latine"} if i % 5 else set(), availability={"tue_evening"},
               lat=41.0 + i / 100, lon=-81.5, modes={"in_person"} if i % 2 else set(),
               importance=(("distance", 2.0),) if i % 3 == 0 else ())
        for i in range(12)
    ]  # fmt: skip
    mentors = [
        mentor(id=j, lived_experience={"opioids"} if j % 2 else {"grief", "trauma"},
               languages=("es", "en") if j % 2 else ("en",), veteran=j == 1,
               identities={"latine"}, availability={"tue_evening", "mon_morning"},
               lat=41.05 + j / 50 if j != 3 else None, lon=-81.52 if j != 3 else None)
        for j in range(5)
    ]  # fmt: skip
    table = ScoreTable(Instance(tuple(people), tuple(mentors)))
    matrix = table.matrix(block_rows=5)
    for i, s in enumerate(people):
        for j, m in enumerate(mentors):
            assert abs(matrix[i, j] - score_pair(s, m) * SCALE) <= 1


def test_score_table_marks_infeasible_and_forbidden_pairs():
    people = (seeker(id="a", must=Must(language="vi")), seeker(id="b"))
    mentors = (mentor(id="x", languages=("vi",)), mentor(id="y", languages=("en",)))
    table = ScoreTable(Instance(people, mentors, forbidden=frozenset({("b", "x")})))
    feasible_pairs = table.matrix() >= 0
    assert feasible_pairs.tolist() == [[True, False], [False, True]]
