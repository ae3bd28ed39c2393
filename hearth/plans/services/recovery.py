"""The recovery plan: start, update, review, acknowledge; goals, steps and check-ins."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.audit.models import Action, Channel
from hearth.core.policy import Perm, can
from hearth.participants.models import Participant
from hearth.plans.models import (
    AcknowledgedHow,
    Dimension,
    GoalProgress,
    GoalStatus,
    GoalStep,
    PlanStatus,
    RecoveryGoal,
    RecoveryPlan,
)
from hearth.plans.services.common import (
    GOAL_CONTENT_FIELDS,
    GOAL_FIELDS,
    OPEN_GOAL_STATUSES,
    RECOVERY_PLAN_TYPE,
    ConcurrentEditError,
    PlanChangedError,
    _audit,
    _require_active,
    _require_edit,
    _review_days,
    _touch_content,
)


def _audit_plan_change(actor: User, plan: RecoveryPlan, detail: str, *, request, channel) -> None:
    """One UPDATE event on the recovery plan; ``detail`` names what changed, never the words."""
    _audit(
        actor=actor,
        action=Action.UPDATE,
        object_type=RECOVERY_PLAN_TYPE,
        obj=plan,
        participant=plan.participant,
        detail=detail,
        request=request,
        channel=channel,
    )


@transaction.atomic
def recovery_plan_start(
    *,
    actor: User,
    participant: Participant,
    strengths: str = "",
    review_every_days: int = 90,
    carry_over_goals: bool = True,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryPlan:
    """Start a new active recovery plan. The plan that was active is archived (kept, read
    only); with ``carry_over_goals`` its open goals and unfinished steps are copied over
    so nothing the person is still working on is lost."""
    _require_edit(actor, participant)
    _review_days(review_every_days)
    # Serialise two peers starting a plan for the same person at once.
    list(Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk"))
    previous = RecoveryPlan.objects.filter(
        participant=participant, status=PlanStatus.ACTIVE
    ).first()
    if previous is not None:
        RecoveryPlan.objects.filter(pk=previous.pk).update(
            status=PlanStatus.ARCHIVED, version=F("version") + 1, updated_at=timezone.now()
        )
        _audit(
            actor=actor,
            action=Action.UPDATE,
            object_type=RECOVERY_PLAN_TYPE,
            obj=previous,
            participant=participant,
            detail="status=archived",
            request=request,
            channel=channel,
        )
    today = timezone.localdate()
    plan = RecoveryPlan(
        organisation_id=participant.organisation_id,
        participant=participant,
        status=PlanStatus.ACTIVE,
        strengths=strengths,
        review_every_days=review_every_days,
        next_review_on=today + timedelta(days=review_every_days),
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    carried = _carry_over(previous, plan) if previous is not None and carry_over_goals else 0
    _audit(
        actor=actor,
        action=Action.CREATE,
        object_type=RECOVERY_PLAN_TYPE,
        obj=plan,
        participant=participant,
        detail=f"goals_carried={carried}",
        request=request,
        channel=channel,
    )
    return plan


def _carry_over(previous: RecoveryPlan, plan: RecoveryPlan) -> int:
    goals = previous.goals.filter(status__in=OPEN_GOAL_STATUSES).prefetch_related("steps")
    count = 0
    for goal in goals:
        copy = RecoveryGoal.objects.create(
            plan=plan,
            dimension=goal.dimension,
            text=goal.text,
            target_date=goal.target_date,
            status=goal.status,
            position=goal.position,
        )
        GoalStep.objects.bulk_create(
            GoalStep(goal=copy, text=s.text, due_on=s.due_on)
            for s in goal.steps.all()
            if s.done_on is None
        )
        count += 1
    return count


@transaction.atomic
def recovery_plan_update(
    *,
    actor: User,
    plan: RecoveryPlan,
    strengths: str,
    review_every_days: int,
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryPlan:
    """Change the strengths and the review schedule. A stale ``expected_version`` writes
    nothing and raises ``ConcurrentEditError``. A new interval moves the next review to
    that many days after the last review (or the plan's start)."""
    _require_edit(actor, plan.participant)
    _require_active(plan)
    _review_days(review_every_days)
    changed = []
    values: dict[str, Any] = {"version": F("version") + 1, "updated_at": timezone.now()}
    if strengths != plan.strengths:
        changed.append("strengths")
        values.update(strengths=strengths, revision=F("revision") + 1)
    if review_every_days != plan.review_every_days:
        changed.append("review_every_days")
        since = plan.last_reviewed_on or timezone.localdate(plan.created_at)
        values.update(
            review_every_days=review_every_days,
            next_review_on=since + timedelta(days=review_every_days),
        )
    rows = RecoveryPlan.objects.filter(pk=plan.pk, version=expected_version).update(**values)
    if rows == 0:
        raise ConcurrentEditError(RecoveryPlan.objects.get(pk=plan.pk))
    plan.refresh_from_db()
    _audit_plan_change(actor, plan, ",".join(changed), request=request, channel=channel)
    return plan


@transaction.atomic
def recovery_plan_mark_reviewed(
    *,
    actor: User,
    plan: RecoveryPlan,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryPlan:
    """The peer and the participant went over the plan together today: the next review is
    due ``review_every_days`` from today. Reviewing twice in a day is harmless."""
    _require_edit(actor, plan.participant)
    _require_active(plan)
    today = timezone.localdate()
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        last_reviewed_on=today,
        next_review_on=today + timedelta(days=plan.review_every_days),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    plan.refresh_from_db()
    _audit_plan_change(actor, plan, "reviewed", request=request, channel=channel)
    return plan


@transaction.atomic
def recovery_plan_acknowledge(
    *,
    actor: User,
    plan: RecoveryPlan,
    how: str,
    seen_revision: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryPlan:
    """Record the participant's agreement to the plan as it stood at ``seen_revision``.

    ``how`` is ``own_account`` (the participant themselves, signed in: only their own
    plan) or ``in_session`` (their peer specialist records it; needs ``PLAN_EDIT``). If the
    plan has changed since the page was shown, nothing is written (``PlanChangedError``).
    """
    participant = plan.participant
    if how == AcknowledgedHow.OWN_ACCOUNT:
        if not can(actor, Perm.OWN_PLANS_VIEW) or participant.user_id != actor.pk:
            raise PermissionDenied
    elif how == AcknowledgedHow.IN_SESSION:
        _require_edit(actor, participant)
    else:
        raise ValidationError(_("Say how the participant agreed."))
    _require_active(plan)
    current = RecoveryPlan.objects.select_for_update().get(pk=plan.pk)
    if current.revision != seen_revision:
        raise PlanChangedError
    RecoveryPlan.objects.filter(pk=plan.pk).update(
        acknowledged_at=timezone.now(),
        acknowledged_how=how,
        acknowledged_by=actor,
        acknowledged_revision=seen_revision,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    plan.refresh_from_db()
    _audit_plan_change(actor, plan, f"acknowledged={how}", request=request, channel=channel)
    return plan


# --- goals, steps, check-ins ------------------------------------------------------------------


def _clean_goal(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {sorted(unknown)}")
    errors = {}
    if not (data.get("text") or "").strip():
        errors["text"] = _("Write the goal, in the person's own words.")
    if data.get("dimension") not in Dimension.values:
        errors["dimension"] = _("Choose a dimension of recovery.")
    if "status" in data and data["status"] not in GoalStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if errors:
        raise ValidationError(errors)
    return {**data, "text": data["text"].strip()}


@transaction.atomic
def goal_add(
    *,
    actor: User,
    plan: RecoveryPlan,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryGoal:
    """Add a goal, in the participant's own words, under one of the four dimensions."""
    _require_edit(actor, plan.participant)
    _require_active(plan)
    data = _clean_goal(data)
    last = plan.goals.aggregate(m=Max("position"))["m"]
    goal = RecoveryGoal(plan=plan, position=0 if last is None else last + 1, **data)
    goal.full_clean()
    goal.save()
    _touch_content(plan)
    _audit_plan_change(actor, plan, "goal_added", request=request, channel=channel)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: RecoveryGoal,
    data: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> RecoveryGoal:
    """Reword a goal or change its dimension, target date or status. Refused with
    ``ConcurrentEditError`` if the goal changed since ``expected_version``."""
    plan = goal.plan
    _require_edit(actor, plan.participant)
    _require_active(plan)
    data = _clean_goal(data)
    changed = sorted(f for f, v in data.items() if getattr(goal, f) != v)
    for field, value in data.items():
        setattr(goal, field, value)
    goal.full_clean()
    rows = RecoveryGoal.objects.filter(pk=goal.pk, version=expected_version).update(
        **data, version=F("version") + 1, updated_at=timezone.now()
    )
    if rows == 0:
        raise ConcurrentEditError(RecoveryGoal.objects.get(pk=goal.pk))
    goal.version = expected_version + 1
    if set(changed) & set(GOAL_CONTENT_FIELDS):
        _touch_content(plan)
    _audit_plan_change(
        actor, plan, "goal_changed:" + ",".join(changed), request=request, channel=channel
    )
    return goal


@transaction.atomic
def step_add(
    *,
    actor: User,
    goal: RecoveryGoal,
    text: str,
    due_on: date | None = None,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> GoalStep:
    plan = goal.plan
    _require_edit(actor, plan.participant)
    _require_active(plan)
    step = GoalStep(goal=goal, text=(text or "").strip(), due_on=due_on)
    if not step.text:
        raise ValidationError({"text": _("Write the step.")})
    step.full_clean()
    step.save()
    _touch_content(plan)
    _audit_plan_change(actor, plan, "step_added", request=request, channel=channel)
    return step


@transaction.atomic
def step_set_done(
    *,
    actor: User,
    step: GoalStep,
    done: bool,
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> GoalStep:
    """Tick a step off (today) or reopen it. Setting the state it already has is a no-op
    apart from the audit event, so a double tap does no harm."""
    plan = step.goal.plan
    _require_edit(actor, plan.participant)
    _require_active(plan)
    step.done_on = (step.done_on or timezone.localdate()) if done else None
    step.save(update_fields=["done_on", "updated_at"])
    _audit_plan_change(
        actor, plan, "step_done" if done else "step_reopened", request=request, channel=channel
    )
    return step


@transaction.atomic
def progress_add(
    *,
    actor: User,
    goal: RecoveryGoal,
    rating: int | None,
    note: str = "",
    request: HttpRequest | None = None,
    channel: str = Channel.WEB,
) -> GoalProgress:
    """A dated check-in on a goal: how close it feels (0–10), what changed, or both."""
    plan = goal.plan
    _require_edit(actor, plan.participant)
    _require_active(plan)
    note = (note or "").strip()
    if rating is None and not note:
        raise ValidationError(_("Give a number from 0 to 10, a sentence, or both."))
    if rating is not None and not 0 <= rating <= 10:
        raise ValidationError({"rating": _("Choose a number from 0 to 10.")})
    progress = GoalProgress.objects.create(goal=goal, recorded_by=actor, rating=rating, note=note)
    _audit_plan_change(actor, plan, "progress_added", request=request, channel=channel)
    return progress


# --- wellness and safety plans ----------------------------------------------------------------
