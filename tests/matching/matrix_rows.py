"""Mentoring routes × roles for tests/core/test_permission_matrix.py.

The participant is ``world.mine``: on the specialist's caseload (so the supervisor's
team), outside the manager's programme (404 on their record routes), and in the admin's
organisation. Coordinators are supervisors, managers and admins; mentor profiles belong
to managers and admins; the mentor is the specialist; the participant is ``own_record``.
One world serves every role in turn, so POST rows hold whatever order they run in."""

from __future__ import annotations

from hearth.core.policy import Role
from tests.matching import helpers
from tests.matrix import row

COORD = row(302, 403, 403, 403, 403, 200, 200, 200)
COORD_POST = row(302, 403, 403, 403, 403, 302, 302, 302)
RECORD = row(302, 403, 403, 403, 403, 200, 404, 200)
RECORD_POST = row(302, 403, 403, 403, 403, 302, 404, 302)
MANAGE = row(302, 403, 403, 403, 403, 403, 200, 200)
MENTOR = row(302, 403, 403, 403, 200, 200, 403, 403)
OWN = row(302, 200, 403, 403, 403, 403, 403, 403)
OWN_POST = row(302, 302, 403, 403, 403, 403, 403, 403)


def with_waiting(world) -> dict:
    helpers.waiting(world)
    return {}


def run(world) -> dict:
    from hearth.matching import selectors, services

    helpers.mentor(world)
    helpers.waiting(world)
    admin = world.users[Role.ORG_ADMIN]
    batch = services.matching_run(actor=admin, waitlist=selectors.waitlist_for(admin))
    return {"pk": batch.public_id}


def request(world) -> dict:
    return {"pk": helpers.waiting(world).public_id}


def offer(world) -> dict:
    item = helpers.waiting(world)
    return {"pk": item.public_id, "mentor_id": helpers.mentor(world).public_id}


def match(world) -> dict:
    return {"pk": helpers.proposal(world).public_id}


def match_side(world) -> dict:
    return match(world) | {"side": "mentor"}


def profile(world) -> dict:
    return {"pk": helpers.mentor(world).public_id}


def specialist_offer(world) -> dict:
    return {"pk": helpers.offer_to_specialist(world).public_id}


def own_choice(world) -> dict:
    helpers.waiting(world, world.own_record)
    return {"mentor_id": helpers.mentor(world).public_id}


def own_offer(world) -> dict:
    return {"pk": helpers.own_offer(world).public_id}


ROWS = {
    "matching:waitlist": ("get", with_waiting, COORD),
    "matching:run": ("post", with_waiting, COORD_POST),
    "matching:run_detail": ("get", run, COORD),
    "matching:run_approve": ("post", run, COORD_POST),
    "matching:request_new": ("get", None, COORD),
    "matching:request_detail": ("get", request, RECORD),
    "matching:request_edit": ("get", request, RECORD),
    "matching:request_offer": ("post", offer, RECORD_POST),
    "matching:match_detail": ("get", match, RECORD),
    "matching:match_set_aside": ("post", match, RECORD_POST),
    "matching:match_accept": ("post", match_side, RECORD_POST),
    # An empty form is refused with its errors (400), after the scope check (404).
    "matching:match_end": ("post", match, row(302, 403, 403, 403, 403, 400, 404, 400)),
    "matching:outcomes": ("get", None, COORD),
    "matching:mentors": ("get", None, MANAGE),
    "matching:mentor_new": ("get", None, MANAGE),
    "matching:mentor_edit": ("get", profile, MANAGE),
    "matching:mentoring": ("get", None, MENTOR),
    # The offer is on the specialist's own profile; a decline without a reason is a 400.
    "matching:mentoring_respond": (
        "post",
        specialist_offer,
        row(302, 403, 403, 403, 400, 404, 403, 403),
    ),
    "matching:mine": ("get", None, OWN),
    "matching:mine_choose": ("post", own_choice, OWN_POST),
    "matching:mine_respond": ("post", own_offer, OWN_POST),
}

ROWS["matching:programme_weights"] = ("get", "programme", MANAGE)
