"""Plan routes × roles for tests/core/test_permission_matrix.py.

The participant is ``world.mine``: on the specialist's caseload (so the supervisor's team),
outside the manager's programme (404 for reading), and the manager and admin may read
plans but not change them (403 on every editing route, before any lookup)."""

from __future__ import annotations

from hearth.core.policy import Role
from hearth.plans import services
from tests.matrix import row
from tests.plans.helpers import active_plan, goal, step

READ = row(302, 403, 403, 403, 200, 200, 404, 200)
EDIT_GET = row(302, 403, 403, 403, 200, 200, 403, 403)
EDIT_POST_OK = row(302, 403, 403, 403, 302, 302, 403, 403)
EDIT_POST_BAD = row(302, 403, 403, 403, 400, 400, 403, 403)
OWN = row(302, 200, 403, 403, 403, 403, 403, 403)
OWN_POST = row(302, 302, 403, 403, 403, 403, 403, 403)


def participant(world) -> dict:
    return {"pk": world.mine.public_id}


def with_plan(world) -> dict:
    active_plan(world)
    return participant(world)


def archived_plan(world) -> dict:
    old = active_plan(world)
    services.recovery_plan_start(actor=world.users[Role.PEER_SPECIALIST], participant=world.mine)
    return {"pk": world.mine.public_id, "plan_id": old.public_id}


def with_goal(world) -> dict:
    return {"pk": world.mine.public_id, "goal_id": goal(world).pk}


def with_step(world) -> dict:
    return {"pk": world.mine.public_id, "step_id": step(world).pk}


def own_plan(world) -> dict:
    active_plan(world, world.own_record)
    return {}


ROWS = {
    "plans:recovery": ("get", participant, READ),
    "plans:recovery_archived": ("get", archived_plan, READ),
    "plans:recovery_new": ("get", participant, EDIT_GET),
    "plans:recovery_edit": ("get", with_plan, EDIT_GET),
    "plans:recovery_reviewed": ("post", with_plan, EDIT_POST_OK),
    # An empty post is refused with a message and sent back to the plan.
    "plans:recovery_agreed": ("post", with_plan, EDIT_POST_OK),
    "plans:goal_add": ("get", with_plan, EDIT_GET),
    "plans:goal_edit": ("get", with_goal, EDIT_GET),
    "plans:step_add": ("post", with_goal, EDIT_POST_BAD),
    "plans:progress_add": ("post", with_goal, EDIT_POST_BAD),
    "plans:step_done": ("post", with_step, EDIT_POST_OK),
    "plans:wellness": ("get", participant, READ),
    "plans:wellness_edit": ("get", participant, EDIT_GET),
    "plans:safety": ("get", participant, READ),
    "plans:safety_edit": ("get", participant, EDIT_GET),
    "plans:safety_pdf": ("get", participant, READ),
    "plans:mine_recovery": ("get", None, OWN),
    "plans:mine_recovery_agree": ("post", own_plan, OWN_POST),
    "plans:mine_wellness": ("get", None, OWN),
    "plans:mine_safety": ("get", None, OWN),
    "plans:mine_safety_pdf": ("get", None, OWN),
    "plans:mine_record_pdf": ("get", None, OWN),
}
