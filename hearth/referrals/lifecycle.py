"""The referral lifecycle as plain data: which status may follow which, who may make the
move, and whether it needs a reason. No Django imports, so it is tested directly and read
the same way by the services, the pages and the API.

Statuses follow the Task of the Gravity SDOH Clinical Care IG (FHIR R4), in our words:

    draft ──send──▶ sent ──accept──▶ accepted ──start──▶ in_progress ──▶ completed
      │               ├──decline──▶ declined       │                  └─▶ not_completed
      └─cancel        └─cancel                      ├──▶ completed / not_completed
                                                    └─cancel

``declined``, ``completed``, ``not_completed`` and ``cancelled`` are final.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    CANCELLED = "cancelled"


class Side(StrEnum):
    """Who is making the move: the referring peer (signed in) or the receiving
    organisation (through its link)."""

    REFERRER = "referrer"
    RECEIVER = "receiver"


#: FHIR Task.status for each of ours (for the API and for anyone mapping to the IG).
FHIR_TASK_STATUS = {
    Status.DRAFT: "draft",
    Status.SENT: "requested",
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "rejected",
    Status.IN_PROGRESS: "in-progress",
    Status.COMPLETED: "completed",
    Status.NOT_COMPLETED: "failed",
    Status.CANCELLED: "cancelled",
}

FINAL = frozenset({Status.DECLINED, Status.COMPLETED, Status.NOT_COMPLETED, Status.CANCELLED})
#: Statuses in which the referral has been shared with the receiving organisation.
SHARED = frozenset({Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS})


@dataclass(frozen=True)
class Move:
    sides: frozenset[Side]
    #: ``"decline"`` or ``"not_completed"``: the reason list the move must name one of.
    reason_list: str | None = None


_BOTH = frozenset({Side.REFERRER, Side.RECEIVER})
_REFERRER = frozenset({Side.REFERRER})

#: Every legal move. The referring peer may also record the receiver's answers (the
#: provider phoned instead of using the link); only the referrer sends or cancels.
MOVES: dict[tuple[Status, Status], Move] = {
    (Status.DRAFT, Status.SENT): Move(_REFERRER),
    (Status.DRAFT, Status.CANCELLED): Move(_REFERRER),
    (Status.SENT, Status.ACCEPTED): Move(_BOTH),
    (Status.SENT, Status.DECLINED): Move(_BOTH, reason_list="decline"),
    (Status.SENT, Status.CANCELLED): Move(_REFERRER),
    (Status.ACCEPTED, Status.IN_PROGRESS): Move(_BOTH),
    (Status.ACCEPTED, Status.COMPLETED): Move(_BOTH),
    (Status.ACCEPTED, Status.NOT_COMPLETED): Move(_BOTH, reason_list="not_completed"),
    (Status.ACCEPTED, Status.CANCELLED): Move(_REFERRER),
    (Status.IN_PROGRESS, Status.COMPLETED): Move(_BOTH),
    (Status.IN_PROGRESS, Status.NOT_COMPLETED): Move(_BOTH, reason_list="not_completed"),
}


class IllegalMove(Exception):
    """The move is not in ``MOVES`` for this side; ``code`` says why, for the message."""

    def __init__(self, code: str, current: Status, target: Status):
        super().__init__(f"{code}: {current} -> {target}")
        self.code = code  # "final", "not_allowed", "same", "side"
        self.current = current
        self.target = target


def check_move(current: str, target: str, side: Side) -> Move:
    """The ``Move`` from ``current`` to ``target`` for ``side``, or ``IllegalMove``."""
    current_s, target_s = Status(current), Status(target)
    if current_s == target_s:
        raise IllegalMove("same", current_s, target_s)
    if current_s in FINAL:
        raise IllegalMove("final", current_s, target_s)
    move = MOVES.get((current_s, target_s))
    if move is None:
        raise IllegalMove("not_allowed", current_s, target_s)
    if side not in move.sides:
        raise IllegalMove("side", current_s, target_s)
    return move


def next_statuses(current: str, side: Side) -> list[Status]:
    """Where ``side`` may take a referral that is ``current``, in lifecycle order."""
    order = list(Status)
    found = [t for (f, t), m in MOVES.items() if f == current and side in m.sides]
    return sorted(found, key=order.index)
