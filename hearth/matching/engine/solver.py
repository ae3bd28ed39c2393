"""Batch matching, suggestions and the first-come baseline.

The batch objective is lexicographic: first the number of participants matched, then the
total compatibility. It is solved exactly as a min-cost max-flow (OR-Tools
``SimpleMinCostFlow.solve_max_flow_with_min_cost``): source → participant (capacity 1) →
mentor (capacity 1, cost ``MAX - score``) → sink (capacity = room left). Among maximum
flows the cheapest has the highest total score, because every maximum flow carries the
same number of units and each unit pays ``MAX`` once.

At 10,000 × 1,000 the feasible pairs run to millions, so the flow is first solved on a
candidate set (each participant's best ``candidates_per_participant`` mentors plus each
mentor's best participants) and then *certified* on the full set: potentials from the
residual graph (Bellman–Ford) must leave every left-out feasible pair with a non-negative
reduced cost. Any pair that fails is added and the flow solved again, so the answer is
always the optimum of the full problem (see docs/decisions/0010).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from hearth.matching.engine.instance import Instance, Seeker
from hearth.matching.engine.scoring import (
    SCALE,
    Reason,
    ScoreTable,
    Weights,
    haversine_km,
    language_name,
    meets_in_person,
    reasons,
)

MAX_UNITS = 100 * SCALE + 1


@dataclass(frozen=True)
class Assignment:
    participant: object
    mentor: object
    score: float  # 0–100, two decimals
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Unmatched:
    participant: object
    why: str  # a code: see ``UNMATCHED_CODES``
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    mentor: object
    score: float
    reasons: tuple[Reason, ...]


@dataclass
class MatchResult:
    assignments: list[Assignment]
    unmatched: list[Unmatched]
    #: Total compatibility of the assignments (points); the number matched comes first.
    objective: float
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def mean_score(self) -> float:
        return self.objective / self.matched if self.matched else 0.0


# --- the flow -------------------------------------------------------------------------------


def _flow(
    n_p: int, n_m: int, capacity: np.ndarray, tails: np.ndarray, heads: np.ndarray, units
) -> np.ndarray:
    """Min-cost max-flow on candidate pairs; returns a bool per pair: chosen?"""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n_p + n_m, n_p + n_m + 1
    p_nodes = np.arange(n_p, dtype=np.int64)
    m_nodes = np.arange(n_m, dtype=np.int64) + n_p
    tail = np.concatenate([np.full(n_p, source), tails, m_nodes])
    head = np.concatenate([p_nodes, heads + n_p, np.full(n_m, sink)])
    cap = np.concatenate([np.ones(n_p + len(tails), dtype=np.int64), capacity])
    cost = np.concatenate(
        [np.zeros(n_p, np.int64), MAX_UNITS - units.astype(np.int64), np.zeros(n_m, np.int64)]
    )
    flow.add_arcs_with_capacity_and_unit_cost(tail, head, cap, cost)
    # The max-flow variant sends as much as it can of the source's supply to the sink.
    flow.set_node_supply(source, n_p)
    flow.set_node_supply(sink, -n_p)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    pair_arcs = np.arange(n_p, n_p + len(tails))
    return flow.flows(pair_arcs) > 0


def _potentials(n_p, n_m, capacity, tails, heads, units, chosen, max_rounds) -> np.ndarray | None:
    """Node potentials proving the candidate flow optimal, or None if Bellman–Ford did
    not settle within ``max_rounds``.

    The flow is viewed as a min-cost circulation with pair cost ``-(BIG + score)`` and a
    free sink → source arc; BIG exceeds any total score, so the circulation's optimum is
    the lexicographic optimum. Distances from a virtual root (0 to every node) over the
    residual graph are valid potentials because the residual graph of an optimal
    circulation has no negative cycle."""
    big = MAX_UNITS * (n_p + 1)
    source, sink = n_p + n_m, n_p + n_m + 1
    w = -(big + units.astype(np.int64))
    matched_p = np.zeros(n_p, bool)
    matched_p[tails[chosen]] = True
    load = np.bincount(heads[chosen], minlength=n_m)
    p_idx, m_idx = np.arange(n_p), np.arange(n_m) + n_p
    t = [
        np.where(chosen, heads + n_p, tails),
        np.full(int((~matched_p).sum()), source),
        p_idx[matched_p],
        m_idx[load < capacity],
        np.full(int((load > 0).sum()), sink),
        [sink],
    ]
    h = [
        np.where(chosen, tails, heads + n_p),
        p_idx[~matched_p],
        np.full(int(matched_p.sum()), source),
        np.full(int((load < capacity).sum()), sink),
        m_idx[load > 0],
        [source],
    ]
    c = [
        np.where(chosen, -w, w),
        np.zeros(int((~matched_p).sum()), np.int64),
        np.zeros(int(matched_p.sum()), np.int64),
        np.zeros(int((load < capacity).sum()), np.int64),
        np.zeros(int((load > 0).sum()), np.int64),
        [0],
    ]
    if chosen.any():
        t.append([source])
        h.append([sink])
        c.append([0])
    tail = np.concatenate([np.asarray(x, np.int64) for x in t])
    head = np.concatenate([np.asarray(x, np.int64) for x in h])
    cost = np.concatenate([np.asarray(x, np.int64) for x in c])
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]])
    targets = head[starts]
    dist = np.zeros(n_p + n_m + 2, np.int64)
    for _ in range(max_rounds):
        best = np.minimum.reduceat(dist[tail] + cost, starts)
        improved = best < dist[targets]
        if not improved.any():
            return dist
        dist[targets[improved]] = best[improved]
    return None


def _candidates(scores: np.ndarray, per_participant: int, per_mentor: int) -> np.ndarray:
    """A bool mask of candidate pairs: each participant's best mentors and each mentor's
    best participants (feasible pairs only)."""
    feasible = scores >= 0
    keep = np.zeros_like(feasible)
    n_p, n_m = scores.shape
    if n_m > per_participant:
        top = np.argpartition(np.negative(scores), per_participant - 1, axis=1)
        top = top[:, :per_participant]
        keep[np.arange(n_p)[:, None], top] = True
    else:
        keep[:] = True
    if n_p > per_mentor:
        # Partition contiguous rows (one per mentor): much faster than along axis 0.
        # (a new array: never negate ``scores`` in place, even when .T is contiguous)
        by_mentor = np.ascontiguousarray(np.negative(scores.T))
        top = np.argpartition(by_mentor, per_mentor - 1, axis=1)[:, :per_mentor]
        keep[top, np.arange(n_m)[:, None]] = True
    else:
        keep[:] = True
    return keep & feasible


def optimise(
    scores: np.ndarray,
    capacity: np.ndarray,
    *,
    candidates_per_participant: int = 12,
    candidates_per_mentor: int = 40,
    max_rounds: int = 3000,
    block_rows: int = 1000,
) -> tuple[np.ndarray, dict]:
    """The lexicographic optimum on a score matrix (-1 = infeasible). Returns the mentor
    index per participant (-1 = unmatched) and solver statistics."""
    n_p, n_m = scores.shape
    capacity = np.maximum(capacity.astype(np.int64), 0)
    keep = _candidates(scores, candidates_per_participant, candidates_per_mentor)
    left_out = scores >= 0
    stats = {"feasible_pairs": int(left_out.sum()), "rounds": 0, "added_pairs": 0}
    left_out &= ~keep
    tails, heads = np.nonzero(keep)
    del keep
    big = MAX_UNITS * (n_p + 1)
    while True:
        stats["rounds"] += 1
        units = scores[tails, heads]
        chosen = _flow(n_p, n_m, capacity, tails, heads, units)
        stats["candidate_pairs"] = len(tails)
        if not left_out.any():
            break
        dist = _potentials(n_p, n_m, capacity, tails, heads, units, chosen, max_rounds)
        if dist is None:  # could not certify quickly: solve on every feasible pair
            extra_t, extra_h = np.nonzero(left_out)
        else:
            # A left-out arc p→m has reduced cost -(big + s) + d[p] - d[m]; it must be ≥ 0,
            # i.e. s ≤ (d[p] - big) - d[m]. Checked a block of participants at a time.
            row_bound = dist[:n_p] - big
            mentor_pot = dist[n_p : n_p + n_m]
            found = []
            for start in range(0, n_p, block_rows):
                rows = slice(start, min(start + block_rows, n_p))
                limit = row_bound[rows, None] - mentor_pot[None, :]
                bad = left_out[rows] & (scores[rows] > limit)
                if bad.any():
                    bt, bh = np.nonzero(bad)
                    found.append((bt + start, bh))
            if not found:
                break
            extra_t = np.concatenate([t for t, _h in found])
            extra_h = np.concatenate([h for _t, h in found])
        stats["added_pairs"] += len(extra_t)
        left_out[extra_t, extra_h] = False
        tails, heads = np.concatenate([tails, extra_t]), np.concatenate([heads, extra_h])
    mentor_of = np.full(n_p, -1, dtype=np.int64)
    mentor_of[tails[chosen]] = heads[chosen]
    return mentor_of, stats


# --- why someone could not be matched ---------------------------------------------------------

UNMATCHED_CODES = (
    "no_mentor_room",  # no mentor has room at all
    "no_language",  # detail: language code
    "no_gender",  # detail: gender
    "no_mentor_within",  # detail: km
    "no_mode",  # detail: modes
    "no_single_mentor",  # each must-have can be met, but not all by one mentor
    "capacity_taken",  # detail: number of mentors who could have served them
)


def why_unmatched(instance: Instance, seeker: Seeker, feasible_count: int) -> Unmatched:
    with_room = [m for m in instance.mentors if m.capacity > 0]
    must = seeker.must
    if not with_room:
        return Unmatched(seeker.id, "no_mentor_room")
    if must.language and not any(must.language in m.languages for m in with_room):
        return Unmatched(seeker.id, "no_language", (must.language,))
    if must.mentor_gender and not any(m.gender == must.mentor_gender for m in with_room):
        return Unmatched(seeker.id, "no_gender", (must.mentor_gender,))
    if must.max_km is not None and not any(
        m.has_location
        and meets_in_person(m)
        and haversine_km(seeker.lat, seeker.lon, m.lat, m.lon) <= must.max_km  # type: ignore[arg-type]
        for m in with_room
    ):
        return Unmatched(seeker.id, "no_mentor_within", (f"{must.max_km:g}",))
    if seeker.modes and not any(not m.modes or m.modes & seeker.modes for m in with_room):
        return Unmatched(seeker.id, "no_mode", tuple(sorted(seeker.modes)))
    if feasible_count == 0:
        return Unmatched(seeker.id, "no_single_mentor")
    return Unmatched(seeker.id, "capacity_taken", (str(feasible_count),))


def explain_unmatched_en(item: Unmatched) -> str:
    d = item.detail
    return {
        "no_mentor_room": lambda: "no mentor has room for another mentee",
        "no_language": lambda: f"no mentor speaks {language_name(d[0])}",
        "no_gender": lambda: f"no mentor with room is {d[0]}",
        "no_mentor_within": lambda: f"no mentor with room meets in person within {d[0]} km",
        "no_mode": lambda: f"no mentor meets by {' or '.join(x.replace('_', ' ') for x in d)}",
        "no_single_mentor": lambda: "no single mentor meets all of their must-haves",
        "capacity_taken": lambda: (
            f"the {d[0]} mentor(s) who meet their must-haves are full with others "
            "matched in this round"
        ),
    }[item.why]()


# --- public entry points ----------------------------------------------------------------------


def _result(instance: Instance, scores: np.ndarray, mentor_of: np.ndarray) -> MatchResult:
    assignments, unmatched = [], []
    total_units = 0
    feasible_counts = (scores >= 0).sum(axis=1)
    for i, seeker in enumerate(instance.participants):
        j = int(mentor_of[i])
        if j < 0:
            unmatched.append(why_unmatched(instance, seeker, int(feasible_counts[i])))
            continue
        mentor = instance.mentors[j]
        units = int(scores[i, j])
        total_units += units
        assignments.append(
            Assignment(seeker.id, mentor.id, units / SCALE, tuple(reasons(seeker, mentor)))
        )
    return MatchResult(assignments, unmatched, total_units / SCALE)


def solve(instance: Instance, weights: Weights | None = None, **options) -> MatchResult:
    """Match the whole waitlist (see the module docstring for the objective)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    table = ScoreTable(instance, weights)
    scores = table.matrix()
    mentor_of, stats = optimise(scores, table.capacity, **options)
    result = _result(instance, scores, mentor_of)
    result.stats = stats | {"cpu_seconds": round(time.process_time() - started_cpu, 3)}
    result.seconds = time.perf_counter() - started
    return result


def greedy_first_come(instance: Instance, weights: Weights | None = None) -> MatchResult:
    """The baseline a coordinator's memory gives: participants in waitlist order, each
    given the first listed mentor who meets their must-haves and still has room."""
    started, started_cpu = time.perf_counter(), time.process_time()
    table = ScoreTable(instance, weights)
    scores = table.matrix()
    room = table.capacity.copy()
    mentor_of = np.full(table.n_seekers, -1, dtype=np.int64)
    for i in range(table.n_seekers):
        options = np.flatnonzero((scores[i] >= 0) & (room > 0))
        if len(options):
            mentor_of[i] = options[0]
            room[options[0]] -= 1
    result = _result(instance, scores, mentor_of)
    result.seconds = time.perf_counter() - started
    result.stats = {"cpu_seconds": round(time.process_time() - started_cpu, 3)}
    return result


def suggest(
    instance: Instance, participant_id: object, k: int = 5, weights: Weights | None = None
) -> list[Suggestion]:
    """The ``k`` most compatible mentors with room who meet the participant's must-haves,
    best first (ties by mentor order)."""
    index = next((i for i, s in enumerate(instance.participants) if s.id == participant_id), None)
    if index is None:
        raise KeyError(participant_id)
    table = ScoreTable(instance, weights)
    row = table.block(slice(index, index + 1))[0]
    order = np.lexsort((np.arange(len(row)), -row))
    seeker = instance.participants[index]
    out = []
    for j in order[:k]:
        if row[j] < 0:
            break
        mentor = instance.mentors[int(j)]
        out.append(Suggestion(mentor.id, int(row[j]) / SCALE, tuple(reasons(seeker, mentor))))
    return out
