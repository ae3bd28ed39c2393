from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.paging import querystring_without_page
from hearth.core.policy import Perm, can
from hearth.participants import selectors, services
from hearth.participants.forms import AssignForm, ParticipantFilterForm, ParticipantForm, StatusForm
from hearth.participants.models import Participant

PAGE_SIZE = 25


def _filtered_participants(request: HttpRequest):
    """The list's filter form, its cleaned filters, and the participants they select
    (within the user's scope). Invalid filters are ignored rather than refused."""
    form = ParticipantFilterForm(request.GET or None, organisation_id=request.user.organisation_id)
    filters = form.cleaned_data if form.is_valid() else {}
    programme = filters.get("programme")
    qs = selectors.participants_for(
        request.user,
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        programme_id=programme.public_id if programme else None,
        assigned_to_me=filters.get("mine", False),
    )
    return form, filters, qs


@requires(Perm.PARTICIPANT_LIST)
def participant_list(request: HttpRequest) -> HttpResponse:
    form, filters, qs = _filtered_participants(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    services.participant_list_view(
        actor=request.user,
        count=len(page.object_list),
        request=request,
        search=bool(filters.get("q")),
    )
    context = {
        "form": form,
        "page": page,
        "querystring": querystring_without_page(request),
        "can_create": can(request.user, Perm.PARTICIPANT_CREATE),
        "can_export": can(request.user, Perm.PARTICIPANT_EXPORT),
    }
    template = "participants/_results.html" if request.htmx else "participants/list.html"
    return render(request, template, context)


@requires(Perm.PARTICIPANT_CREATE)
@require_http_methods(["GET", "POST"])
def participant_create(request: HttpRequest) -> HttpResponse:
    form = ParticipantForm(request.POST or None, organisation_id=request.user.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                actor=request.user,
                data=form.domain_data(),
                programmes=form.cleaned_data["programmes"],
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Participant added."))
            return redirect("participants:detail", pk=participant.public_id)
    return render(
        request, "participants/form.html", {"form": form, "creating": True}, status=_status(form)
    )


@requires(Perm.PARTICIPANT_VIEW)
def participant_detail(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for(request.user, pk)
    services.participant_record_view(actor=request.user, participant=participant, request=request)
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "can_edit": can(request.user, Perm.PARTICIPANT_EDIT),
            "can_assign": can(request.user, Perm.PARTICIPANT_ASSIGN),
            "status_form": StatusForm(
                initial={"status": participant.status, "version": participant.version}
            ),
        },
    )


@requires(Perm.PARTICIPANT_EDIT)
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for(request.user, pk)
    form = ParticipantForm(
        request.POST or None, instance=participant, organisation_id=request.user.organisation_id
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or participant.version
        try:
            services.participant_update(
                actor=request.user,
                participant=selectors.get_participant_for(request.user, pk),
                data=form.domain_data(),
                programmes=form.cleaned_data["programmes"],
                expected_version=expected,
                request=request,
            )
        except services.ConcurrentEditError as exc:
            conflict = _conflicting_fields(form, exc.current)
            # The editor keeps everything they typed; saving again now overwrites on purpose.
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participants:detail", pk=participant.public_id)
    status = 409 if conflict is not None else _status(form)
    return render(
        request,
        "participants/form.html",
        {"form": form, "participant": participant, "conflict": conflict},
        status=status,
    )


@requires(Perm.PARTICIPANT_CHANGE_STATUS)
@require_http_methods(["POST"])
def participant_status(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.participant_set_status(
                actor=request.user,
                participant=participant,
                status=form.cleaned_data["status"],
                discharge_reason=form.cleaned_data["discharge_reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except services.ConcurrentEditError:
            messages.error(
                request,
                _(
                    "Someone else changed this record a moment ago. "
                    "Check the status below and try again."
                ),
            )
            return redirect("participants:detail", pk=participant.public_id)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("participants:detail", pk=participant.public_id)
    return render(
        request,
        "participants/status_form.html",
        {"form": form, "participant": participant},
        status=400,
    )


@requires(Perm.PARTICIPANT_ASSIGN)
@require_http_methods(["GET", "POST"])
def participant_assign(request: HttpRequest, pk) -> HttpResponse:
    participant = selectors.get_participant_for(request.user, pk)
    current = participant.active_assignments
    initial = {
        "specialists": [a.specialist for a in current],
        "primary": next((a.specialist for a in current if a.is_primary), None),
    }
    form = AssignForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_assign_specialists(
                actor=request.user,
                participant=participant,
                specialists=form.cleaned_data["specialists"],
                primary=form.cleaned_data["primary"],
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Care team updated."))
            return redirect("participants:detail", pk=participant.public_id)
    return render(
        request,
        "participants/assign.html",
        {"form": form, "participant": participant},
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _conflicting_fields(form: ParticipantForm, current: Participant) -> list[dict]:
    """Fields where what the editor typed differs from what is now saved."""
    rows = []
    for name in form.domain_data():
        if name == "notes":
            continue
        theirs, saved = form.cleaned_data.get(name), getattr(current, name)
        if theirs != saved:
            rows.append({"label": form.fields[name].label, "saved": saved or "—"})
    return rows


EXPORT_COLUMNS = [
    "public_id",
    "name",
    "preferred_name",
    "pronouns",
    "status",
    "discharge_reason",
    "preferred_language",
    "veteran_status",
    "phone",
    "email",
    "may_leave_voicemail",
    "may_text",
    "may_email",
    "referral_source",
    "created_at",
]


@requires(Perm.PARTICIPANT_EXPORT)
def participant_export(request: HttpRequest) -> HttpResponse:
    """CSV of the participants the user may see, with the list's filters applied. Notes
    are never exported in bulk. The export is audited with its row count."""
    import csv

    from django.http import StreamingHttpResponse
    from django.utils import timezone

    _form, _filters, qs = _filtered_participants(request)
    rows = list(qs.values_list(*EXPORT_COLUMNS))
    services.participant_export_record(actor=request.user, count=len(rows), request=request)

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def stream():
        yield writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            yield writer.writerow([_csv_safe(v) for v in row])

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(stream(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="participants-{stamp}.csv"'
    return response


def _csv_safe(value):
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
