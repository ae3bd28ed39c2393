"""Warmline routes × roles for tests/core/test_permission_matrix.py.

The visitor's pages are public; without a chat in the session they show the front door
(200) or answer 404. The console needs ``HELPLINE_CONSOLE`` (peers,
supervisors, admins); the chat used is open with the specialist answering, so a
supervisor (watching the floor) and the admin may open it too. Nobody here is on shift,
so picking up is refused with a message (302 back to the console)."""

from __future__ import annotations

from tests.helpline.helpers import active_chat, open_line, waiting_chat
from tests.matrix import row

EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200)
NO_CHAT = row(404, 404, 404, 404, 404, 404, 404, 404)
CONSOLE = row(302, 403, 403, 403, 200, 200, 403, 200)
CONSOLE_POST = row(302, 403, 403, 403, 302, 302, 403, 302)
CONSOLE_BAD = row(302, 403, 403, 403, 400, 400, 403, 400)
SUPERVISE_POST = row(302, 403, 403, 403, 403, 302, 403, 302)
SHIFTS = row(302, 403, 403, 403, 403, 200, 200, 200)


def _line(world) -> dict:
    open_line(world)
    return {"org": world.org.slug}


def _active(world) -> dict:
    return {"public_id": active_chat(world).public_id}


def _waiting(world) -> dict:
    return {"public_id": waiting_chat(world)[0].public_id}


ROWS = {
    "helpline:visit": ("get", _line, EVERYONE),
    "helpline:visitor_chat": ("get", _line, EVERYONE),
    "helpline:visitor_messages": ("get", _line, NO_CHAT),
    "helpline:visitor_send": ("post", _line, NO_CHAT),
    "helpline:visitor_leave": ("post", _line, NO_CHAT),
    "helpline:visitor_feedback": ("post", _line, NO_CHAT),
    "helpline:console": ("get", None, CONSOLE),
    "helpline:queue": ("get", None, CONSOLE),
    "helpline:chat": ("get", _active, CONSOLE),
    "helpline:chat_messages": ("get", _active, CONSOLE),
    # An empty message is refused with a message and sent back to the chat.
    "helpline:chat_send": ("post", _active, CONSOLE_POST),
    "helpline:pick_up": ("post", _waiting, CONSOLE_POST),
    "helpline:transfer": ("post", _active, CONSOLE_BAD),
    "helpline:take_over": ("post", _active, SUPERVISE_POST),
    "helpline:end": ("post", _active, CONSOLE_BAD),
    "helpline:shifts": ("get", None, SHIFTS),
}
