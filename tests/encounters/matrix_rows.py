"""Permission-matrix rows for the session and note pages (merged by
tests/core/test_permission_matrix.py). Records are sessions the specialist held with
``world.mine`` (on the specialist's caseload, so the supervisor's team too; outside the
manager's programme, so 404 for the manager where the role may look at all)."""

from __future__ import annotations

from hearth.core.policy import Role
from tests.encounters.factories import EncounterFactory, signed_encounter
from tests.matrix import row


def _participant(world) -> dict:
    return {"participant_pk": world.mine.public_id}


def _draft(world) -> dict:
    encounter = EncounterFactory(participant=world.mine, peer=world.users[Role.PEER_SPECIALIST])
    return {"pk": encounter.public_id}


def _signed(world) -> dict:
    encounter = signed_encounter(participant=world.mine, peer=world.users[Role.PEER_SPECIALIST])
    return {"pk": encounter.public_id}


ROWS = {
    "encounters:new": ("get", _participant, row(302, 403, 403, 403, 200, 200, 403, 403)),
    # An empty POST gives an empty preview, never an error.
    "encounters:units": ("post", None, row(302, 403, 403, 403, 200, 200, 403, 403)),
    "encounters:detail": ("get", _draft, row(302, 403, 403, 403, 200, 200, 404, 200)),
    # Only the peer who held the session edits or signs it; the supervisor sees it (403).
    "encounters:edit": ("get", _draft, row(302, 403, 403, 403, 200, 403, 403, 403)),
    # An empty POST lacks the version the signer read: refused as a bad request.
    "encounters:sign": ("post", _draft, row(302, 403, 403, 403, 400, 403, 403, 403)),
    # The specialist's supervisor co-signs (302 back to the note).
    "encounters:cosign": ("post", _signed, row(302, 403, 403, 403, 403, 302, 403, 403)),
    # The peer, their supervisor and an org admin may add addenda.
    "encounters:addendum": ("get", _signed, row(302, 403, 403, 403, 200, 200, 404, 200)),
}
