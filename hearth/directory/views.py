"""Staff pages: connecting a participant to resources (their saved list, printed, texted
or emailed), suggesting corrections to listings and reviewing them, exporting the directory.

Participants are fetched inside the user's scope (404 outside it) and every look at or
change to a participant's saved list is audited by the services."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.paging import querystring_without_page
from hearth.core.policy import Perm, participant_scope
from hearth.directory import services
from hearth.directory.forms import CorrectionForm, FindHelpForm, ReviewForm, SaveForm, SendForm
from hearth.directory.hsds.dump import export_json, export_tabular_files
from hearth.directory.models import CorrectionStatus, ListingCorrection, SavedResource, Service
from hearth.directory.presenters import listing_summary
from hearth.directory.public_views import search_context
from hearth.directory.selectors import saved_resources_for, services_public
from hearth.participants.models import Participant


def _participant(user, pk) -> Participant:
    try:
        return Participant.objects.filter(participant_scope(user)).get(public_id=pk)
    except (Participant.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _saved_rows(saved):
    return [{"item": s, "summary": listing_summary(s.service)} for s in saved]


@requires(Perm.DIRECTORY_CONNECT)
@require_GET
def connect(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request.user, pk)
    saved = saved_resources_for(participant)
    services.saved_list_viewed(actor=request.user, participant=participant, request=request)
    form = FindHelpForm(request.GET or None)
    context = (
        search_context(request, form, services_public())
        if request.GET
        else {
            "form": form,
            "results": [],
        }
    )
    context.update(
        participant=participant,
        saved=_saved_rows(saved),
        saved_ids={s.service_id for s in saved},
        send_form=SendForm(),
        query_string=querystring_without_page(request),
    )
    return render(request, "directory/connect.html", context)


@requires(Perm.DIRECTORY_CONNECT)
@require_POST
def save(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request.user, pk)
    form = SaveForm(request.POST)
    service = None
    if form.is_valid():
        service = Service.objects.filter(pk=form.cleaned_data["service"]).first()
    if service is None:
        messages.error(request, _("That service could not be found."))
        return redirect("directory:connect", pk=participant.public_id)
    services.saved_resource_add(
        actor=request.user,
        participant=participant,
        service=service,
        note=form.cleaned_data["note"],
        request=request,
    )
    messages.success(request, _("Saved “%(name)s” to their list.") % {"name": service.name})
    url = reverse("directory:connect", kwargs={"pk": participant.public_id})
    # Back to the same search, so the peer can keep saving from it.
    query = request.POST.get("query", "")[:2000]
    return redirect(f"{url}?{query}" if query else url)


@requires(Perm.DIRECTORY_CONNECT)
@require_POST
def remove(request: HttpRequest, pk, item_id) -> HttpResponse:
    participant = _participant(request.user, pk)
    saved = get_object_or_404(SavedResource, participant=participant, public_id=item_id)
    services.saved_resource_remove(
        actor=request.user, participant=participant, saved=saved, request=request
    )
    messages.success(request, _("Removed from their list."))
    return redirect("directory:connect", pk=participant.public_id)


@requires(Perm.DIRECTORY_CONNECT)
@require_GET
def print_list(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request.user, pk)
    saved = saved_resources_for(participant)
    services.saved_list_printed(actor=request.user, participant=participant, request=request)
    return render(
        request,
        "directory/print.html",
        {"participant": participant, "saved": _saved_rows(saved)},
    )


@requires(Perm.DIRECTORY_CONNECT)
@require_POST
def send(request: HttpRequest, pk) -> HttpResponse:
    participant = _participant(request.user, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose text message or email."))
        return redirect("directory:connect", pk=participant.public_id)
    channel = form.cleaned_data["channel"]
    try:
        services.saved_list_send(
            actor=request.user, participant=participant, channel=channel, request=request
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("directory:connect", pk=participant.public_id)
    messages.success(
        request,
        _("The list was sent by text message.")
        if channel == "sms"
        else _("The list was sent by email."),
    )
    return redirect("directory:connect", pk=participant.public_id)


@requires(Perm.DIRECTORY_SUGGEST)
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, service_id: str) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id[:250])
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_correction_suggest(
                actor=request.user, service=service, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you: your correction will be reviewed."))
            return redirect("find_help:service", service_id=service.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "directory/suggest.html",
        {"service": service, "form": form, "summary": listing_summary_for(service)},
        status=status,
    )


def listing_summary_for(service):
    from hearth.directory.selectors import service_for_display

    return listing_summary(service_for_display(service.pk))


@requires(Perm.DIRECTORY_MANAGE)
@require_GET
def corrections(request: HttpRequest) -> HttpResponse:
    rows = (
        ListingCorrection.objects.filter(
            organisation_id=request.user.organisation_id, status=CorrectionStatus.OPEN
        )
        .select_related("service", "suggested_by")
        .order_by("created_at")[:200]
    )
    rows = list(rows)
    for row in rows:
        row.label = services.CORRECTABLE_FIELDS.get(row.field_name, row.field_name)
    return render(
        request,
        "directory/corrections.html",
        {"corrections": rows, "labels": services.CORRECTABLE_FIELDS},
    )


@requires(Perm.DIRECTORY_MANAGE)
@require_POST
def review(request: HttpRequest, correction_id) -> HttpResponse:
    try:
        correction = ListingCorrection.objects.get(
            organisation_id=request.user.organisation_id, public_id=correction_id
        )
    except (ListingCorrection.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose apply or dismiss."))
        return redirect("directory:corrections")
    try:
        services.listing_correction_review(
            actor=request.user,
            correction=correction,
            apply=form.cleaned_data["decision"] == "apply",
            request=request,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("directory:corrections")


@requires(Perm.DIRECTORY_EXPORT)
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole directory as HSDS 3.0: a JSON array of full services, or a zipped
    tabular data package."""
    if fmt == "json":
        buffer = io.StringIO()
        export_json(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="hsds-services.json"'
        return response
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in export_tabular_files().items():
            zf.writestr(name, text)
    response = StreamingHttpResponse(iter([archive.getvalue()]), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hsds-package.zip"'
    return response
