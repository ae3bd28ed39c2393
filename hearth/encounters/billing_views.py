"""Billing pages: the payers' rules and the intervention list (org admins), and the
claims export with its rejects report (billers: org admins and programme managers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.audit.models import Action
from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can, participant_scope
from hearth.encounters import billing_selectors as selectors
from hearth.encounters import billing_services as services
from hearth.encounters.billing_forms import (
    ClaimsForm,
    InterventionAddForm,
    InterventionForm,
    PayerForm,
)
from hearth.encounters.claims import MEMBER_ID_NOTE, build_claims_report, iter_output
from hearth.encounters.models import Payer
from hearth.organisations.models import Organisation


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# -- payers ----------------------------------------------------------------------------


@requires(Perm.BILLING_CONFIGURE)
def payer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "billing/payer_list.html", {"payers": selectors.payers_for(request.user)}
    )


@requires(Perm.BILLING_CONFIGURE)
@require_http_methods(["GET", "POST"])
def payer_edit(request: HttpRequest, pk=None) -> HttpResponse:
    payer = selectors.get_payer_for(request.user, pk) if pk else Payer()
    form = PayerForm(request.POST or None, instance=payer, stamp=services.edit_stamp(payer))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.payer_save(
                actor=request.user,
                payer=form.save(commit=False),
                expected_stamp=form.cleaned_data.get("stamp") or None,
                request=request,
            )
        except services.StalePayerError as exc:
            conflict = True
            # The editor keeps what they typed; saving again now overwrites on purpose.
            form.data = form.data.copy()
            form.data["stamp"] = services.edit_stamp(exc.current)
            form.add_error(
                None,
                _(
                    "Someone else changed this payer while you were editing. Check the "
                    "rules below, then save again to keep yours."
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Payer saved."))
            return redirect("billing:payers")
    status = 409 if conflict else _status(form)
    return render(request, "billing/payer_form.html", {"form": form, "payer": payer}, status=status)


# -- interventions ---------------------------------------------------------------------


@requires(Perm.BILLING_CONFIGURE)
@require_http_methods(["GET", "POST"])
def intervention_list(request: HttpRequest) -> HttpResponse:
    """The list, plus a form to add one. An organisation that has none yet starts with
    the usual list, so a peer's first note already has choices."""
    form = InterventionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_add(
                actor=request.user, name=form.cleaned_data["name"], request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Intervention added."))
            return redirect("billing:interventions")
    elif request.method == "GET":
        services.interventions_ensure_defaults(actor=request.user, request=request)
    return render(
        request,
        "billing/intervention_list.html",
        {"form": form, "interventions": list(selectors.interventions_for(request.user))},
        status=_status(form),
    )


@requires(Perm.BILLING_CONFIGURE)
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, pk) -> HttpResponse:
    intervention = selectors.get_intervention_for(request.user, pk)
    form = InterventionForm(
        request.POST or None,
        initial={"name": intervention.name, "is_active": intervention.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                actor=request.user,
                intervention=intervention,
                name=form.cleaned_data["name"],
                is_active=form.cleaned_data["is_active"],
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Intervention saved."))
            return redirect("billing:interventions")
    return render(
        request,
        "billing/intervention_form.html",
        {"form": form, "intervention": intervention},
        status=_status(form),
    )


@requires(Perm.BILLING_CONFIGURE)
@require_http_methods(["POST"])
def intervention_move(request: HttpRequest, pk) -> HttpResponse:
    intervention = selectors.get_intervention_for(request.user, pk)
    services.intervention_move(
        actor=request.user,
        intervention=intervention,
        up=request.POST.get("direction") != "down",
        request=request,
    )
    return redirect("billing:interventions")


# -- claims ----------------------------------------------------------------------------

DOWNLOADS = {"claims", "rejects"}


@requires(Perm.CLAIMS_EXPORT)
def claims(request: HttpRequest) -> HttpResponse:
    """Choose a period (and payer) to see what would be billed and why each encounter left
    out is left out; download the claims file or the rejects report from the same form.

    The report covers only participants the user may see (``participant_scope``), though
    overlaps and daily caps are judged against all the organisation's encounters."""
    user = request.user
    bound = "start" in request.GET
    form = ClaimsForm(request.GET if bound else None, organisation_id=user.organisation_id)
    context: dict = {
        "form": form,
        "can_configure": can(user, Perm.BILLING_CONFIGURE),
        "member_id_note": MEMBER_ID_NOTE,
    }
    if not bound or not form.is_valid():
        return render(request, "billing/claims.html", context, status=_status(form))
    data = form.cleaned_data
    report = build_claims_report(
        organisation=Organisation.objects.get(pk=user.organisation_id),
        start=data["start"],
        end=data["end"],
        payer=data["payer"],
        participant_scope=participant_scope(user),
    )
    download = request.GET.get("download")
    if download in DOWNLOADS:
        return _download(request, report, what=download, fmt=data["format"])
    services.claims_export_record(
        actor=user,
        organisation_id=user.organisation_id,
        rows=report.line_count,
        rejects=report.reject_count,
        request=request,
        action=Action.LIST,
    )
    query = request.GET.copy()
    query.pop("download", None)
    context.update(report=report, summary=report.reasons_summary(), querystring=query.urlencode())
    return render(request, "billing/claims.html", context)


def _download(request: HttpRequest, report, *, what: str, fmt: str) -> StreamingHttpResponse:
    services.claims_export_record(
        actor=request.user,
        organisation_id=request.user.organisation_id,
        rows=report.line_count,
        rejects=report.reject_count,
        request=request,
        file=what,
    )
    content_type = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    response = StreamingHttpResponse(
        iter_output(report, what=what, fmt=fmt), content_type=content_type
    )
    name = f"{what}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
