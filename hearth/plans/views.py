"""Plan pages for peer specialists and their supervisors (``PLAN_EDIT``), and read-only
for managers and admins (``PLAN_VIEW``). Every participant is fetched through
``selectors.get_participant_for_plans``, so a record outside the user's scope is a 404.

Each page that shows plan content writes one VIEW audit event; each change is written by
a service that audits it; each PDF is audited as an export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hearth.core.access import requires
from hearth.core.crisis import national_lines
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can
from hearth.plans import pdf, selectors, services
from hearth.plans.forms import (
    AcknowledgeForm,
    GoalForm,
    ProgressForm,
    RecoveryPlanForm,
    RecoveryPlanStartForm,
    SafetyPlanForm,
    StepDoneForm,
    StepForm,
    WellnessPlanForm,
    progress_auto_id,
    step_auto_id,
)
from hearth.plans.models import AcknowledgedHow, Dimension, PlanStatus, RecoveryPlan
from hearth.plans.services import (
    RECOVERY_PLAN_TYPE,
    SAFETY_FIELDS,
    SAFETY_PLAN_TYPE,
    WELLNESS_FIELDS,
    WELLNESS_PLAN_TYPE,
)

#: SAMHSA's four dimensions of recovery, in their order, with a line to say what each
#: holds (paraphrased from SAMHSA's working definition of recovery, 2012).
DIMENSION_DESCRIPTIONS = {
    Dimension.HEALTH: gettext_lazy(
        "Managing or overcoming symptoms, and making informed, healthy choices for body and mind."
    ),
    Dimension.HOME: gettext_lazy("A stable, safe place to live."),
    Dimension.PURPOSE: gettext_lazy(
        "Meaningful things to do each day (work, school, volunteering, caring, creating) "
        "and the income and independence to take part in society."
    ),
    Dimension.COMMUNITY: gettext_lazy(
        "Relationships and social networks that give support, friendship, love and hope."
    ),
}


def goals_by_dimension(plan: RecoveryPlan | None) -> list[dict]:
    """The plan's prefetched goals grouped under the four dimensions (all four always
    shown, so an empty dimension invites a goal)."""
    goals = list(plan.goals.all()) if plan is not None else []
    return [
        {
            "value": value,
            "label": label,
            "description": DIMENSION_DESCRIPTIONS[value],
            "goals": [g for g in goals if g.dimension == value],
        }
        for value, label in Dimension.choices
    ]


def always_crisis_lines() -> list:
    """National lines every safety plan shows whatever else it holds: the 988 Lifeline,
    the Crisis Text Line and the Veterans Crisis Line (911 is printed on its own)."""
    return [line for line in national_lines() if line.tel == "988" or line.sms == "741741"]


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _conflict_rows(form, current, names) -> list[dict]:
    """Fields where what the editor typed differs from what is saved now."""
    rows = []
    for name in names:
        theirs, saved = form.cleaned_data.get(name), getattr(current, name, None)
        if theirs != saved:
            rows.append({"label": form.fields[name].label, "saved": saved or "—"})
    return rows


def _keep_input_after_conflict(form, current_version: int) -> None:
    """The editor keeps everything they typed; saving again now overwrites on purpose."""
    form.data = form.data.copy()
    form.data["version"] = current_version


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


# --- wellness plan and safety plan ------------------------------------------------------------


def _single_plan_view(request, pk, *, object_type, fetch, template, extra=None):
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = fetch(participant)
    services.plan_viewed(
        actor=request.user,
        object_type=object_type,
        plan=plan,
        participant=participant,
        request=request,
    )
    context = {
        "participant": participant,
        "plan": plan,
        "can_edit": can(request.user, Perm.PLAN_EDIT),
        **(extra(participant) if extra else {}),
    }
    return render(request, template, context)


def _single_plan_edit(
    request, pk, *, object_type, fetch, form_class, fields, save, template, done_url
):
    participant = selectors.get_participant_for_plans(request.user, pk)
    plan = fetch(participant)
    initial = {f: getattr(plan, f) for f in fields} if plan else {}
    initial["version"] = plan.version if plan else 0
    form = form_class(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            save(
                actor=request.user,
                participant=participant,
                data=form.domain_data(),
                expected_version=version if version is not None else initial["version"],
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = _conflict_rows(form, exc.current, fields)
            _keep_input_after_conflict(form, exc.current.version)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(done_url, pk=participant.public_id)
    elif request.method == "GET" and plan is not None:
        services.plan_viewed(
            actor=request.user,
            object_type=object_type,
            plan=plan,
            participant=participant,
            request=request,
        )
    return render(
        request,
        template,
        {"form": form, "participant": participant, "plan": plan, "conflict": conflict},
        status=409 if conflict is not None else _status(form),
    )


@requires(Perm.PLAN_VIEW)
def wellness_plan(request: HttpRequest, pk) -> HttpResponse:
    return _single_plan_view(
        request,
        pk,
        object_type=WELLNESS_PLAN_TYPE,
        fetch=selectors.wellness_plan_for,
        template="plans/wellness.html",
    )


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def wellness_plan_edit(request: HttpRequest, pk) -> HttpResponse:
    return _single_plan_edit(
        request,
        pk,
        object_type=WELLNESS_PLAN_TYPE,
        fetch=selectors.wellness_plan_for,
        form_class=WellnessPlanForm,
        fields=WELLNESS_FIELDS,
        save=services.wellness_plan_save,
        template="plans/wellness_edit.html",
        done_url="plans:wellness",
    )


def _safety_extra(participant) -> dict:
    return {
        "crisis_always": always_crisis_lines(),
        "local_lines": selectors.local_crisis_lines(participant),
    }


@requires(Perm.PLAN_VIEW)
def safety_plan(request: HttpRequest, pk) -> HttpResponse:
    return _single_plan_view(
        request,
        pk,
        object_type=SAFETY_PLAN_TYPE,
        fetch=selectors.safety_plan_for,
        template="plans/safety.html",
        extra=_safety_extra,
    )


@requires(Perm.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request: HttpRequest, pk) -> HttpResponse:
    return _single_plan_edit(
        request,
        pk,
        object_type=SAFETY_PLAN_TYPE,
        fetch=selectors.safety_plan_for,
        form_class=SafetyPlanForm,
        fields=SAFETY_FIELDS,
        save=services.safety_plan_save,
        template="plans/safety_edit.html",
        done_url="plans:safety",
    )


def safety_plan_pdf_response(request, participant) -> HttpResponse:
    """The safety plan as a PDF (a blank plan to fill in by hand if none is written yet),
    always with 911, 988, the Crisis Text Line and the organisation's own numbers."""
    plan = selectors.safety_plan_for(participant)
    html = pdf.render_pdf_html(
        "plans/pdf/safety.html",
        {
            "participant": participant,
            "plan": plan,
            "crisis_always": always_crisis_lines(),
            "local_lines": selectors.local_crisis_lines(participant),
            "printed_on": timezone.localdate(),
        },
        request=request,
    )
    body = pdf.html_to_pdf(html)
    services.plan_exported(
        actor=request.user,
        object_type=SAFETY_PLAN_TYPE,
        plan=plan,
        participant=participant,
        request=request,
    )
    return pdf.pdf_response(body, filename="safety-plan.pdf", inline=True)


@requires(Perm.PLAN_VIEW)
def safety_plan_pdf(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for_plans(request.user, pk)
    return safety_plan_pdf_response(request, participant)
