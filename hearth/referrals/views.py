"""Referral pages: from a participant's record, the referral itself, the peer's
follow-ups, the reports, and the receiving organisation's page (no account, a link)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.core.access import public, requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can
from hearth.directory.models import Organization
from hearth.participants import selectors as participant_selectors
from hearth.participants import services as participant_services
from hearth.referrals import selectors, services
from hearth.referrals.forms import (
    ConsentForm,
    OutcomeForm,
    ReferralForm,
    ReportForm,
    ServiceSearchForm,
    TransitionForm,
)
from hearth.referrals.lifecycle import SHARED, Side, next_statuses
from hearth.referrals.models import REASON_LISTS, ReferralStatus
from hearth.referrals.presenters import receiver_summary, status_actions


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# --- From the participant's record ------------------------------------------------------


@requires(Perm.REFERRAL_VIEW)
def participant_referrals(request: HttpRequest, pk) -> HttpResponse:
    participant = participant_selectors.get_participant_for(request.user, pk)
    page = Paginator(selectors.referrals_for(request.user, participant=participant), 25).get_page(
        request.GET.get("page")
    )
    consents = selectors.consents_for(participant)
    services.referral_list_view(actor=request.user, count=len(page.object_list), request=request)
    return render(
        request,
        "referrals/participant_list.html",
        {
            "participant": participant,
            "page": page,
            "referrals": page.object_list,
            "consents": consents,
            "can_write": can(request.user, Perm.REFERRAL_WRITE),
        },
    )


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk) -> HttpResponse:
    """Pick a service (``?service=<HSDS id>`` comes from the directory's resource view, or
    the picker below searches the directory by name), then say what is asked for."""
    participant = participant_selectors.get_participant_for(request.user, pk)
    service_id = request.POST.get("service") or request.GET.get("service", "")
    service = selectors.get_service(service_id)
    search = ServiceSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if service is None:
        results = selectors.services_matching(query)
        context = {"participant": participant, "search": search, "results": results, "q": query}
        if request.htmx:
            return render(request, "referrals/_service_results.html", context)
        if service_id:
            messages.error(request, _("That service is not in the directory. Choose another."))
        participant_services.participant_record_view(
            actor=request.user, participant=participant, request=request
        )
        return render(request, "referrals/create.html", context)
    categories = services.service_categories(service)
    form = ReferralForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user,
                participant=participant,
                service=service,
                reason=form.cleaned_data["reason"],
                priority=form.cleaned_data["priority"],
                notes=form.cleaned_data["notes"],
                category_id=form.cleaned_data.get("category", ""),
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Referral saved as a draft."))
            return redirect("referrals:detail", pk=referral.public_id)
    elif request.method == "GET":
        participant_services.participant_record_view(
            actor=request.user, participant=participant, request=request
        )
    return render(
        request,
        "referrals/create.html",
        {"participant": participant, "service": service, "form": form, "search": search},
        status=_status(form),
    )


# --- One referral -----------------------------------------------------------------------


def _detail_context(request, referral, **extra) -> dict:
    consent = services.active_consent(referral.participant, referral.organization_id_hsds)
    links = list(referral.links.order_by("-created_at")[:5])
    can_write = can(request.user, Perm.REFERRAL_WRITE)
    return {
        "referral": referral,
        "events": selectors.timeline(referral),
        "consent": consent,
        "links": links,
        "active_link": next((link for link in links if link.is_usable()), None),
        "can_write": can_write,
        "actions": status_actions(referral, Side.REFERRER) if can_write else [],
        "shared": referral.status in SHARED,
        "follow_up": getattr(referral, "follow_up", None) if referral.sent_at else None,
        "provider_email": services.provider_email(referral) if referral.sent_at else "",
        **extra,
    }


@requires(Perm.REFERRAL_VIEW)
def referral_detail(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    services.referral_record_view(actor=request.user, referral=referral, request=request)
    return render(request, "referrals/detail.html", _detail_context(request, referral))


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    if request.method == "GET":
        services.referral_record_view(actor=request.user, referral=referral, request=request)
    initial = {"reason": referral.reason, "priority": referral.priority, "notes": referral.notes}
    form = ReferralForm(request.POST or None, initial=initial, editing=referral)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {
            f: form.cleaned_data[f] for f in ("reason", "priority", "notes") if f in form.fields
        }
        try:
            services.referral_update(
                actor=request.user,
                referral=referral,
                data=data,
                expected_version=form.cleaned_data.get("version") or referral.version,
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = [
                {"label": form.fields[f].label, "saved": getattr(exc.current, f) or "—"}
                for f in data
                if data[f] != getattr(exc.current, f)
            ]
            # Keep what was typed; saving again now overwrites on purpose.
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("referrals:detail", pk=referral.public_id)
    return render(
        request,
        "referrals/edit.html",
        {"referral": referral, "form": form, "conflict": conflict},
        status=409 if conflict is not None else _status(form),
    )


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["POST"])
def referral_transition(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    form = TransitionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.referral_transition(
                actor=request.user,
                referral=referral,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except services.ConcurrentEditError as exc:
            referral = exc.current
            status = 409
            form.add_error(
                None,
                _(
                    "Someone else updated this referral a moment ago (it is now “%(status)s”). "
                    "Check it below; what you typed is still here."
                )
                % {"status": exc.current.get_status_display()},
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            label = ReferralStatus(form.cleaned_data["to_status"]).label
            messages.success(request, _("Referral marked “%(status)s”.") % {"status": label})
            return redirect("referrals:detail", pk=referral.public_id)
    referral = selectors.get_referral_for(request.user, pk)
    context = _detail_context(request, referral, failed=form)
    return render(request, "referrals/detail.html", context, status=status)


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["GET", "POST"])
def referral_outcome(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    if referral.sent_at is None:
        messages.error(request, _("Send the referral before recording what came of it."))
        return redirect("referrals:detail", pk=referral.public_id)
    if request.method == "GET":
        services.referral_record_view(actor=request.user, referral=referral, request=request)
    initial = {
        "got_service": referral.got_service,
        "helpful": referral.helpful,
        "note": referral.outcome_note,
        "version": referral.version,
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_record_outcome(
                actor=request.user,
                referral=referral,
                got_service=form.cleaned_data["got_service"],
                helpful=form.cleaned_data["helpful"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = []
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Outcome recorded; the follow-up is done."))
            return redirect("referrals:detail", pk=referral.public_id)
    return render(
        request,
        "referrals/outcome.html",
        {"referral": referral, "form": form, "conflict": conflict},
        status=409 if conflict is not None else _status(form),
    )


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["POST"])
def link_issue(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    try:
        link, token = services.link_issue(actor=request.user, referral=referral, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("referrals:detail", pk=referral.public_id)
    url = request.build_absolute_uri(reverse("referrals:receiver", kwargs={"token": token}))
    emailed = ""
    if request.POST.get("email"):
        emailed = services.link_email(
            actor=request.user, referral=referral, link=link, url=url, request=request
        )
    return render(
        request,
        "referrals/link_issued.html",
        {"referral": referral, "link": link, "url": url, "emailed": emailed},
    )


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["POST"])
def link_revoke(request: HttpRequest, pk) -> HttpResponse:
    referral = selectors.get_referral_for(request.user, pk)
    stopped = services.link_revoke(actor=request.user, referral=referral, request=request)
    if stopped:
        messages.success(request, _("The receiving organisation's link no longer works."))
    else:
        messages.info(request, _("There was no working link to stop."))
    return redirect("referrals:detail", pk=referral.public_id)


# --- Consent ----------------------------------------------------------------------------


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, pk) -> HttpResponse:
    """Record consent to share with one provider (``?organization=<HSDS id>``); after
    saving, go back to the referral named by ``?referral=<public id>`` if any."""
    participant = participant_selectors.get_participant_for(request.user, pk)
    org_id = request.GET.get("organization", "")[:250]
    organization = Organization.objects.filter(pk=org_id).first() if org_id else None
    if organization is None:
        raise Http404
    back = request.GET.get("referral", "")
    referral = None
    if back:
        try:
            referral = selectors.get_referral_for(request.user, back)
        except Http404:
            referral = None
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.ConsentInput(
            organization=organization,
            shares=form.cleaned_data["shares"],
            purpose=form.cleaned_data["purpose"],
            method=form.cleaned_data["method"],
            given_at=form.given_at(),
            expires_on=form.cleaned_data["expires_on"],
            told_can_revoke=form.cleaned_data["told_can_revoke"],
        )
        try:
            services.consent_record(
                actor=request.user, participant=participant, data=data, request=request
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "given_at" in exc.error_dict:
                exc.error_dict["given_on"] = exc.error_dict.pop("given_at")
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            if referral is not None:
                return redirect("referrals:detail", pk=referral.public_id)
            return redirect("referrals:participant", pk=participant.public_id)
    elif request.method == "GET":
        participant_services.participant_record_view(
            actor=request.user, participant=participant, request=request
        )
    return render(
        request,
        "referrals/consent_form.html",
        {
            "participant": participant,
            "organization": organization,
            "form": form,
            "referral": referral,
        },
        status=_status(form),
    )


@requires(Perm.REFERRAL_WRITE)
@require_http_methods(["POST"])
def consent_revoke(request: HttpRequest, pk) -> HttpResponse:
    consent = selectors.get_consent_for(request.user, pk)
    stopped = services.consent_revoke(actor=request.user, consent=consent, request=request)
    messages.success(
        request,
        _("Consent withdrawn. Nothing more will be shared; %(n)s link(s) stopped working.")
        % {"n": stopped},
    )
    return redirect("referrals:participant", pk=consent.participant.public_id)


# --- The peer's follow-ups and the reports ----------------------------------------------


@requires(Perm.REFERRAL_WRITE)
def follow_ups(request: HttpRequest) -> HttpResponse:
    rows = selectors.follow_ups_for(request.user)
    services.referral_list_view(actor=request.user, count=len(rows), request=request)
    return render(
        request,
        "referrals/follow_ups.html",
        {"follow_ups": rows, "can_report": can(request.user, Perm.REFERRAL_REPORTS)},
    )


@requires(Perm.REFERRAL_REPORTS)
def reports(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    by = (form.cleaned_data.get("by") if form.is_valid() else "") or "service"
    groups = selectors.report(request.user, by=by)
    from hearth.referrals.reporting import overall

    services.referral_list_view(
        actor=request.user, count=len(groups), request=request, what="referral_report"
    )
    return render(
        request,
        "referrals/reports.html",
        {"form": form, "by": by, "groups": groups, "total": overall(groups)},
    )


# --- The receiving organisation ---------------------------------------------------------


def _receiver_headers(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never send it to another site (same-origin still sends
    # the Origin header CSRF checks need), never keep the page.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_problem(request, code: str) -> HttpResponse:
    status = 404 if code == "unknown" else 410
    response = render(request, "referrals/receiver_invalid.html", {"code": code}, status=status)
    return _receiver_headers(response)


@public
@require_http_methods(["GET", "POST"])
def receiver(request: HttpRequest, token: str) -> HttpResponse:
    """The receiving organisation's page: the minimum it needs to serve the person, and
    the answers it can give. No account; the link reaches this one referral only."""
    try:
        link = services.receiver_open(token=token, request=request)
    except services.LinkProblem as exc:
        return _link_problem(request, exc.code)
    referral = link.referral
    form = TransitionForm(request.POST or None)
    status = 200
    done = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                referral = services.receiver_update(
                    token=token,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )
            except services.LinkProblem as exc:
                return _link_problem(request, exc.code)
            except services.ConcurrentEditError as exc:
                referral, status = exc.current, 409
                form.add_error(
                    None,
                    _(
                        "Someone else updated this referral a moment ago (it is now "
                        "“%(status)s”). Check it below; what you typed is still here."
                    )
                    % {"status": exc.current.get_status_display()},
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                done, status = referral.get_status_display(), 200
    context = {
        "summary": receiver_summary(referral),
        "referral": referral,
        "actions": status_actions(referral, Side.RECEIVER),
        "failed": form if form.is_bound and form.errors else None,
        "done": done,
        "token": token,
        "reason_lists": REASON_LISTS,
        "next": next_statuses(referral.status, Side.RECEIVER),
    }
    return _receiver_headers(render(request, "referrals/receiver.html", context, status=status))
