"""Wellness plan (WRAP-style) and safety plan pages, and the safety plan PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can
from hearth.plans import pdf, selectors, services
from hearth.plans.forms import (
    SafetyPlanForm,
    WellnessPlanForm,
)
from hearth.plans.services import (
    SAFETY_FIELDS,
    SAFETY_PLAN_TYPE,
    WELLNESS_FIELDS,
    WELLNESS_PLAN_TYPE,
)

#: SAMHSA's four dimensions of recovery, in their order, with a line to say what each
#: holds (paraphrased from SAMHSA's working definition of recovery, 2012).
from hearth.plans.views.common import (
    _conflict_rows,
    _keep_input_after_conflict,
    _status,
    always_crisis_lines,
)

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
