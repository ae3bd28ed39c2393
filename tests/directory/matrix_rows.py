"""Directory pages × roles. The participant is ``world.mine``: on the specialist's caseload
(so the supervisor's team), outside the manager's programme (404), in the admin's
organisation. Clinicians do no casework here (403) but may suggest corrections."""

from __future__ import annotations

import uuid

from hearth.core.policy import Role
from hearth.directory.models import ListingCorrection
from tests.directory.helpers import service
from tests.matrix import row

PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200)
CONNECT_GET = row(302, 403, 403, 403, 200, 200, 404, 200)
CONNECT_POST = row(302, 403, 403, 403, 302, 302, 404, 302)
STAFF = row(302, 403, 403, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(302, 403, 403, 403, 403, 403, 403, 200)


def participant(world) -> dict:
    return {"pk": world.mine.public_id}


def missing_item(world) -> dict:
    return {"pk": world.mine.public_id, "item_id": uuid.uuid4()}


def listing(world) -> dict:
    return {"service_id": service("matrix-listing").id}


def correction(world) -> dict:
    c = ListingCorrection.objects.create(
        organisation=world.org,
        service=service("matrix-listing"),
        field_name="name",
        current_value="Matrix-Listing",
        proposed_value="New name",
        suggested_by=world.users[Role.PEER_SPECIALIST],
    )
    return {"correction_id": c.public_id}


ROWS = {
    "find_help:search": ("get", None, PUBLIC),
    "find_help:service": ("get", listing, PUBLIC),
    "directory:connect": ("get", participant, CONNECT_GET),
    "directory:save": ("post", participant, CONNECT_POST),
    # A random item id: 404 for everyone allowed to try (removal is tested in test_pages).
    "directory:remove": ("post", missing_item, row(302, 403, 403, 403, 404, 404, 404, 404)),
    "directory:print": ("get", participant, CONNECT_GET),
    "directory:send": ("post", participant, CONNECT_POST),
    "directory:suggest": ("get", listing, STAFF),
    "directory:corrections": ("get", None, ADMIN_ONLY),
    # An empty decision goes back to the list with a message.
    "directory:review": ("post", correction, row(302, 403, 403, 403, 403, 403, 403, 302)),
    "directory:export_json": ("get", None, STAFF),
    "directory:export_zip": ("get", None, STAFF),
}
