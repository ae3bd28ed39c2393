"""Hashing for the audit chain: pure functions, no Django imports."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

#: The fields that are hashed, in order. Changing this list invalidates every chain.
HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "detail",
    "channel",
    "ip_address",
)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = {name: fields.get(name) for name in HASHED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    problem: str


def verify(events: Iterable[Mapping[str, Any]]) -> list[ChainProblem]:
    """Check events ordered by (chain, seq). Finds edited events (hash mismatch), deleted
    events (gap in seq or broken link) and re-ordered ones."""
    problems: list[ChainProblem] = []
    current_chain: int | None = None
    expected_prev = GENESIS
    expected_seq = 1
    for event in events:
        if event["chain"] != current_chain:
            current_chain = event["chain"]
            expected_prev, expected_seq = GENESIS, 1
        chain, seq = event["chain"], event["seq"]
        if seq != expected_seq:
            problems.append(
                ChainProblem(chain, seq, f"expected event {expected_seq}: missing events")
            )
        if event["prev_hash"] != expected_prev:
            problems.append(ChainProblem(chain, seq, "link to the previous event is broken"))
        if event_hash(event["prev_hash"], event) != event["hash"]:
            problems.append(ChainProblem(chain, seq, "event content does not match its hash"))
        expected_prev, expected_seq = event["hash"], seq + 1
    return problems
