"""Writes to encounters and their progress notes.

Every function is atomic, validates, and writes its audit event (object types
"encounter" and "note"; details hold field names, counts and flags, never what was
written). A note is the legal record of a billable service: it changes only while it is a
draft; once signed it is locked and corrections are dated, signed addenda.

Security assumptions: callers pass records they fetched through
``hearth.encounters.selectors`` (so they are inside the actor's scope); the functions here
still check the role and who may act on the record, because the API calls them too.

The package splits along the domain's seams: ``rules`` (billing arithmetic, validation,
who may act), ``encounters`` and ``notes``. Import from here.
"""

from hearth.encounters.services.encounters import (
    encounter_create,
    encounter_log,
    encounter_record_view,
    encounter_revise,
    encounter_update,
    group_encounter_create,
)
from hearth.encounters.services.notes import (
    interventions_ensure_defaults,
    note_add_addendum,
    note_cosign,
    note_save_draft,
    note_sign,
)
from hearth.encounters.services.rules import (
    ENCOUNTER_FIELDS,
    NOTE_FIELDS,
    ConcurrentEditError,
    credential_on,
    locked_message,
    may_add_addendum,
    may_edit,
    minutes_between,
    org_zone,
    units_for_encounter,
    units_text,
)

__all__ = [
    "ENCOUNTER_FIELDS",
    "NOTE_FIELDS",
    "ConcurrentEditError",
    "credential_on",
    "encounter_create",
    "encounter_log",
    "encounter_record_view",
    "encounter_revise",
    "encounter_update",
    "group_encounter_create",
    "interventions_ensure_defaults",
    "locked_message",
    "may_add_addendum",
    "may_edit",
    "minutes_between",
    "note_add_addendum",
    "note_cosign",
    "note_save_draft",
    "note_sign",
    "org_zone",
    "units_for_encounter",
    "units_text",
]
