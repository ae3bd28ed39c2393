"""The claims report: the columns of a claim line and of the rejects report, the plain
words for each reason, and ``ClaimsReport``, which presents each checked encounter as a
line or a reject. Built by ``candidates.build_claims_report``; written by ``output``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from hearth.encounters.billing import ClaimCandidate, Reason, UnitRule, units_for
from hearth.encounters.models import NoteStatus, Payer
from hearth.organisations.models import Organisation

CLAIM_COLUMNS = (
    "encounter_id",
    "participant_id",
    "member_id",
    "participant_name",
    "date_of_birth",
    "service_date",
    "start_time",
    "end_time",
    "minutes",
    "hcpcs_code",
    "modifiers",
    "units",
    "place_of_service",
    "payer",
    "rendering_peer",
    "rendering_credential",
    "supervising_professional",
    "supervising_credential",
    "cosigned",
)
REJECT_COLUMNS = (
    "encounter_id",
    "participant_id",
    "participant_name",
    "service_date",
    "start_time",
    "rendering_peer",
    "payer",
    "units",
    "reasons",
    "reason_labels",
)

#: Medicaid member IDs are not recorded in Hearth yet; the column is kept (empty) so the
#: file's shape will not change when they are.
MEMBER_ID_NOTE = _(
    "The member_id column is empty: Hearth does not record Medicaid member IDs yet. "
    "Add them from your billing system before you submit the claims."
)

REASON_TEXT = {
    Reason.NOT_BILLABLE: _("Not a billable kind of contact (outreach or a contact attempt)"),
    Reason.NO_PAYER: _("No payer recorded for the session"),
    Reason.NO_NOTE: _("No progress note written"),
    Reason.UNSIGNED: _("The progress note is not signed"),
    Reason.MISSING_COSIGNATURE: _(
        "The payer requires a supervisor's co-signature and the note has none"
    ),
    Reason.ZERO_UNITS: _("Too short for a unit under the payer's rounding rule"),
    Reason.OVER_DAILY_CAP: _("Over the payer's daily unit limit for this participant"),
    Reason.RENDERER_NOT_CERTIFIED: _("The peer had no valid certification on the date of service"),
    Reason.OVERLAPPING: _("Overlaps another session of the same peer"),
    Reason.NO_PLAN_GOAL: _("The note addresses no goal from the participant's recovery plan"),
}
#: The order reasons are shown in: the ones a peer or supervisor can fix first.
REASON_ORDER = [
    Reason.UNSIGNED,
    Reason.MISSING_COSIGNATURE,
    Reason.NO_NOTE,
    Reason.NO_PLAN_GOAL,
    Reason.OVERLAPPING,
    Reason.RENDERER_NOT_CERTIFIED,
    Reason.OVER_DAILY_CAP,
    Reason.ZERO_UNITS,
    Reason.NO_PAYER,
    Reason.NOT_BILLABLE,
]

# What is read for each encounter, in this order (see the indexes below). Participants
# are read once each, separately, rather than joined onto 50,000 rows.
_FIELDS = (
    "pk",
    "public_id_text",
    "participant_id",
    "peer_id",
    "kind",
    "payer_id",
    "place_of_service",
    "starts_at",
    "ends_at",
    "note__pk",
    "note__status",
    "note__cosigned_by_id",
    "note__cosigner_credential",
    "group_note_id",
)
(
    _PK,
    _PUBLIC_ID,
    _PARTICIPANT,
    _PEER,
    _KIND,
    _PAYER,
    _POS,
    _STARTS,
    _ENDS,
    _NOTE,
    _NOTE_STATUS,
    _COSIGNER,
    _COSIGNER_CREDENTIAL,
    _GROUP_NOTE,
) = range(len(_FIELDS))


@dataclass
class _Person:
    name: str
    credential: str
    supervisor_id: int | None


@dataclass
class _Participant:
    public_id: str
    name: str
    date_of_birth: str


@dataclass
class _PayerRules:
    """What the check and the lines need from a payer, worked out once per export."""

    payer: Payer
    rule: UnitRule
    modifiers: list[str]
    units: dict[int, int] = field(default_factory=dict)  # minutes -> units, memoised

    def units_for(self, minutes: int) -> int:
        found = self.units.get(minutes)
        if found is None:
            found = self.units[minutes] = units_for(minutes, self.rule)
        return found


def _hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


@dataclass
class ClaimsReport:
    """The outcome of checking a period's encounters. ``lines()`` and ``rejects()`` are
    generators, so writing 50,000 lines never holds 50,000 dicts."""

    organisation: Organisation
    start: date
    end: date
    payer: Payer | None
    tz: ZoneInfo
    payers: dict[int, _PayerRules]
    people: dict[int, _Person]
    participants: dict[int, _Participant]
    certifications: dict[int, list[tuple[date, date | None, str]]]
    billed: list[tuple[tuple, ClaimCandidate]] = field(default_factory=list)
    rejected: list[tuple[tuple, ClaimCandidate]] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return len(self.billed)

    @property
    def reject_count(self) -> int:
        return len(self.rejected)

    @property
    def units_total(self) -> int:
        return sum(c.billed_units for _row, c in self.billed)

    def line_values(self) -> Iterator[list]:
        """Each claim line as values in ``CLAIM_COLUMNS`` order (the fast path for CSV)."""
        for row, candidate in self.billed:
            yield self._line(row, candidate)

    def reject_values(self) -> Iterator[list]:
        for row, candidate in self.rejected:
            yield self._reject(row, candidate)

    def lines(self) -> Iterator[dict[str, Any]]:
        for values in self.line_values():
            yield dict(zip(CLAIM_COLUMNS, values, strict=True))

    def rejects(self) -> Iterator[dict[str, Any]]:
        for values in self.reject_values():
            yield dict(zip(REJECT_COLUMNS, values, strict=True))

    def reasons_summary(self, *, sample: int = 50) -> list[dict[str, Any]]:
        """Rejects grouped by reason, most actionable first: code, plain words, count, and
        up to ``sample`` encounters (an encounter with two reasons is under both)."""
        groups: dict[Reason, list] = defaultdict(list)
        counts: Counter[Reason] = Counter()
        for row, candidate in self.rejected:
            for reason in candidate.reasons:
                counts[reason] += 1
                if len(groups[reason]) < sample:
                    values = self._reject(row, candidate)
                    groups[reason].append(dict(zip(REJECT_COLUMNS, values, strict=True)))
        return [
            {
                "reason": reason.value,
                "label": REASON_TEXT[reason],
                "count": counts[reason],
                "encounters": groups[reason],
                "more": counts[reason] - len(groups[reason]),
            }
            for reason in REASON_ORDER
            if counts[reason]
        ]

    # -- presenting one encounter ------------------------------------------------------

    def _renderer_credential(self, peer_id: int, day: date) -> str:
        for issued_on, expires_on, name in self.certifications.get(peer_id, ()):
            if issued_on <= day and (expires_on is None or day <= expires_on):
                return name
        person = self.people.get(peer_id)
        return person.credential if person else ""

    def _supervising(self, row: tuple) -> tuple[str, str]:
        """The co-signer when the note is co-signed, otherwise the renderer's supervisor."""
        if row[_NOTE_STATUS] == NoteStatus.COSIGNED and row[_COSIGNER]:
            cosigner = self.people.get(row[_COSIGNER])
            name = cosigner.name if cosigner else ""
            return name, row[_COSIGNER_CREDENTIAL] or (cosigner.credential if cosigner else "")
        renderer = self.people.get(row[_PEER])
        supervisor = self.people.get(renderer.supervisor_id) if renderer else None
        return (supervisor.name, supervisor.credential) if supervisor else ("", "")

    def _line(self, row: tuple, candidate: ClaimCandidate) -> list:
        rules = self.payers[row[_PAYER]]
        participant = self.participants[row[_PARTICIPANT]]
        renderer = self.people.get(row[_PEER])
        supervisor, supervisor_credential = self._supervising(row)
        tz = self.tz
        modifiers = rules.modifiers
        if row[_GROUP_NOTE] is not None and rules.payer.group_modifier:
            # A group session: the payer's group modifier (HQ) after its own.
            modifiers = [*modifiers, rules.payer.group_modifier]
        return [
            _uuid_text(row[_PUBLIC_ID]),
            participant.public_id,
            "",  # member_id: see MEMBER_ID_NOTE
            participant.name,
            participant.date_of_birth,
            candidate.service_date.isoformat(),
            _hhmm(row[_STARTS].astimezone(tz)),
            _hhmm(row[_ENDS].astimezone(tz)),
            _minutes(row[_STARTS], row[_ENDS]),
            rules.payer.hcpcs_code,
            modifiers,
            candidate.billed_units,
            row[_POS],
            rules.payer.name,
            renderer.name if renderer else "",
            self._renderer_credential(row[_PEER], candidate.service_date),
            supervisor,
            supervisor_credential,
            row[_NOTE_STATUS] == NoteStatus.COSIGNED,
        ]

    def _reject(self, row: tuple, candidate: ClaimCandidate) -> list:
        participant = self.participants[row[_PARTICIPANT]]
        renderer = self.people.get(row[_PEER])
        rules = self.payers.get(row[_PAYER]) if row[_PAYER] else None
        return [
            _uuid_text(row[_PUBLIC_ID]),
            participant.public_id,
            participant.name,
            candidate.service_date.isoformat(),
            _hhmm(row[_STARTS].astimezone(self.tz)),
            renderer.name if renderer else "",
            rules.payer.name if rules else "",
            candidate.units,
            [r.value for r in candidate.reasons],
            [str(REASON_TEXT[r]) for r in candidate.reasons],
        ]


def _minutes(starts: datetime, ends: datetime) -> int:
    return max(0, int((ends - starts).total_seconds() // 60))


def _uuid_text(value: str) -> str:
    """A UUID read as text in its usual dashed form (SQLite stores 32 hex digits)."""
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return value
