"""Pages for groups: the public listing and group pages (no sign-in), joining and "my
groups" (participants and community members), the staff pages to set groups up, and the
facilitator's phone roster and group note. Views parse input and call services and
selectors; records outside the user's reach are 404s (from the selectors).

One module per audience: ``public``, ``staff``, ``facilitator``."""

from __future__ import annotations

from hearth.groups.views.facilitator import (  # noqa: F401
    cosign_review,
    group_note,
    mark,
    note_cosign,
    roster,
    walk_in,
)
from hearth.groups.views.public import (  # noqa: F401
    calendar_link,
    certificate,
    group_ics,
    join,
    mine,
    person_ics,
    programme_ics,
    public_detail,
    public_list,
    registration_cancel,
    registration_channel,
)
from hearth.groups.views.staff import (  # noqa: F401
    attendance,
    create,
    curriculum_add,
    curriculum_edit,
    curriculum_remove,
    detail,
    edit,
    manage,
    participant_attendance,
    register,
    session_cancel,
    session_move,
    staff_certificate,
)
