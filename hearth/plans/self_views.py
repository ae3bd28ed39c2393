"""A participant's own plans (``OWN_PLANS_VIEW``): read, agree to the recovery plan,
download the safety plan and their whole record as PDFs. Only the record linked to their
own sign-in is ever shown; without one, every page is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import requires
from hearth.core.policy import Perm
from hearth.participants.models import Participant
from hearth.plans import pdf, selectors, services
from hearth.plans.forms import AcknowledgeForm
from hearth.plans.models import AcknowledgedHow, PlanStatus, RecoveryPlan
from hearth.plans.services import RECOVERY_PLAN_TYPE, SAFETY_PLAN_TYPE, WELLNESS_PLAN_TYPE
from hearth.plans.views import always_crisis_lines, goals_by_dimension, safety_plan_pdf_response


def _own_record_or_404(request: HttpRequest) -> Participant:
    record = selectors.get_own_record(request.user)
    if record is None:
        raise Http404
    return record


@requires(Perm.OWN_PLANS_VIEW)
def own_recovery_plan(request: HttpRequest) -> HttpResponse:
    record = _own_record_or_404(request)
    plan = selectors.active_recovery_plan(record)
    services.plan_viewed(
        actor=request.user,
        object_type=RECOVERY_PLAN_TYPE,
        plan=plan,
        participant=record,
        request=request,
    )
    return render(
        request,
        "plans/mine_recovery.html",
        {"record": record, "plan": plan, "dimensions": goals_by_dimension(plan)},
    )


@requires(Perm.OWN_PLANS_VIEW)
@require_POST
def own_recovery_plan_agree(request: HttpRequest) -> HttpResponse:
    record = _own_record_or_404(request)
    plan = RecoveryPlan.objects.filter(participant=record, status=PlanStatus.ACTIVE).first()
    if plan is None:
        raise Http404
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Something was missing. Please try again."))
        return redirect("plans:mine_recovery")
    try:
        services.recovery_plan_acknowledge(
            actor=request.user,
            plan=plan,
            how=AcknowledgedHow.OWN_ACCOUNT,
            seen_revision=form.cleaned_data["revision"],
            request=request,
        )
    except services.PlanChangedError:
        messages.error(
            request,
            _("Your plan was changed a moment ago. Please read it again before you agree."),
        )
    else:
        messages.success(request, _("Thank you. Your peer specialist will see that you agreed."))
    return redirect("plans:mine_recovery")


@requires(Perm.OWN_PLANS_VIEW)
def own_wellness_plan(request: HttpRequest) -> HttpResponse:
    record = _own_record_or_404(request)
    plan = selectors.wellness_plan_for(record)
    services.plan_viewed(
        actor=request.user,
        object_type=WELLNESS_PLAN_TYPE,
        plan=plan,
        participant=record,
        request=request,
    )
    return render(request, "plans/mine_wellness.html", {"record": record, "plan": plan})


@requires(Perm.OWN_PLANS_VIEW)
def own_safety_plan(request: HttpRequest) -> HttpResponse:
    record = _own_record_or_404(request)
    plan = selectors.safety_plan_for(record)
    services.plan_viewed(
        actor=request.user,
        object_type=SAFETY_PLAN_TYPE,
        plan=plan,
        participant=record,
        request=request,
    )
    return render(
        request,
        "plans/mine_safety.html",
        {
            "record": record,
            "plan": plan,
            "crisis_always": always_crisis_lines(),
            "local_lines": selectors.local_crisis_lines(record),
        },
    )


@requires(Perm.OWN_PLANS_VIEW)
def own_safety_plan_pdf(request: HttpRequest) -> HttpResponse:
    return safety_plan_pdf_response(request, _own_record_or_404(request))


@requires(Perm.OWN_PLANS_VIEW)
def own_record_pdf(request: HttpRequest) -> HttpResponse:
    """Right of access: everything Hearth keeps with the participant about their care —
    their details, care team, plans (archived recovery plans too) and, where the
    organisation shares them, the signed notes written with them."""
    record = _own_record_or_404(request)
    record = (
        Participant.objects.select_related("organisation")
        .prefetch_related("programmes", "assignments__specialist")
        .get(pk=record.pk)
    )
    plans = selectors.all_recovery_plans(record)
    notes = selectors.shared_notes_for(record)
    html = pdf.render_pdf_html(
        "plans/pdf/record.html",
        {
            "record": record,
            "team": [a for a in record.assignments.all() if a.ended_at is None],
            "recovery_plans": [(p, goals_by_dimension(p)) for p in plans],
            "wellness": selectors.wellness_plan_for(record),
            "safety": selectors.safety_plan_for(record),
            "crisis_always": always_crisis_lines(),
            "local_lines": selectors.local_crisis_lines(record),
            "notes": notes,
            "shares_notes": record.organisation.share_notes_with_participants,
            "printed_at": timezone.localtime(),
        },
        request=request,
    )
    body = pdf.html_to_pdf(html)
    services.own_record_exported(
        actor=request.user, participant=record, notes=len(notes), request=request
    )
    return pdf.pdf_response(body, filename="my-hearth-record.pdf", inline=False)
