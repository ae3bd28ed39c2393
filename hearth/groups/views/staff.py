"""Staff pages to set groups up: the list, create and edit, curriculum, registering
someone, attendance history, cancelling or moving a meeting, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.policy import Perm, can, participant_scope
from hearth.groups import selectors, services
from hearth.groups.forms import (
    CancelSessionForm,
    CurriculumItemForm,
    GroupForm,
    MoveSessionForm,
    StaffRegisterForm,
)
from hearth.groups.models import GroupSession, Registration, RegistrationStatus
from hearth.groups.views._common import _certificate, _form_errors
from hearth.participants.models import Participant
from hearth.participants.selectors import get_participant_for

# --- Staff -------------------------------------------------------------------------------------


@requires(Perm.GROUPS_VIEW)
def manage(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.groups_for(request.user), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "may_manage": can(request.user, Perm.GROUPS_MANAGE),
        "new_link": request.session.pop("groups_calendar_link", None),
        "has_link": hasattr(request.user, "calendar_link"),
    }
    return render(request, "groups/manage.html", context)


@requires(Perm.GROUPS_MANAGE)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    org = request.user.organisation
    form = GroupForm(request.POST or None, organisation=org, initial={"timezone": org.timezone})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user,
                data=form.service_data(),
                facilitators=form.cleaned_data["facilitators"],
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Group saved and its meetings scheduled."))
            return redirect("groups:detail", pk=group.public_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "groups/form.html", {"form": form}, status=status)


@requires(Perm.GROUPS_MANAGE)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_group_for(request.user, pk)
    form = GroupForm(request.POST or None, instance=group, organisation=group.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            group, counts = services.group_update(
                actor=request.user,
                group=selectors.get_group_for(request.user, pk),
                data=form.service_data(),
                facilitators=form.cleaned_data["facilitators"],
                expected_version=version,
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
            if not hasattr(exc, "error_dict"):
                # Saved by someone else meanwhile: nothing written, the input is kept.
                group = selectors.get_group_for(request.user, pk)
                return render(
                    request, "groups/form.html", {"form": form, "group": group}, status=409
                )
        else:
            messages.success(request, _("Group saved."))
            return redirect("groups:detail", pk=group.public_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "groups/form.html", {"form": form, "group": group}, status=status)


@requires(Perm.GROUPS_VIEW)
def detail(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_group_for(request.user, pk)
    sessions = selectors.upcoming_sessions(group)
    facilitates = services.may_facilitate(request.user, group)
    registrations = selectors.registrations_of(group) if facilitates else []
    if facilitates:
        audit_record(
            actor=request.user,
            action=Action.LIST,
            object_type="group_registration",
            object_id=str(group.public_id),
            organisation_id=group.organisation_id,
            detail=f"rows={len(registrations)}",
            request=request,
        )
    context = {
        "group": group,
        "sessions": sessions,
        "past": selectors.past_sessions(group),
        "overlaps": selectors.overlaps_for(group, sessions),
        "registrations": registrations,
        "facilitates": facilitates,
        "may_manage": can(request.user, Perm.GROUPS_MANAGE),
        "cancel_form": CancelSessionForm(),
        "curriculum_form": CurriculumItemForm(),
        "curriculum": list(group.curriculum.all()),
    }
    return render(request, "groups/detail.html", context)


@requires(Perm.GROUPS_MANAGE)
@require_POST
def curriculum_add(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_group_for(request.user, pk)
    form = CurriculumItemForm(request.POST)
    if form.is_valid():
        try:
            services.curriculum_item_add(
                actor=request.user, group=group, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Session topic added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("groups:detail", pk=group.public_id)


def _curriculum_item(request, pk, position: int):
    group = selectors.get_group_for(request.user, pk)
    item = group.curriculum.filter(position=position).first()
    if item is None:
        raise Http404
    return group, item


@requires(Perm.GROUPS_MANAGE)
@require_http_methods(["GET", "POST"])
def curriculum_edit(request: HttpRequest, pk, position: int) -> HttpResponse:
    group, item = _curriculum_item(request, pk, position)
    fields = ("title", "materials", "materials_url")
    form = CurriculumItemForm(request.POST or None, initial={f: getattr(item, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.curriculum_item_update(
                actor=request.user, item=item, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Session topic saved."))
            return redirect("groups:detail", pk=group.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "groups/curriculum_item.html",
        {"group": group, "item": item, "form": form},
        status=status,
    )


@requires(Perm.GROUPS_MANAGE)
@require_POST
def curriculum_remove(request: HttpRequest, pk, position: int) -> HttpResponse:
    group, item = _curriculum_item(request, pk, position)
    try:
        services.curriculum_item_remove(actor=request.user, item=item, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("groups:curriculum_edit", pk=group.public_id, position=position)
    messages.success(request, _("Session topic removed; the topics after it moved up."))
    return redirect("groups:detail", pk=group.public_id)


@requires(Perm.GROUPS_VIEW)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk) -> HttpResponse:
    """Staff register a participant they can see (their caseload, programme, org)."""
    group = selectors.get_group_for(request.user, pk)
    participants = Participant.objects.filter(participant_scope(request.user)).order_by("name")
    form = StaffRegisterForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user,
                group=group,
                participant=form.cleaned_data["participant"],
                reminder_channel=form.cleaned_data["reminder_channel"],
                request=request,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if registration.status == RegistrationStatus.REGISTERED:
                messages.success(request, _("Registered."))
            else:
                messages.warning(request, _("The group is full: they are on the waitlist."))
            return redirect("groups:detail", pk=group.public_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "groups/register.html", {"form": form, "group": group}, status=status)


@requires(Perm.GROUPS_VIEW)
def attendance(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_group_for(request.user, pk)
    if not services.may_facilitate(request.user, group):
        raise Http404
    sessions, rows = selectors.attendance_grid(group)
    audit_record(
        actor=request.user,
        action=Action.LIST,
        object_type="group_attendance",
        object_id=str(group.public_id),
        organisation_id=group.organisation_id,
        detail=f"rows={len(rows)}",
        request=request,
    )
    return render(
        request, "groups/attendance.html", {"group": group, "sessions": sessions, "rows": rows}
    )


@requires(Perm.GROUPS_VIEW)
def participant_attendance(request: HttpRequest, pk) -> HttpResponse:
    participant = get_participant_for(request.user, pk)
    history = selectors.attendance_history_for_participant(participant)
    audit_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="participant",
        object_id=str(participant.public_id),
        organisation_id=participant.organisation_id,
        detail="group_attendance",
        request=request,
    )
    return render(
        request,
        "groups/participant_attendance.html",
        {"participant": participant, "history": history},
    )


@requires(Perm.GROUPS_MANAGE)
@require_POST
def session_cancel(request: HttpRequest, pk) -> HttpResponse:
    session = (
        GroupSession.objects.select_related("group")
        .filter(public_id=pk, group__organisation_id=request.user.organisation_id)
        .first()
    )
    if session is None:
        raise Http404
    form = CancelSessionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        told = services.session_cancel(
            actor=request.user, session=session, reason=reason, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Meeting cancelled. %(n)d people were told.") % {"n": told})
    return redirect("groups:detail", pk=session.group.public_id)


@requires(Perm.GROUPS_MANAGE)
@require_POST
def session_move(request: HttpRequest, pk) -> HttpResponse:
    session = (
        GroupSession.objects.select_related("group")
        .filter(public_id=pk, group__organisation_id=request.user.organisation_id)
        .first()
    )
    if session is None:
        raise Http404
    form = MoveSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new date and start time."))
        return redirect("groups:detail", pk=session.group.public_id)
    from datetime import datetime as _datetime

    new_start = _datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"])
    try:
        services.session_move(
            actor=request.user, session=session, new_start=new_start, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Meeting moved. Everyone registered was told."))
    return redirect("groups:detail", pk=session.group.public_id)


@requires(Perm.GROUPS_MANAGE)
def staff_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = (
        Registration.objects.select_related("group", "participant", "user")
        .filter(pk=pk, group__organisation_id=request.user.organisation_id)
        .first()
    )
    if registration is None:
        raise Http404
    return _certificate(request, registration)
