"""Claims for a period: the eligibility check's input built from the database, and the
claim lines and rejects report it yields. Used by ``manage.py export_claims`` and the
``/billing/claims/`` page.

How it stays small and fast at 50,000 encounters a month:

- one pass over the period's encounters with ``values_list().iterator()`` — no model
  instances, no encrypted narrative loaded;
- which notes address a plan goal, participants, and certifications: one query each (for
  the whole set, never per encounter); users in two;
- each encounter is kept as one tuple plus one ``ClaimCandidate``; lines are produced
  lazily (``ClaimsReport.lines()``) and written straight to the output.

Units are computed here from the recorded start and end with the payer's *current* rule
(``billing.units_for``), so a claim always follows the rules a biller sees on the payer
page; the units stored on the encounter are what the peer saw when writing the note.

Security assumption: the caller has already checked the permission (CLAIMS_EXPORT) and
passes the organisation and, for a person, the participant scope they may see.
"""

from hearth.encounters.claims.candidates import (
    EARLIEST,
    LATEST,
    MAX_PERIOD_DAYS,
    build_claims_report,
    validate_period,
)
from hearth.encounters.claims.output import (
    csv_safe,
    iter_csv,
    iter_json,
    iter_output,
    write_output,
)
from hearth.encounters.claims.report import (
    CLAIM_COLUMNS,
    MEMBER_ID_NOTE,
    REASON_ORDER,
    REASON_TEXT,
    REJECT_COLUMNS,
    ClaimsReport,
)

__all__ = [
    "CLAIM_COLUMNS",
    "EARLIEST",
    "LATEST",
    "MAX_PERIOD_DAYS",
    "MEMBER_ID_NOTE",
    "REASON_ORDER",
    "REASON_TEXT",
    "REJECT_COLUMNS",
    "ClaimsReport",
    "build_claims_report",
    "csv_safe",
    "iter_csv",
    "iter_json",
    "iter_output",
    "validate_period",
    "write_output",
]
