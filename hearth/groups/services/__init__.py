"""Writes for groups, one module per part of the work: ``schedules`` (a group and its
meetings, materialised as rows; cancelling or moving one), ``curriculum`` (a course's
session topics), ``registration`` (places and the waitlist), ``attendance`` (marks and
walk-ins) and ``calendar`` (private feed links and due reminders). Everything is
importable from ``hearth.groups.services``. Group notes are in ``hearth.groups.notes``.

Every function is atomic and writes its audit event (object types "group",
"group_session", "group_registration", "group_attendance"; details hold codes and counts,
never names). Messages are sent by tasks enqueued after commit.

Capacity is a database guarantee, not a check-then-write: a place is taken by one
conditional ``UPDATE … SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity``
(and a CHECK constraint on the column). Two people taking the last place at the same
moment both run that statement; the database serialises them on the row, so exactly one
update matches and the other person goes on the waitlist.
"""

from __future__ import annotations

from hearth.groups.services._base import GROUP_FIELDS, HORIZON  # noqa: F401
from hearth.groups.services.attendance import (  # noqa: F401
    attendance_add_walk_in,
    attendance_mark,
    may_facilitate,
)
from hearth.groups.services.calendar import (  # noqa: F401
    calendar_link_reset,
    reminders_send_due,
    token_hash,
)
from hearth.groups.services.curriculum import (  # noqa: F401
    curriculum_item_add,
    curriculum_item_remove,
    curriculum_item_update,
)
from hearth.groups.services.registration import (  # noqa: F401
    may_change_registration,
    registration_cancel,
    registration_create,
    registration_join,
    registration_set_channel,
)
from hearth.groups.services.schedules import (  # noqa: F401
    expand_group,
    group_create,
    group_schedule_sync,
    group_update,
    listing_changed,
    listing_version,
    next_starts_refresh,
    schedule_errors,
    session_cancel,
    session_move,
)
