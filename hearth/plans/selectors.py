"""Reads of plans. Functions that take the acting user return only what that user may
see; functions that take a participant assume the caller got that participant through a
scoped selector (``get_participant_for_plans`` or ``get_own_record``) first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.policy import Perm, can, participant_scope
from hearth.organisations.models import LocalCrisisLine
from hearth.participants.models import Participant, ParticipantStatus
from hearth.plans.models import (
    Dimension,
    GoalProgress,
    GoalStatus,
    GoalStep,
    PlanStatus,
    RecoveryGoal,
    RecoveryPlan,
    SafetyPlan,
    WellnessPlan,
)

#: How far ahead "due for review" looks.
REVIEW_DUE_WITHIN_DAYS = 7
DIMENSION_ORDER = Case(
    *(When(dimension=value, then=Value(i)) for i, value in enumerate(Dimension.values)),
    output_field=IntegerField(),
)


# --- whose plans ------------------------------------------------------------------------------


def get_participant_for_plans(user: User, public_id: UUID | str) -> Participant:
    """A participant whose plans ``user`` may see as a caseworker (``PLAN_VIEW`` inside
    ``participant_scope``), or ``Http404`` — whether it does not exist or is out of
    scope is not revealed."""
    if not can(user, Perm.PLAN_VIEW):
        raise Http404
    try:
        return (
            Participant.objects.filter(participant_scope(user))
            .select_related("organisation")
            .get(public_id=public_id)
        )
    except (Participant.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_own_record(user: User) -> Participant | None:
    """The participant record linked to a participant's own sign-in, if any."""
    if not can(user, Perm.OWN_PLANS_VIEW):
        return None
    return (
        Participant.objects.filter(user=user, organisation_id=user.organisation_id)
        .select_related("organisation")
        .first()
    )


# --- recovery plans ---------------------------------------------------------------------------


def _goals_prefetch() -> Prefetch:
    return Prefetch(
        "goals",
        queryset=RecoveryGoal.objects.order_by(DIMENSION_ORDER, "position", "pk").prefetch_related(
            "steps",
            Prefetch("progress", queryset=GoalProgress.objects.select_related("recorded_by")),
        ),
    )


def _plans_with_goals(participant: Participant) -> QuerySet[RecoveryPlan]:
    return (
        RecoveryPlan.objects.filter(participant=participant)
        .select_related("participant", "acknowledged_by", "created_by")
        .prefetch_related(_goals_prefetch())
    )


def active_recovery_plan(participant: Participant) -> RecoveryPlan | None:
    """The participant's active plan with its goals, steps and check-ins (a fixed number
    of queries however many goals there are)."""
    return _plans_with_goals(participant).filter(status=PlanStatus.ACTIVE).first()


def get_recovery_plan(participant: Participant, public_id: UUID | str) -> RecoveryPlan:
    """One of the participant's plans, archived or not, or ``Http404``."""
    try:
        return _plans_with_goals(participant).get(public_id=public_id)
    except (RecoveryPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def all_recovery_plans(participant: Participant) -> list[RecoveryPlan]:
    """Every recovery plan the participant has had, the active one first, then newest
    first, each with its goals (for the participant's own record)."""
    active_first = Case(When(status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    return list(_plans_with_goals(participant).order_by(active_first, "-created_at"))


def recovery_plan_history(participant: Participant) -> list[RecoveryPlan]:
    """Archived plans, newest first (dates and ids only: nothing to decrypt)."""
    return list(
        RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ARCHIVED)
        .only("public_id", "status", "created_at", "updated_at", "participant_id")
        .order_by("-created_at")
    )


def get_goal(participant: Participant, goal_id: int) -> RecoveryGoal:
    """A goal on the participant's *active* plan (archived plans are read only), or 404."""
    try:
        return RecoveryGoal.objects.select_related("plan__participant").get(
            pk=goal_id, plan__participant=participant, plan__status=PlanStatus.ACTIVE
        )
    except RecoveryGoal.DoesNotExist as exc:
        raise Http404 from exc


def goal_with_details(goal_id: int) -> RecoveryGoal:
    """A goal reloaded with its steps and check-ins, for re-rendering it after a change."""
    return (
        RecoveryGoal.objects.select_related("plan__participant")
        .prefetch_related(
            "steps",
            Prefetch("progress", queryset=GoalProgress.objects.select_related("recorded_by")),
        )
        .get(pk=goal_id)
    )


def get_step(participant: Participant, step_id: int) -> GoalStep:
    try:
        return GoalStep.objects.select_related("goal__plan__participant").get(
            pk=step_id,
            goal__plan__participant=participant,
            goal__plan__status=PlanStatus.ACTIVE,
        )
    except GoalStep.DoesNotExist as exc:
        raise Http404 from exc


def goals_for_participant(
    participant: Participant, *, open_only: bool = False
) -> QuerySet[RecoveryGoal]:
    """Goals of the participant's active recovery plan, in dimension order (health, home,
    purpose, community), for linking a progress note to the goals it addressed.

    Precondition: ``participant`` came from a scoped selector; this does no access check.
    With ``open_only``, achieved and set-aside goals are left out.
    """
    qs = RecoveryGoal.objects.filter(plan__participant=participant, plan__status=PlanStatus.ACTIVE)
    if open_only:
        qs = qs.exclude(status__in=[GoalStatus.ACHIEVED, GoalStatus.SET_ASIDE])
    return qs.order_by(DIMENSION_ORDER, "position", "pk")


def plans_due_for_review(user: User, *, within_days: int = REVIEW_DUE_WITHIN_DAYS):
    """Active recovery plans of participants in ``user``'s scope whose next review falls
    on or before today + ``within_days`` (overdue ones included), soonest first.

    Discharged participants are left out. ``participant`` is joined in; the encrypted
    strengths and participant notes are not loaded (so a long list decrypts nothing).
    """
    if not can(user, Perm.PLAN_VIEW):
        return RecoveryPlan.objects.none()
    horizon = timezone.localdate() + timedelta(days=within_days)
    in_scope = (
        Participant.objects.filter(participant_scope(user))
        .exclude(status=ParticipantStatus.DISCHARGED)
        .values("pk")
    )
    return (
        RecoveryPlan.objects.filter(
            organisation_id=user.organisation_id,
            status=PlanStatus.ACTIVE,
            next_review_on__lte=horizon,
            participant__in=in_scope,
        )
        .select_related("participant")
        .defer("strengths", "participant__notes")
        .order_by("next_review_on", "pk")
    )


# --- wellness and safety plans ----------------------------------------------------------------


def wellness_plan_for(participant: Participant) -> WellnessPlan | None:
    return WellnessPlan.objects.filter(participant=participant).first()


def safety_plan_for(participant: Participant) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(participant=participant).first()


def local_crisis_lines(participant: Participant) -> list[LocalCrisisLine]:
    """The participant's organisation's own crisis numbers (mobile crisis, warmline)."""
    return list(LocalCrisisLine.objects.filter(organisation_id=participant.organisation_id))


# --- summary for the participant page card ----------------------------------------------------


@dataclass(frozen=True)
class PlansSummary:
    recovery: RecoveryPlan | None
    goal_count: int
    open_goal_count: int
    wellness_updated_at: object | None
    safety_updated_at: object | None

    @property
    def next_review_on(self) -> date | None:
        return self.recovery.next_review_on if self.recovery else None

    @property
    def review_overdue(self) -> bool:
        return bool(self.recovery and self.recovery.review_overdue)

    @property
    def review_due_soon(self) -> bool:
        horizon = timezone.localdate() + timedelta(days=REVIEW_DUE_WITHIN_DAYS)
        return bool(
            self.next_review_on and not self.review_overdue and self.next_review_on <= horizon
        )


def plans_summary(participant: Participant) -> PlansSummary:
    """What the participant's plans card shows, in three queries whatever the plans hold
    (no narrative text is loaded or decrypted)."""
    recovery = (
        RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE)
        .annotate(
            goal_count=Count("goals"),
            open_goal_count=Count("goals", filter=~Q(goals__status__in=["achieved", "set_aside"])),
        )
        .defer("strengths")
        .first()
    )
    wellness = WellnessPlan.objects.filter(participant=participant).values("updated_at").first()
    safety = SafetyPlan.objects.filter(participant=participant).values("updated_at").first()
    return PlansSummary(
        recovery=recovery,
        goal_count=recovery.goal_count if recovery else 0,
        open_goal_count=recovery.open_goal_count if recovery else 0,
        wellness_updated_at=wellness["updated_at"] if wellness else None,
        safety_updated_at=safety["updated_at"] if safety else None,
    )


# --- the participant's whole record -----------------------------------------------------------


def shared_notes_for(participant: Participant) -> list:
    """Signed (and co-signed) progress notes written with the participant, only if their
    organisation shares notes with participants; drafts never."""
    if not participant.organisation.share_notes_with_participants:
        return []
    from hearth.encounters.models import NoteStatus, ProgressNote

    return list(
        ProgressNote.objects.filter(
            encounter__participant=participant,
            encounter__organisation_id=participant.organisation_id,
            status__in=[NoteStatus.SIGNED, NoteStatus.COSIGNED],
        )
        .select_related("encounter", "encounter__peer", "signed_by", "cosigned_by")
        .prefetch_related("interventions", "goals_addressed", "addenda__author")
        .order_by("encounter__starts_at", "pk")
    )


def plans_as_data(participant: Participant) -> dict:
    """The participant's plans as plain data, for their own JSON record download or the
    API (dates are ``date``/``datetime``: serialise with ``default=str``).

    Precondition: ``participant`` came from a scoped selector; the caller audits the export.
    """
    from hearth.plans.services import SAFETY_FIELDS, WELLNESS_FIELDS

    def single(plan, fields):
        if plan is None:
            return None
        return {"updated_at": plan.updated_at, **{f: getattr(plan, f) for f in fields}}

    return {
        "recovery_plans": [
            {
                "status": plan.status,
                "started": plan.created_at,
                "strengths": plan.strengths,
                "review_every_days": plan.review_every_days,
                "last_reviewed_on": plan.last_reviewed_on,
                "next_review_on": plan.next_review_on,
                "agreed_at": plan.acknowledged_at,
                "agreed_how": plan.acknowledged_how,
                "agreed_to_current_version": plan.is_agreed,
                "goals": [
                    {
                        "dimension": g.dimension,
                        "goal": g.text,
                        "status": g.status,
                        "target_date": g.target_date,
                        "steps": [
                            {"step": s.text, "due_on": s.due_on, "done_on": s.done_on}
                            for s in g.steps.all()
                        ],
                        "check_ins": [
                            {"on": p.recorded_at, "rating": p.rating, "note": p.note}
                            for p in g.progress.all()
                        ],
                    }
                    for g in plan.goals.all()
                ],
            }
            for plan in all_recovery_plans(participant)
        ],
        "wellness_plan": single(wellness_plan_for(participant), WELLNESS_FIELDS),
        "safety_plan": single(safety_plan_for(participant), SAFETY_FIELDS),
    }
