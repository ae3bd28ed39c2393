"""Recovery plan pages: the plan, its goals, steps and check-ins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can
from hearth.plans import selectors, services
from hearth.plans.forms import (
    AcknowledgeForm,
    GoalForm,
    ProgressForm,
    RecoveryPlanForm,
    RecoveryPlanStartForm,
    StepDoneForm,
    StepForm,
    progress_auto_id,
    step_auto_id,
)
from hearth.plans.models import AcknowledgedHow, Dimension, PlanStatus, RecoveryPlan
from hearth.plans.services import (
    RECOVERY_PLAN_TYPE,
)

#: SAMHSA's four dimensions of recovery, in their order, with a line to say what each
#: holds (paraphrased from SAMHSA's working definition of recovery, 2012).
from hearth.plans.views.common import (
    _conflict_rows,
    _keep_input_after_conflict,
    _status,
    goals_by_dimension,
)

# --- recovery plan ----------------------------------------------------------------------------


def _recovery_context(request, participant, plan, *, archived=False) -> dict:
    can_edit = can(request.user, Perm.PLAN_EDIT) and not archived
    return {
        "participant": participant,
        "plan": plan,
        "dimensions": goals_by_dimension(plan),
        "history": selectors.recovery_plan_history(participant),
        "can_edit": can_edit,
        "archived": archived,
    }


@requires(Perm.PLAN_VIEW)
def recovery_plan(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = selectors.active_recovery_plan(participant)
    services.plan_viewed(
        actor=request.user,
        object_type=RECOVERY_PLAN_TYPE,
        plan=plan,
        participant=participant,
        request=request,
    )
    return render(request, "plans/recovery.html", _recovery_context(request, participant, plan))


@requires(Perm.PLAN_VIEW)
def recovery_plan_archived(request: HttpRequest, pk, plan_id) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = selectors.get_recovery_plan(participant, plan_id)
    if plan.status == PlanStatus.ACTIVE:
        return redirect("plans:recovery", pk=participant.public_id)
    services.plan_viewed(
        actor=request.user,
        object_type=RECOVERY_PLAN_TYPE,
        plan=plan,
        participant=participant,
        request=request,
    )
    context = _recovery_context(request, participant, plan, archived=True)
    return render(request, "plans/recovery.html", context)


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def recovery_plan_new(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    current = selectors.active_recovery_plan(participant)
    initial = {}
    if current is not None:
        initial = {"strengths": current.strengths, "review_every_days": current.review_every_days}
    form = RecoveryPlanStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_plan_start(
                actor=request.user, participant=participant, **form.cleaned_data, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("New recovery plan started."))
            return redirect("plans:recovery", pk=participant.public_id)
    elif current is not None:
        # The form shows the current plan's strengths: that is a read of the plan.
        services.plan_viewed(
            actor=request.user,
            object_type=RECOVERY_PLAN_TYPE,
            plan=current,
            participant=participant,
            request=request,
        )
    return render(
        request,
        "plans/recovery_new.html",
        {"form": form, "participant": participant, "current": current},
        status=_status(form),
    )


def _active_plan_or_404(participant) -> RecoveryPlan:
    plan = (
        RecoveryPlan.objects.filter(participant=participant, status=PlanStatus.ACTIVE)
        .select_related("participant")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def recovery_plan_edit(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = _active_plan_or_404(participant)
    form = RecoveryPlanForm(
        request.POST or None,
        initial={
            "strengths": plan.strengths,
            "review_every_days": plan.review_every_days,
            "version": plan.version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_plan_update(
                actor=request.user,
                plan=plan,
                strengths=form.cleaned_data["strengths"],
                review_every_days=form.cleaned_data["review_every_days"],
                expected_version=form.cleaned_data.get("version") or plan.version,
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = _conflict_rows(form, exc.current, ("strengths", "review_every_days"))
            _keep_input_after_conflict(form, exc.current.version)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("plans:recovery", pk=participant.public_id)
    elif request.method == "GET":
        services.plan_viewed(
            actor=request.user,
            object_type=RECOVERY_PLAN_TYPE,
            plan=plan,
            participant=participant,
            request=request,
        )
    return render(
        request,
        "plans/recovery_edit.html",
        {"form": form, "participant": participant, "plan": plan, "conflict": conflict},
        status=409 if conflict is not None else _status(form),
    )


@requires(Perm.PLAN_EDIT)
@require_POST
def recovery_plan_reviewed(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = _active_plan_or_404(participant)
    plan = services.recovery_plan_mark_reviewed(actor=request.user, plan=plan, request=request)
    messages.success(
        request,
        _("Marked as reviewed today. Next review: %(date)s.")
        % {"date": formats.date_format(plan.next_review_on, "DATE_FORMAT")},
    )
    return redirect("plans:recovery", pk=participant.public_id)


@requires(Perm.PLAN_EDIT)
@require_POST
def recovery_plan_acknowledge(request: HttpRequest, pk) -> HttpResponse:
    """The peer records that the participant agreed to the plan in a session."""
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = _active_plan_or_404(participant)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something was missing. Please try again."))
    else:
        try:
            services.recovery_plan_acknowledge(
                actor=request.user,
                plan=plan,
                how=AcknowledgedHow.IN_SESSION,
                seen_revision=form.cleaned_data["revision"],
                request=request,
            )
        except services.PlanChangedError:
            messages.error(
                request,
                _(
                    "The plan changed after this page was opened. Go over the changes "
                    "together, then record the agreement again."
                ),
            )
        else:
            messages.success(request, _("Recorded: the participant agreed to this plan."))
    return redirect("plans:recovery", pk=participant.public_id)


# --- goals, steps and check-ins ---------------------------------------------------------------


def _goal_url(participant, goal) -> str:
    return reverse("plans:recovery", kwargs={"pk": participant.public_id}) + f"#goal-{goal.pk}"


def _goal_response(request, participant, goal, *, step_form=None, progress_form=None, saved=""):
    """After a change: htmx gets the goal's card re-rendered (with any errors), a plain
    form post is sent back to the plan (or shown its errors on a small page)."""
    has_errors = (step_form is not None and step_form.errors) or (
        progress_form is not None and progress_form.errors
    )
    if not request.htmx and not has_errors:
        return redirect(_goal_url(participant, goal))
    context = {
        "participant": participant,
        "goal": selectors.goal_with_details(goal.pk),
        "can_edit": True,
        "step_form": step_form,
        "progress_form": progress_form,
        "saved": saved,
    }
    if request.htmx:
        # htmx only swaps 2xx answers: errors come back as 200 with the messages in place.
        return render(request, "plans/_goal.html", context)
    return render(request, "plans/goal_action.html", context, status=400)


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = _active_plan_or_404(participant)
    wanted = request.GET.get("dimension")
    initial = {"dimension": wanted} if wanted in Dimension.values else {}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_add(
                actor=request.user, plan=plan, data=form.domain_data(), request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Goal added."))
            return redirect(_goal_url(participant, goal))
    return render(
        request,
        "plans/goal_form.html",
        {"form": form, "participant": participant, "creating": True},
        status=_status(form),
    )


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk, goal_id: int) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    goal = selectors.get_goal(participant, goal_id)
    initial = {f: getattr(goal, f) for f in ("dimension", "text", "target_date", "status")}
    form = GoalForm(request.POST or None, initial={**initial, "version": goal.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                actor=request.user,
                goal=goal,
                data=form.domain_data(),
                expected_version=form.cleaned_data.get("version") or goal.version,
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = _conflict_rows(
                form, exc.current, ("dimension", "text", "target_date", "status")
            )
            _keep_input_after_conflict(form, exc.current.version)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect(_goal_url(participant, goal))
    return render(
        request,
        "plans/goal_form.html",
        {"form": form, "participant": participant, "goal": goal, "conflict": conflict},
        status=409 if conflict is not None else _status(form),
    )


@requires(Perm.PLAN_EDIT)
@require_POST
def step_add(request: HttpRequest, pk, goal_id: int) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    goal = selectors.get_goal(participant, goal_id)
    form = StepForm(request.POST, auto_id=step_auto_id(goal))
    if form.is_valid():
        try:
            services.step_add(actor=request.user, goal=goal, **form.cleaned_data, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _goal_response(request, participant, goal, saved=_("Step added."))
    return _goal_response(request, participant, goal, step_form=form)


@requires(Perm.PLAN_EDIT)
@require_POST
def step_done(request: HttpRequest, pk, step_id: int) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    step = selectors.get_step(participant, step_id)
    form = StepDoneForm(request.POST)
    done = form.is_valid() and form.cleaned_data["done"]
    services.step_set_done(actor=request.user, step=step, done=done, request=request)
    saved = _("Step done.") if done else _("Step reopened.")
    return _goal_response(request, participant, step.goal, saved=saved)


@requires(Perm.PLAN_EDIT)
@require_POST
def progress_add(request: HttpRequest, pk, goal_id: int) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    goal = selectors.get_goal(participant, goal_id)
    form = ProgressForm(request.POST, auto_id=progress_auto_id(goal))
    if form.is_valid():
        try:
            services.progress_add(
                actor=request.user, goal=goal, **form.cleaned_data, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _goal_response(request, participant, goal, saved=_("Check-in saved."))
    return _goal_response(request, participant, goal, progress_form=form)
