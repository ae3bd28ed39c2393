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

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Certification, User
from hearth.encounters.billing import ClaimCandidate, Reason, UnitRule, assess_claims, units_for
from hearth.encounters.models import BILLABLE_KINDS, Encounter, NoteStatus, Payer, ProgressNote
from hearth.organisations.models import Organisation

#: A period longer than a year is almost certainly a typing mistake (and a large export).
MAX_PERIOD_DAYS = 366
#: Dates outside this range are typing mistakes (and year 9999 would overflow a day later).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

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
) = range(len(_FIELDS))


def validate_period(start: date | None, end: date | None) -> None:
    """Refuse an impossible or oversized period, naming the field at fault."""
    if start is None or end is None:
        return
    for name, day in (("start", start), ("end", end)):
        if not EARLIEST <= day <= LATEST:
            raise ValidationError(
                {name: _("Choose a date between %(first)s and %(last)s.")
                 % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}}
            )  # fmt: skip
    if end < start:
        raise ValidationError({"end": _("The end date is before the start date.")})
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError(
            {"end": _("Choose a period of at most %(days)s days.") % {"days": MAX_PERIOD_DAYS}}
        )


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
        # Group sessions (HQ) do not exist yet: every line is an individual service.
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
            rules.modifiers,
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


def _period_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the organisation's time zone."""
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _period_encounters(organisation: Organisation, lo: datetime, hi: datetime) -> QuerySet:
    return Encounter.objects.filter(organisation=organisation, starts_at__gte=lo, starts_at__lt=hi)


def _encounter_rows(encounters: QuerySet) -> Iterator[tuple]:
    # The public id is read as text: building 50,000 UUID objects only to print them again
    # costs more than the rest of a line.
    return (
        encounters.annotate(public_id_text=Cast("public_id", CharField()))
        .order_by()
        .values_list(*_FIELDS)
        .iterator(chunk_size=5000)
    )


def _uuid_text(value: str) -> str:
    """A UUID read as text in its usual dashed form (SQLite stores 32 hex digits)."""
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return value


def _notes_with_plan_goal(organisation: Organisation, lo: datetime, hi: datetime) -> set[int]:
    """Ids of the period's notes that address a goal of *their own participant's* plan.

    A flat join (note → goal → plan) rather than a correlated EXISTS per encounter: every
    step is an index lookup, so the plan stays cheap even before the database has
    statistics for freshly imported rows."""
    through = ProgressNote.goals_addressed.through
    rows = through.objects.filter(
        progressnote__encounter__organisation=organisation,
        progressnote__encounter__starts_at__gte=lo,
        progressnote__encounter__starts_at__lt=hi,
        recoverygoal__plan__participant_id=F("progressnote__encounter__participant_id"),
    ).values_list("progressnote_id", flat=True)
    return set(rows.iterator(chunk_size=5000))


def _load_participants(encounters: QuerySet) -> dict[int, _Participant]:
    from hearth.participants.models import Participant

    rows = Participant.objects.filter(pk__in=encounters.values("participant_id")).values_list(
        "pk", "public_id", "name", "date_of_birth"
    )
    return {
        pk: _Participant(str(public_id), name, dob.isoformat() if dob else "")
        for pk, public_id, name, dob in rows.iterator(chunk_size=5000)
    }


def _load_people(user_ids: set[int]) -> dict[int, _Person]:
    """Renderers and co-signers, then any supervisors not among them: two queries."""
    people: dict[int, _Person] = {}
    wanted = set(user_ids)
    for _round in range(2):
        wanted -= set(people)
        if not wanted:
            break
        for pk, name, credential, supervisor_id in User.objects.filter(pk__in=wanted).values_list(
            "pk", "display_name", "credential", "supervisor_id"
        ):
            people[pk] = _Person(name, credential, supervisor_id)
        wanted = {p.supervisor_id for p in people.values() if p.supervisor_id}
    return people


def _load_certifications(user_ids: Iterable[int]) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    rows = Certification.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "issued_on", "expires_on", "name"
    )
    for user_id, issued_on, expires_on, name in rows.order_by("-issued_on"):
        found[user_id].append((issued_on, expires_on, name))
    return found


def _is_certified(certs: list, day: date) -> bool:
    return any(i <= day and (e is None or day <= e) for i, e, _name in certs)


def build_claims_report(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    payer: Payer | None = None,
    participant_scope: Q | None = None,
) -> ClaimsReport:
    """Check every encounter of ``organisation`` that starts between ``start`` and ``end``
    (whole days, in the organisation's time zone).

    Overlaps and daily caps are worked out over *all* the organisation's encounters in the
    period, so narrowing to one payer or to the participants a person may see never turns
    an overlapping session into a claim. Only encounters of ``payer`` (when given) and of
    participants matching ``participant_scope`` (a ``Q`` on Participant, when given) are
    reported.
    """
    validate_period(start, end)
    tz = ZoneInfo(organisation.timezone)
    payers = {
        p.pk: _PayerRules(p, p.unit_rule, p.modifier_list)
        for p in Payer.objects.filter(organisation=organisation)
    }
    lo, hi = _period_bounds(start, end, tz)
    encounters = _period_encounters(organisation, lo, hi)
    with_goal = _notes_with_plan_goal(organisation, lo, hi)
    rows: dict[int, tuple] = {}
    candidates: list[ClaimCandidate] = []
    for row in _encounter_rows(encounters):
        rows[row[_PK]] = row
        candidates.append(_candidate(row, payers.get(row[_PAYER]), tz, row[_NOTE] in with_goal))
    renderers = {r[_PEER] for r in rows.values()}
    certifications = _load_certifications(renderers)
    for candidate in candidates:
        if candidate.certification_required:
            candidate.renderer_certified = _is_certified(
                certifications.get(candidate.renderer_key, []), candidate.service_date
            )
    assess_claims(candidates)
    report = ClaimsReport(
        organisation=organisation,
        start=start,
        end=end,
        payer=payer,
        tz=tz,
        payers=payers,
        people=_load_people(renderers | {r[_COSIGNER] for r in rows.values() if r[_COSIGNER]}),
        participants=_load_participants(encounters),
        certifications=certifications,
    )
    visible = _visible_participants(organisation, participant_scope)
    names = report.participants
    candidates.sort(key=lambda c: (c.service_date, names[c.participant_key].name, c.start, c.key))
    for candidate in candidates:
        row = rows[candidate.key]
        if payer is not None and row[_PAYER] != payer.pk:
            continue
        if visible is not None and row[_PARTICIPANT] not in visible:
            continue
        target = report.rejected if candidate.reasons else report.billed
        target.append((row, candidate))
    return report


def _visible_participants(organisation: Organisation, scope: Q | None) -> set[int] | None:
    if scope is None:
        return None
    from hearth.participants.models import Participant

    return set(
        Participant.objects.filter(scope, organisation=organisation).values_list("pk", flat=True)
    )


# Plain strings: comparing against enum members costs an attribute lookup per encounter.
_BILLABLE = frozenset(str(kind) for kind in BILLABLE_KINDS)
_SIGNED = frozenset({str(NoteStatus.SIGNED), str(NoteStatus.COSIGNED)})
_COSIGNED = str(NoteStatus.COSIGNED)


def _candidate(
    row: tuple, rules: _PayerRules | None, tz: ZoneInfo, has_goal: bool
) -> ClaimCandidate:
    status = row[_NOTE_STATUS]
    minutes = _minutes(row[_STARTS], row[_ENDS])
    payer = rules.payer if rules else None
    return ClaimCandidate(
        key=row[_PK],
        participant_key=row[_PARTICIPANT],
        renderer_key=row[_PEER],
        payer_key=row[_PAYER],
        service_date=row[_STARTS].astimezone(tz).date(),
        start=row[_STARTS],
        end=row[_ENDS],
        # Without a payer there is no rule; the common one keeps "no payer" from also
        # reading as "too short".
        units=rules.units_for(minutes) if rules else units_for(minutes),
        billable_kind=row[_KIND] in _BILLABLE,
        has_note=row[_NOTE] is not None,
        signed=status in _SIGNED,
        cosign_required=bool(payer and payer.cosign_required),
        cosigned=status == _COSIGNED,
        certification_required=bool(payer and payer.certified_renderer_required),
        goals_addressed=1 if has_goal else 0,
        daily_unit_cap=payer.daily_unit_cap if payer else None,
    )


# -- writing ---------------------------------------------------------------------------

_FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_safe(value: Any) -> str:
    """One cell as text, with spreadsheet formulas neutralised (CSV injection)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(records: Iterable[list], columns: tuple[str, ...]) -> Iterator[str]:
    """CSV text, one line at a time (for a streaming response or a file). ``records``
    are value lists in ``columns`` order. Plain strings are checked inline rather than
    through ``csv_safe``: this loop runs for every cell of every line."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    danger = _FORMULA_STARTS
    for values in records:
        for i, value in enumerate(values):
            if value.__class__ is str:
                if value and value[0] in danger:
                    values[i] = "'" + value
            elif value.__class__ is not int:
                values[i] = csv_safe(value)
        yield writer.writerow(values)


def iter_json(report: ClaimsReport, records: Iterable[dict[str, Any]], key: str) -> Iterator[str]:
    """A JSON document ``{"organisation": …, "start": …, key: [ … ]}``, one record at a time."""
    head = {
        "organisation": report.organisation.slug,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "payer": report.payer.name if report.payer else None,
        "note": str(MEMBER_ID_NOTE),
    }
    yield json.dumps(head)[:-1] + f', "{key}": ['
    for i, record in enumerate(records):
        yield ("," if i else "") + "\n" + json.dumps(record)
    yield "\n]}\n"


def iter_output(report: ClaimsReport, *, what: str, fmt: str) -> Iterator[str]:
    """``what`` is "claims" or "rejects"; ``fmt`` is "csv" or "json"."""
    claims = what == "claims"
    if fmt == "json":
        return iter_json(report, report.lines() if claims else report.rejects(), what)
    if claims:
        return iter_csv(report.line_values(), CLAIM_COLUMNS)
    return iter_csv(report.reject_values(), REJECT_COLUMNS)


def write_output(report: ClaimsReport, out: IO[str], *, what: str, fmt: str) -> None:
    for chunk in iter_output(report, what=what, fmt=fmt):
        out.write(chunk)
