"""The lifecycle as plain data: every pair of statuses, for both sides."""

from __future__ import annotations

import itertools

import pytest

from hearth.referrals.lifecycle import (
    FHIR_TASK_STATUS,
    FINAL,
    MOVES,
    IllegalMove,
    Side,
    Status,
    check_move,
    next_statuses,
)

LEGAL_FOR_RECEIVER = {
    (Status.SENT, Status.ACCEPTED),
    (Status.SENT, Status.DECLINED),
    (Status.ACCEPTED, Status.IN_PROGRESS),
    (Status.ACCEPTED, Status.COMPLETED),
    (Status.ACCEPTED, Status.NOT_COMPLETED),
    (Status.IN_PROGRESS, Status.COMPLETED),
    (Status.IN_PROGRESS, Status.NOT_COMPLETED),
}
LEGAL_FOR_REFERRER = LEGAL_FOR_RECEIVER | {
    (Status.DRAFT, Status.SENT),
    (Status.DRAFT, Status.CANCELLED),
    (Status.SENT, Status.CANCELLED),
    (Status.ACCEPTED, Status.CANCELLED),
}
PAIRS = list(itertools.product(Status, Status))


@pytest.mark.parametrize(("current", "target"), PAIRS)
@pytest.mark.parametrize("side", list(Side))
def test_check_move_allows_exactly_the_legal_moves(current, target, side):
    legal = LEGAL_FOR_REFERRER if side == Side.REFERRER else LEGAL_FOR_RECEIVER
    if (current, target) in legal:
        assert check_move(current, target, side) is MOVES[(current, target)]
    else:
        with pytest.raises(IllegalMove):
            check_move(current, target, side)


def test_check_move_says_why_it_refused():
    cases = [
        (Status.SENT, Status.SENT, Side.REFERRER, "same"),
        (Status.COMPLETED, Status.IN_PROGRESS, Side.REFERRER, "final"),
        (Status.DRAFT, Status.COMPLETED, Side.REFERRER, "not_allowed"),
        (Status.DRAFT, Status.SENT, Side.RECEIVER, "side"),
        (Status.SENT, Status.CANCELLED, Side.RECEIVER, "side"),
    ]
    for current, target, side, code in cases:
        with pytest.raises(IllegalMove) as exc:
            check_move(current, target, side)
        assert exc.value.code == code


def test_declined_and_not_completed_need_their_reason_lists():
    assert MOVES[(Status.SENT, Status.DECLINED)].reason_list == "decline"
    for source in (Status.ACCEPTED, Status.IN_PROGRESS):
        assert MOVES[(source, Status.NOT_COMPLETED)].reason_list == "not_completed"
    others = [m for k, m in MOVES.items() if k[1] not in (Status.DECLINED, Status.NOT_COMPLETED)]
    assert all(m.reason_list is None for m in others)


def test_final_statuses_have_no_way_out():
    for status in FINAL:
        assert next_statuses(status, Side.REFERRER) == []
        assert next_statuses(status, Side.RECEIVER) == []


def test_next_statuses_in_lifecycle_order():
    assert next_statuses(Status.SENT, Side.REFERRER) == [
        Status.ACCEPTED,
        Status.DECLINED,
        Status.CANCELLED,
    ]
    assert next_statuses(Status.DRAFT, Side.RECEIVER) == []


def test_every_status_maps_to_a_fhir_task_status():
    fhir = {"draft", "requested", "accepted", "rejected", "in-progress", "failed", "completed"}
    assert set(FHIR_TASK_STATUS) == set(Status)
    assert set(FHIR_TASK_STATUS.values()) == fhir | {"cancelled"}
