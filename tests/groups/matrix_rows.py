"""Group routes × roles for tests/core/test_permission_matrix.py.

The group is facilitated by the specialist (so the supervisor, who does not facilitate
it, gets 404 on rosters and notes); managers and admins may read rosters and set groups
up; participants and community members join and keep their own calendar; the public
pages need no account."""

from __future__ import annotations

from hearth.core.policy import Role
from hearth.groups import notes, services
from tests.encounters.factories import InterventionFactory
from tests.groups.helpers import make_group, past_session
from tests.matrix import row

ALL = row(200, 200, 200, 200, 200, 200, 200, 200)
STAFF = row(302, 403, 403, 403, 200, 200, 200, 200)
MANAGE = row(302, 403, 403, 403, 403, 403, 200, 200)
MANAGE_POST = row(302, 403, 403, 403, 403, 403, 302, 302)
FACILITATE = row(302, 403, 403, 403, 200, 404, 200, 200)
JOIN = row(302, 200, 200, 403, 403, 403, 403, 403)
JOIN_POST = row(302, 302, 302, 403, 403, 403, 403, 403)
CHANGE_REGISTRATION = row(302, 404, 404, 404, 302, 302, 302, 302)


def group(world) -> dict:
    return {"pk": make_group(world).public_id}


def topic(world) -> dict:
    """Two topics: after one role removes topic 1, the other moves up and is topic 1."""
    g = make_group(world)
    for title in ("Budgets", "Shopping"):
        services.curriculum_item_add(actor=world.users[Role.ORG_ADMIN], group=g, title=title)
    return {"pk": g.public_id, "position": 1}


def programme(world) -> dict:
    make_group(world, programme=world.programme)
    return {"pk": world.programme.public_id}


def token(world) -> dict:
    return {"token": services.calendar_link_reset(actor=world.users[Role.COMMUNITY_MEMBER])}


def _registration(world):
    g = make_group(world)
    return services.registration_create(
        actor=world.users[Role.ORG_ADMIN], group=g, participant=world.mine
    )


def registration(world) -> dict:
    return {"pk": _registration(world).pk}


def _completed(world):
    """The participant's own record has a place in a course and came to enough meetings."""
    g = make_group(world, completion_required=1)
    reg = services.registration_join(actor=world.users[Role.PARTICIPANT], group=g)
    services.attendance_mark(
        actor=world.users[Role.PEER_SPECIALIST],
        session=past_session(g),
        registration=reg,
        present=True,
    )
    return reg


def completed_course(world) -> dict:
    return {"pk": _completed(world).group.public_id}


def completed_registration(world) -> dict:
    return {"pk": _completed(world).pk}


def session(world) -> dict:
    return {"pk": past_session(make_group(world)).public_id}


def future(world) -> dict:
    g = make_group(world)
    return {"pk": g.sessions.order_by("-starts_at").first().public_id}


def mark(world) -> dict:
    reg = _registration(world)
    return {"pk": past_session(reg.group).public_id, "registration": reg.pk}


def drafted_note(world) -> dict:
    reg = _registration(world)
    s = past_session(reg.group)
    peer = world.users[Role.PEER_SPECIALIST]
    services.attendance_mark(actor=peer, session=s, registration=reg, present=True)
    notes.group_note_save(
        actor=peer,
        session=s,
        shared={"place_of_service": "11", "mode": "in_person"},
        summary="Draft",
        next_steps="",
        interventions=[InterventionFactory(organisation=world.org)],
        lines={},
    )
    return {"pk": s.public_id}


def participant(world) -> dict:
    return {"pk": world.mine.public_id}


ROWS = {
    "groups:public_list": ("get", None, ALL),
    "groups:public_detail": ("get", group, ALL),
    "groups:group_ics": ("get", group, ALL),
    "groups:programme_ics": ("get", programme, ALL),
    "groups:person_ics": ("get", token, ALL),
    "groups:join": ("post", group, JOIN_POST),
    "groups:mine": ("get", None, JOIN),
    # Anyone who may have a calendar: people who join groups, and staff who run them.
    "groups:calendar_link": ("post", None, row(302, 302, 302, 403, 302, 302, 302, 302)),
    "groups:certificate": ("get", completed_course, row(302, 200, 404, 403, 403, 403, 403, 403)),
    # The registration is the specialist's participant's: their team and managers may change
    # it; nobody else can tell it exists.
    "groups:registration_cancel": ("post", registration, CHANGE_REGISTRATION),
    "groups:registration_channel": ("post", registration, CHANGE_REGISTRATION),
    "groups:staff_certificate": ("get", completed_registration, MANAGE),
    "groups:manage": ("get", None, STAFF),
    "groups:create": ("get", None, MANAGE),
    "groups:detail": ("get", group, STAFF),
    "groups:edit": ("get", group, MANAGE),
    "groups:register": ("get", group, STAFF),
    # An empty topic is refused with a message and sent back to the group.
    "groups:curriculum_add": ("post", group, MANAGE_POST),
    "groups:curriculum_edit": ("get", topic, MANAGE),
    "groups:curriculum_remove": ("post", topic, MANAGE_POST),
    "groups:attendance": ("get", group, FACILITATE),
    "groups:participant_attendance": (
        "get",
        participant,
        row(302, 403, 403, 403, 200, 200, 404, 200),
    ),
    "groups:roster": ("get", session, FACILITATE),
    # The first manager cancels it; the admin is then told it is already cancelled.
    "groups:session_cancel": ("post", future, MANAGE_POST),
    # An empty form is refused with a message and sent back to the group.
    "groups:session_move": ("post", future, MANAGE_POST),
    "groups:mark": ("post", mark, row(302, 403, 403, 403, 302, 404, 302, 302)),
    # An empty walk-in is refused with a message, nothing added.
    "groups:walk_in": ("post", session, row(302, 403, 403, 403, 400, 404, 400, 400)),
    # Writing group notes is the facilitating peer's (managers don't write encounters).
    "groups:note": ("get", session, row(302, 403, 403, 403, 200, 404, 403, 403)),
    "groups:cosign_review": ("get", drafted_note, row(302, 403, 403, 403, 403, 200, 403, 403)),
    # Nothing signed yet: the supervisor is told so and sent back.
    "groups:note_cosign": ("post", drafted_note, row(302, 403, 403, 403, 403, 302, 403, 403)),
}
