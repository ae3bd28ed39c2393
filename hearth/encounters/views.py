"""Pages for logging sessions and writing, signing, co-signing and amending notes.

Phone-first: a peer logs a session and signs its note on one page between visits. Views
only parse input and call services and selectors; every record outside the user's scope
is a 404 (from the selectors)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from hearth.core.access import requires
from hearth.core.policy import Perm, may_cosign
from hearth.encounters import selectors, services
from hearth.encounters.forms import (
    AddendumForm,
    SessionForm,
    UnitsForm,
    VersionForm,
    session_defaults,
)
from hearth.encounters.models import Encounter, NoteStatus
from hearth.participants.selectors import get_participant_for


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _units_preview(form: SessionForm) -> str:
    """The units line under the times, from what the form holds (works without JS)."""
    if form.is_bound:
        values = getattr(form, "cleaned_data", {})
        payer = values.get("payer")
    else:
        values = form.initial
        payer_id = values.get("payer")
        payer = form.fields["payer"].queryset.filter(pk=payer_id).first() if payer_id else None
    day, start, end = values.get("date"), values.get("start"), values.get("end")
    if not (day and start and end):
        return ""
    minutes = _minutes(day, start, end, form.zone)
    if minutes <= 0:
        return ""
    return services.units_text(kind=values.get("kind") or "", payer=payer, minutes=minutes)


def _minutes(day: date, start: time, end: time, zone: ZoneInfo) -> int:
    return services.minutes_between(
        datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)
    )


def _say_saved(request: HttpRequest, encounter: Encounter, *, signed: bool) -> None:
    if signed:
        messages.success(request, _("Session logged and note signed."))
    else:
        messages.success(request, _("Saved as a draft. Sign the note when it is ready."))
    overlaps = getattr(encounter, "overlapping", [])
    if overlaps:
        messages.warning(
            request,
            ngettext(
                "This session overlaps another session you logged. Payers refuse overlapping "
                "claims: check the times.",
                "This session overlaps %(n)d other sessions you logged. Payers refuse "
                "overlapping claims: check the times.",
                len(overlaps),
            )
            % {"n": len(overlaps)},
        )


@requires(Perm.ENCOUNTER_WRITE)
@require_http_methods(["GET", "POST"])
def encounter_new(request: HttpRequest, participant_pk) -> HttpResponse:
    participant = get_participant_for(request.user, participant_pk)
    zone = services.org_zone(participant.organisation)
    services.interventions_ensure_defaults(organisation=participant.organisation)
    form = SessionForm(
        request.POST or None,
        participant=participant,
        zone=zone,
        initial=session_defaults(zone=zone),
    )
    form.preselect_single_choices()
    if request.method == "POST" and form.is_valid():
        sign = "sign" in request.POST
        try:
            encounter = services.encounter_log(
                actor=request.user,
                participant=participant,
                data=form.encounter_data(),
                note_data=form.note_data(),
                goals=form.cleaned_data["goals_addressed"],
                interventions=form.cleaned_data["interventions"],
                sign=sign,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            _say_saved(request, encounter, signed=sign)
            return redirect("encounters:detail", pk=encounter.public_id)
    context = {"form": form, "participant": participant, "units_preview": _units_preview(form)}
    return render(request, "encounters/form.html", context, status=_status(form))


@requires(Perm.ENCOUNTER_VIEW)
def encounter_detail(request: HttpRequest, pk) -> HttpResponse:
    encounter = selectors.get_encounter_for(request.user, pk)
    services.encounter_record_view(actor=request.user, encounter=encounter, request=request)
    note = encounter.note
    user = request.user
    signer = note.signed_by or encounter.peer
    cosign_needed = bool(encounter.payer and encounter.payer.cosign_required)
    context = {
        "encounter": encounter,
        "note": note,
        "zone": services.org_zone(encounter.organisation),
        "overlapping": list(selectors.overlapping_encounters(encounter)),
        "can_edit": not note.is_locked and services.may_edit(user, encounter),
        "can_cosign": note.status == NoteStatus.SIGNED and may_cosign(user, signer),
        "can_add_addendum": note.is_locked and services.may_add_addendum(user, encounter),
        "awaiting_cosign": cosign_needed and note.status == NoteStatus.SIGNED,
        "overdue": selectors.note_is_overdue(encounter),
    }
    return render(request, "encounters/detail.html", context)


@requires(Perm.ENCOUNTER_WRITE)
@require_http_methods(["GET", "POST"])
def encounter_edit(request: HttpRequest, pk) -> HttpResponse:
    encounter = selectors.get_encounter_for(request.user, pk)
    if encounter.note.is_locked:
        messages.info(request, services.locked_message())
        return redirect("encounters:detail", pk=encounter.public_id)
    if not services.may_edit(request.user, encounter):
        raise PermissionDenied
    zone = services.org_zone(encounter.organisation)
    services.interventions_ensure_defaults(organisation=encounter.organisation)
    form = SessionForm(
        request.POST or None,
        participant=encounter.participant,
        zone=zone,
        encounter=encounter,
        initial=SessionForm.initial_from(encounter, zone),
    )
    conflict = False
    if request.method == "GET":
        services.encounter_record_view(actor=request.user, encounter=encounter, request=request)
    elif form.is_valid():
        sign = "sign" in request.POST
        initial = form.initial
        try:
            services.encounter_revise(
                actor=request.user,
                encounter=encounter,
                data=form.encounter_data(),
                note_data=form.note_data(),
                goals=form.cleaned_data["goals_addressed"],
                interventions=form.cleaned_data["interventions"],
                encounter_version=form.cleaned_data["encounter_version"]
                or initial["encounter_version"],
                note_version=form.cleaned_data["note_version"] or initial["note_version"],
                sign=sign,
                request=request,
            )
        except services.ConcurrentEditError:
            conflict = True
            # Everything typed stays in the form; saving again now overwrites on purpose.
            fresh = selectors.get_encounter_for(request.user, pk)
            form.data = form.data.copy()
            form.data["encounter_version"] = fresh.version
            form.data["note_version"] = fresh.note.version
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            _say_saved(request, encounter, signed=sign)
            return redirect("encounters:detail", pk=encounter.public_id)
    context = {
        "form": form,
        "participant": encounter.participant,
        "encounter": encounter,
        "conflict": conflict,
        "units_preview": _units_preview(form),
    }
    return render(
        request, "encounters/form.html", context, status=409 if conflict else _status(form)
    )


@requires(Perm.ENCOUNTER_WRITE)
@require_POST
def encounter_sign(request: HttpRequest, pk) -> HttpResponse:
    encounter = selectors.get_encounter_for(request.user, pk)
    if not services.may_edit(request.user, encounter):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The page was out of date. Reload it and try again."), status=400)
    try:
        services.note_sign(
            actor=request.user,
            note=encounter.note,
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except services.ConcurrentEditError:
        messages.error(
            request, _("The note changed since you opened it. Read it again, then sign.")
        )
        return redirect("encounters:detail", pk=encounter.public_id)
    except ValidationError as exc:
        messages.error(
            request, _("Not signed yet: %(problems)s") % {"problems": " ".join(exc.messages)}
        )
        target = "encounters:detail" if encounter.note.is_locked else "encounters:edit"
        return redirect(target, pk=encounter.public_id)
    messages.success(request, _("Note signed."))
    return redirect("encounters:detail", pk=encounter.public_id)


@requires(Perm.NOTE_COSIGN)
@require_POST
def encounter_cosign(request: HttpRequest, pk) -> HttpResponse:
    encounter = selectors.get_encounter_for(request.user, pk)
    try:
        services.note_cosign(actor=request.user, note=encounter.note, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Note co-signed."))
    return redirect("encounters:detail", pk=encounter.public_id)


@requires(Perm.ENCOUNTER_VIEW)
@require_http_methods(["GET", "POST"])
def encounter_addendum(request: HttpRequest, pk) -> HttpResponse:
    encounter = selectors.get_encounter_for(request.user, pk)
    if not services.may_add_addendum(request.user, encounter):
        raise PermissionDenied
    if not encounter.note.is_locked:
        messages.info(request, _("This note is still a draft: edit it instead."))
        return redirect("encounters:detail", pk=encounter.public_id)
    form = AddendumForm(request.POST or None)
    if request.method == "GET":
        services.encounter_record_view(actor=request.user, encounter=encounter, request=request)
    elif form.is_valid():
        try:
            services.note_add_addendum(
                actor=request.user,
                note=encounter.note,
                text=form.cleaned_data["text"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error("text" if hasattr(exc, "error_dict") else None, exc.messages[0])
        else:
            messages.success(request, _("Addendum added."))
            return redirect("encounters:detail", pk=encounter.public_id)
    return render(
        request,
        "encounters/addendum.html",
        {
            "form": form,
            "encounter": encounter,
            "note": encounter.note,
            "zone": services.org_zone(encounter.organisation),
        },
        status=_status(form),
    )


@requires(Perm.ENCOUNTER_WRITE)
@require_POST
def units_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the units line for the times and payer being typed. Never an error: with
    incomplete input it is simply empty."""
    form = UnitsForm(request.POST, organisation_id=request.user.organisation_id)
    text = ""
    if form.is_valid():
        data = form.cleaned_data
        zone = services.org_zone(request.user.organisation)
        minutes = _minutes(data["date"], data["start"], data["end"], zone)
        if minutes > 0:
            text = services.units_text(kind=data["kind"], payer=data["payer"], minutes=minutes)
    return HttpResponse(escape(text))
