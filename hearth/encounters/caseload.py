"""Reads for the caseload page (a peer's own participants) and the supervisor's team
page. Both cost a fixed number of queries whatever the caseload or team size: every
per-row figure is a correlated subquery annotation, and the only encrypted text shown
(the next step from the latest signed note) is fetched in one query by id.

Security assumptions: the caseload is the user's own open case assignments, further
limited by ``participant_scope``; the team is ``team_scope``; participant names on the
team page are limited by ``participant_scope`` (a programme manager oversees every peer
but sees only their programme's participants)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.core.policy import participant_scope, team_scope
from hearth.encounters.models import Encounter, NoteStatus, ProgressNote
from hearth.encounters.selectors import overdue_drafts
from hearth.organisations.models import Organisation
from hearth.participants.models import CaseAssignment, Participant, ParticipantStatus
from hearth.plans.models import PlanStatus, RecoveryPlan

#: A plan review is flagged this many days before it is due.
REVIEW_WARNING_DAYS = 7
#: An active participant not seen for this long needs a check-in.
NO_CONTACT_DAYS = 30
SIGNED = (NoteStatus.SIGNED, NoteStatus.COSIGNED)


def _org_settings(user: User) -> tuple[int, ZoneInfo]:
    hours, tz = Organisation.objects.values_list("note_overdue_hours", "timezone").get(
        pk=user.organisation_id
    )
    return hours, ZoneInfo(tz)


def _count(qs: QuerySet, group_by: str) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``qs`` (already filtered on ``OuterRef``), 0 if none."""
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _overdue_counts(cutoff: datetime, **where) -> dict[int, int]:
    """Overdue drafts grouped by ``group`` (a field of the encounter), in one query."""
    group = where.pop("group")
    rows = (
        overdue_drafts(cutoff)
        .filter(**where)
        .order_by()
        .values_list(f"encounter__{group}")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


# -- a peer's caseload -----------------------------------------------------------------


@dataclass
class CaseloadRow:
    participant: Participant
    last_contact: datetime | None
    overdue_notes: int
    review_due_on: date | None
    next_step: str
    next_step_on: datetime | None
    today: date
    stale_before: datetime
    attention: list[str] = field(default_factory=list)

    @property
    def review_due(self) -> bool:
        return self.review_due_on is not None and self.review_due_on <= self.today + timedelta(
            days=REVIEW_WARNING_DAYS
        )

    @property
    def review_overdue(self) -> bool:
        return self.review_due_on is not None and self.review_due_on < self.today

    @property
    def no_recent_contact(self) -> bool:
        if self.participant.status == ParticipantStatus.DISCHARGED:
            return False
        if self.last_contact is None:
            return True
        return self.last_contact < self.stale_before

    def attention_key(self) -> tuple:
        """Overdue notes first, then plan reviews due, then the longest without contact."""
        last = self.last_contact.timestamp() if self.last_contact else float("-inf")
        return (
            -self.overdue_notes,
            not self.review_due,
            not self.no_recent_contact,
            last,
            self.participant.name,
        )


def caseload_for(user: User, *, sort: str = "attention") -> list[CaseloadRow]:
    """The participants on ``user``'s own caseload (open case assignments), each with the
    next step from their latest signed note, last contact, the user's overdue notes for
    them, and the active recovery plan's next review. Four queries."""
    overdue_hours, tz = _org_settings(user)
    now = timezone.now()
    today = now.astimezone(tz).date()
    mine = CaseAssignment.objects.filter(specialist=user, ended_at__isnull=True)
    latest = Encounter.objects.filter(participant=OuterRef("pk")).order_by("-starts_at")
    latest_note = ProgressNote.objects.filter(
        encounter__participant=OuterRef("pk"), status__in=SIGNED
    ).order_by("-encounter__starts_at", "-pk")
    review = RecoveryPlan.objects.filter(
        participant=OuterRef("pk"), status=PlanStatus.ACTIVE, next_review_on__isnull=False
    ).order_by("next_review_on")
    participants = list(
        Participant.objects.filter(participant_scope(user))
        .filter(pk__in=mine.values("participant_id"))
        .only("public_id", "organisation_id", "name", "preferred_name", "status")
        .annotate(
            last_contact=Subquery(latest.values("starts_at")[:1]),
            latest_note_id=Subquery(latest_note.values("pk")[:1]),
            review_due_on=Subquery(review.values("next_review_on")[:1]),
        )
        .order_by("name", "pk")
    )
    overdue = _overdue_counts(
        now - timedelta(hours=overdue_hours),
        encounter__peer=user,
        encounter__participant_id__in=[p.pk for p in participants],
        group="participant_id",
    )
    for p in participants:
        p.overdue_notes = overdue.get(p.pk, 0)
    note_ids = [p.latest_note_id for p in participants if p.latest_note_id]
    steps = {
        pk: (text, starts_at)
        for pk, text, starts_at in ProgressNote.objects.filter(pk__in=note_ids).values_list(
            "pk", "next_steps", "encounter__starts_at"
        )
    }
    stale_before = now - timedelta(days=NO_CONTACT_DAYS)
    rows = [
        _caseload_row(p, steps.get(p.latest_note_id, ("", None)), today, stale_before)
        for p in participants
    ]
    if sort == "attention":
        rows.sort(key=CaseloadRow.attention_key)
    return rows


def _caseload_row(
    participant: Participant, step: tuple, today: date, stale_before: datetime
) -> CaseloadRow:
    row = CaseloadRow(
        participant=participant,
        last_contact=participant.last_contact,
        overdue_notes=participant.overdue_notes,
        review_due_on=participant.review_due_on,
        next_step=step[0] or "",
        next_step_on=step[1],
        today=today,
        stale_before=stale_before,
    )
    if row.overdue_notes:
        row.attention.append(str(_("Notes overdue")))
    if row.review_overdue:
        row.attention.append(str(_("Plan review overdue")))
    elif row.review_due:
        row.attention.append(str(_("Plan review due")))
    if row.no_recent_contact:
        row.attention.append(str(_("No recent contact")))
    return row


# -- a supervisor's team ---------------------------------------------------------------


@dataclass
class TeamOverview:
    peers: list[User]
    awaiting_cosign: list[ProgressNote]
    awaiting_total: int
    awaiting_elsewhere: int
    month_start: date
    week_start: date
    overdue_hours: int

    @property
    def totals(self) -> dict[str, int]:
        return {
            name: sum(getattr(p, name) for p in self.peers)
            for name in ("caseload_size", "overdue_notes", "units_month", "units_week")
        }


def _units_since(since: datetime) -> Coalesce:
    """Units of the peer's encounters since ``since`` whose note is signed or co-signed."""
    qs = Encounter.objects.filter(
        peer=OuterRef("pk"), starts_at__gte=since, note__status__in=SIGNED
    )
    summed = qs.order_by().values("peer").annotate(total=Sum("units")).values("total")
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def team_overview(user: User, *, awaiting_limit: int = 30) -> TeamOverview:
    """For each peer on the user's team (``team_scope``): caseload size, overdue notes,
    units this month and this week; and the notes waiting for a co-signature. The user's
    own notes are not in the co-signature list (nobody co-signs their own). Six queries."""
    overdue_hours, tz = _org_settings(user)
    now = timezone.now()
    today = now.astimezone(tz).date()
    month_start = today.replace(day=1)
    week_start = today - timedelta(days=today.weekday())
    caseload = CaseAssignment.objects.filter(specialist=OuterRef("pk"), ended_at__isnull=True)
    peers = list(
        User.objects.filter(team_scope(user), is_active=True)
        .only("public_id", "display_name", "credential", "role", "supervisor_id")
        .annotate(
            caseload_size=_count(caseload, "specialist"),
            units_month=_units_since(datetime.combine(month_start, time.min, tzinfo=tz)),
            units_week=_units_since(datetime.combine(week_start, time.min, tzinfo=tz)),
        )
        .order_by("display_name", "pk")
    )
    overdue = _overdue_counts(
        now - timedelta(hours=overdue_hours),
        encounter__peer_id__in=[p.pk for p in peers],
        encounter__organisation_id=user.organisation_id,
        group="peer_id",
    )
    for peer in peers:
        peer.overdue_notes = overdue.get(peer.pk, 0)
    waiting = ProgressNote.objects.filter(
        status=NoteStatus.SIGNED,
        encounter__payer__cosign_required=True,
        encounter__peer__in=User.objects.filter(team_scope(user)).values("pk"),
        encounter__organisation_id=user.organisation_id,
    ).exclude(encounter__peer=user)
    visible = Q(encounter__participant__in=Participant.objects.filter(participant_scope(user)))
    awaiting_qs = (
        waiting.filter(visible)
        .select_related(
            "encounter__participant",
            "encounter__peer",
            "encounter__payer",
            "encounter__group_note__session",
        )
        .only(
            "pk",
            "status",
            "signed_at",
            "encounter__public_id",
            "encounter__starts_at",
            "encounter__kind",
            "encounter__units",
            "encounter__participant__public_id",
            "encounter__participant__name",
            "encounter__participant__preferred_name",
            "encounter__participant__organisation_id",
            "encounter__peer__display_name",
            "encounter__payer__name",
            "encounter__group_note__session__public_id",
        )
        .order_by("signed_at", "pk")
    )
    # The oldest first, a page's worth; the count says how many are waiting in all.
    awaiting = list(awaiting_qs[:awaiting_limit])
    awaiting_total = awaiting_qs.count()  # always counted, so the query count stays flat
    return TeamOverview(
        peers=peers,
        awaiting_cosign=awaiting,
        awaiting_total=awaiting_total,
        awaiting_elsewhere=waiting.exclude(visible).count(),
        month_start=month_start,
        week_start=week_start,
        overdue_hours=overdue_hours,
    )
