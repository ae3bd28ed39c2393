"""The solver: properties over random instances (hypothesis), brute force on tiny ones,
a max-flow on the feasibility graph for the number matched, and the certificate that
lets the solver work on a candidate subset of pairs."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from hearth.matching.engine import Instance, Mentor, Must, Seeker, greedy_first_come, solve, suggest
from hearth.matching.engine.scoring import SCALE, ScoreTable, feasible
from hearth.matching.engine.solver import explain_unmatched_en, optimise

TAGS = ["opioids", "alcohol", "trauma", "grief"]
SLOTS = ["mon_morning", "tue_evening", "sat_morning"]


@st.composite
def people(draw, mentor: bool, index: int):
    lat = draw(st.one_of(st.none(), st.floats(40.9, 41.2)))

    def some(options, n):
        return frozenset(draw(st.lists(st.sampled_from(options), max_size=n)))

    common = {
        "id": f"{'m' if mentor else 'p'}{index}",
        "languages": tuple(sorted(some(["en", "es", "vi"], 2))),
        "gender": draw(st.sampled_from(["woman", "man", "nonbinary", ""])),
        "veteran": draw(st.booleans()),
        "lived_experience": some(TAGS, 3),
        "pathways": some(["smart", "faith"], 2),
        "identities": some(["latine", "lgbtq"], 2),
        "availability": some(SLOTS, 3),
        "lat": lat,
        "lon": None if lat is None else draw(st.floats(-81.7, -81.3)),
        "modes": some(["in_person", "phone", "video"], 2),
    }
    if mentor:
        return Mentor(**common, capacity=draw(st.integers(0, 3)))
    must = Must(
        language=draw(st.one_of(st.none(), st.sampled_from(["en", "es", "vi"]))),
        mentor_gender=draw(st.one_of(st.none(), st.sampled_from(["woman", "man"]))),
        max_km=draw(st.one_of(st.none(), st.floats(1, 40))) if lat is not None else None,
    )
    return Seeker(**common, must=must)


@st.composite
def instances(draw, max_participants=8, max_mentors=4):
    n_p = draw(st.integers(0, max_participants))
    n_m = draw(st.integers(0, max_mentors))
    return Instance(
        participants=tuple(draw(people(False, i)) for i in range(n_p)),
        mentors=tuple(draw(people(True, j)) for j in range(n_m)),
    )


def _max_matchable(instance: Instance) -> int:
    """Max-flow on the feasibility graph (source → participant → mentor → sink)."""
    n_p, n_m = len(instance.participants), len(instance.mentors)
    if not n_p or not n_m:
        return 0
    source, sink = n_p + n_m, n_p + n_m + 1
    rows, cols, caps = [], [], []
    for i, s in enumerate(instance.participants):
        rows.append(source), cols.append(i), caps.append(1)
        for j, m in enumerate(instance.mentors):
            if feasible(s, m):
                rows.append(i), cols.append(n_p + j), caps.append(1)
    for j, m in enumerate(instance.mentors):
        rows.append(n_p + j), cols.append(sink), caps.append(max(m.capacity, 0))
    graph = csr_array((np.array(caps, np.int32), (rows, cols)), shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, source, sink).flow_value)


def _brute_force(instance: Instance) -> tuple[int, int]:
    """(most matched, best total units) by trying every assignment."""
    scores = ScoreTable(instance).matrix()
    n_p, n_m = scores.shape
    best = (0, 0)
    for choice in itertools.product(range(-1, n_m), repeat=n_p):
        load = [0] * n_m
        matched = total = 0
        ok = True
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if scores[i, j] < 0 or load[j] >= instance.mentors[j].capacity:
                ok = False
                break
            load[j] += 1
            matched += 1
            total += int(scores[i, j])
        if ok:
            best = max(best, (matched, total))
    return best


def _check_valid(instance: Instance, result) -> None:
    by_id = {m.id: m for m in instance.mentors}
    seekers = {s.id: s for s in instance.participants}
    loads: dict = {}
    for a in result.assignments:
        assert feasible(seekers[a.participant], by_id[a.mentor])
        loads[a.mentor] = loads.get(a.mentor, 0) + 1
    assert all(loads[m] <= by_id[m].capacity for m in loads)
    listed = [a.participant for a in result.assignments] + [u.participant for u in result.unmatched]
    assert sorted(listed) == sorted(seekers)  # nobody silently dropped


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solve_keeps_capacities_and_must_haves_and_matches_the_maximum(instance):
    result = solve(instance)

    _check_valid(instance, result)
    assert result.matched == _max_matchable(instance)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=5, max_mentors=3))
def test_solve_objective_equals_brute_force_on_small_instances(instance):
    result = solve(instance)

    matched, units = _brute_force(instance)
    assert (result.matched, round(result.objective * SCALE)) == (matched, units)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=14, max_mentors=6))
def test_candidate_subset_with_certificate_equals_solving_every_pair(instance):
    table = ScoreTable(instance)
    scores = table.matrix()
    full, _ = optimise(
        scores, table.capacity, candidates_per_participant=10**6, candidates_per_mentor=10**6
    )
    pruned, stats = optimise(
        scores, table.capacity, candidates_per_participant=1, candidates_per_mentor=1
    )

    def value(mentor_of):
        chosen = [(i, j) for i, j in enumerate(mentor_of) if j >= 0]
        return len(chosen), sum(int(scores[i, j]) for i, j in chosen)

    assert value(pruned) == value(full)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_greedy_first_come_keeps_capacities_and_must_haves(instance):
    result = greedy_first_come(instance)

    _check_valid(instance, result)
    assert result.matched <= _max_matchable(instance)


def test_solve_prefers_matching_more_people_over_a_higher_total():
    # p0 fits both mentors; p1 only fits m0. Maximising the total alone would give m0
    # to p0 (a perfect match) and leave p1 out; the lexicographic objective matches both.
    p0 = Seeker(id="p0", lived_experience=frozenset({"grief"}))
    p1 = Seeker(id="p1", lived_experience=frozenset({"opioids"}), must=Must(language="es"))
    m0 = Mentor(id="m0", languages=("es",), lived_experience=frozenset({"grief"}), capacity=1)
    m1 = Mentor(id="m1", capacity=1)

    result = solve(Instance((p0, p1), (m0, m1)))

    assert {(a.participant, a.mentor) for a in result.assignments} == {("p0", "m1"), ("p1", "m0")}


def test_unmatched_participants_carry_the_reason():
    instance = Instance(
        participants=(
            Seeker(id="vi", languages=("vi",), must=Must(language="vi")),
            Seeker(id="far", lat=41.0, lon=-81.5, must=Must(max_km=5)),
            Seeker(id="both", must=Must(language="es", mentor_gender="man")),
            Seeker(id="first"),
            Seeker(id="second"),
            Seeker(id="third"),
        ),
        mentors=(
            Mentor(id="a", languages=("es",), gender="woman", lat=42.0, lon=-81.5, capacity=1),
            Mentor(id="b", languages=("en",), gender="man", capacity=0),
            Mentor(id="c", languages=("en",), gender="man", capacity=1),
        ),
    )

    result = solve(instance)

    why = {u.participant: explain_unmatched_en(u) for u in result.unmatched}
    assert why["vi"] == "no mentor speaks Vietnamese"
    assert why["far"] == "no mentor with room meets in person within 5 km"
    assert why["both"] == "no single mentor meets all of their must-haves"
    assert result.matched == 2  # a and c have one place each
    assert (
        list(why.values()).count(
            "the 2 mentor(s) who meet their must-haves are full with others matched in this round"
        )
        == 1
    )


def test_suggest_gives_the_best_feasible_mentors_in_order():
    s = Seeker(id="p", lived_experience=frozenset({"grief", "trauma"}))
    mentors = tuple(
        Mentor(id=f"m{k}", lived_experience=frozenset(tags), capacity=cap)
        for k, (tags, cap) in enumerate(
            [({"grief"}, 1), ({"grief", "trauma"}, 1), ({"grief", "trauma"}, 0), (set(), 2)]
        )
    )

    suggestions = suggest(Instance((s,), mentors), "p", k=5)

    assert [x.mentor for x in suggestions] == ["m1", "m0", "m3"]
    assert suggestions[0].score == 100
