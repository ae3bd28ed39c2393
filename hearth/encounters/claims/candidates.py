"""Loading a period's encounters and building the eligibility check's input from them:
one pass with ``values_list().iterator()``, and one query each for the notes that address
a plan goal, participants, certifications and payers (users in two), never per encounter.

Security assumption: the caller has already checked the permission (CLAIMS_EXPORT) and
passes the organisation and, for a person, the participant scope they may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Certification, User
from hearth.encounters.billing import ClaimCandidate, assess_claims, units_for
from hearth.encounters.claims.report import (
    _COSIGNER,
    _ENDS,
    _FIELDS,
    _GROUP_NOTE,
    _KIND,
    _NOTE,
    _NOTE_STATUS,
    _PARTICIPANT,
    _PAYER,
    _PEER,
    _PK,
    _STARTS,
    ClaimsReport,
    _minutes,
    _Participant,
    _PayerRules,
    _Person,
)
from hearth.encounters.models import BILLABLE_KINDS, Encounter, NoteStatus, Payer, ProgressNote
from hearth.organisations.models import Organisation

#: A period longer than a year is almost certainly a typing mistake (and a large export).
MAX_PERIOD_DAYS = 366
#: Dates outside this range are typing mistakes (and year 9999 would overflow a day later).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


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
        group_key=row[_GROUP_NOTE],
    )
