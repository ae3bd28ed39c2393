"""The facilitator's phone roster (one-tap marks, walk-ins), the group note, and the
supervisor's co-signature."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.policy import Perm, may_cosign
from hearth.groups import notes, selectors, services
from hearth.groups.forms import (
    GroupNoteForm,
    WalkInForm,
)
from hearth.groups.models import GroupNote, GroupSession, RegistrationStatus
from hearth.groups.schedule import zone
from hearth.groups.views._common import _form_errors
from hearth.participants.selectors import get_participant_for

# --- Facilitator: roster and group note ---------------------------------------------------


def _roster_context(request, session: GroupSession) -> dict:
    rows, walk_ins = selectors.roster(session)
    find = request.GET.get("find", "").strip()[:80]
    candidates = selectors.walk_in_candidates(request.user, session, find) if find else []
    return {
        "find": find,
        "candidates": candidates,
        "session": session,
        "group": session.group,
        "rows": rows,
        "walk_ins": walk_ins,
        "present": sum(1 for _r, p in rows if p) + sum(1 for w in walk_ins if w.present),
        "walk_in_form": WalkInForm(),
        "local_start": session.starts_at.astimezone(zone(session.group.timezone)),
        "topic": session.group.curriculum.filter(position=session.number).first()
        if session.group.is_course and session.number
        else None,
    }


@requires(Perm.GROUPS_VIEW)
def roster(request: HttpRequest, pk) -> HttpResponse:
    session = selectors.get_session_for_facilitator(request.user, pk)
    context = _roster_context(request, session)
    audit_record(
        actor=request.user,
        action=Action.LIST,
        object_type="group_attendance",
        object_id=str(session.public_id),
        organisation_id=session.group.organisation_id,
        detail="roster",
        request=request,
    )
    if context["find"]:
        # The names found are participants' data: the search is audited (never its words).
        audit_record(
            actor=request.user,
            action=Action.SEARCH,
            object_type="participant",
            organisation_id=session.group.organisation_id,
            detail=f"walk_in_search,matches={len(context['candidates'])}",
            request=request,
        )
    return render(request, "groups/roster.html", context)


@requires(Perm.GROUPS_VIEW)
@require_POST
def mark(request: HttpRequest, pk, registration: int) -> HttpResponse:
    """One tap: present ↔ not present. htmx swaps the row; without JS, the page reloads."""
    session = selectors.get_session_for_facilitator(request.user, pk)
    found = (
        session.group.registrations.filter(pk=registration, status=RegistrationStatus.REGISTERED)
        .select_related("participant", "user")
        .first()
    )
    if found is None:
        raise Http404
    present = request.POST.get("present") == "1"
    try:
        services.attendance_mark(
            actor=request.user,
            session=session,
            registration=found,
            present=present,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("groups:roster", pk=session.public_id)
    if request.htmx:
        return render(
            request,
            "groups/_roster_row.html",
            {"session": session, "registration": found, "present": present},
        )
    return redirect("groups:roster", pk=session.public_id)


@requires(Perm.GROUPS_VIEW)
@require_POST
def walk_in(request: HttpRequest, pk) -> HttpResponse:
    session = selectors.get_session_for_facilitator(request.user, pk)
    if request.POST.get("participant"):
        # Someone already known to the organisation: only a record the facilitator may see.
        person = get_participant_for(request.user, request.POST["participant"])
        try:
            services.attendance_add_walk_in(
                actor=request.user, session=session, participant=person, request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = _("%(name)s is marked present.") % {"name": person.display_name}
            messages.success(request, done)
        return redirect("groups:roster", pk=session.public_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_add_walk_in(
                actor=request.user, session=session, name=form.cleaned_data["name"], request=request
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Walk-in added."))
            return redirect("groups:roster", pk=session.public_id)
    context = _roster_context(request, session)
    context["walk_in_form"] = form
    return render(request, "groups/roster.html", context, status=400)


def _note_lines(request, people, goals_by_person):
    lines = {}
    for person in people:
        chosen = set(request.POST.getlist(f"goals_{person.pk}"))
        lines[person.pk] = notes.AttendeeLine(
            participation=request.POST.get(f"line_{person.pk}", "").strip(),
            goals=[g for g in goals_by_person.get(person.pk, []) if str(g.pk) in chosen],
        )
    return lines


def _goals_by_person(people) -> dict:
    from hearth.plans.models import RecoveryGoal

    found: dict[int, list] = {}
    for goal in RecoveryGoal.objects.filter(
        plan__participant__in=people, plan__status="active"
    ).select_related("plan"):
        found.setdefault(goal.plan.participant_id, []).append(goal)
    return found


@requires(Perm.GROUP_FACILITATE)
@require_http_methods(["GET", "POST"])
def group_note(request: HttpRequest, pk) -> HttpResponse:
    """The group note: shared fields once, one line per attending participant."""
    from hearth.encounters.services import interventions_ensure_defaults

    session = selectors.get_session_for_facilitator(request.user, pk)
    group = session.group
    interventions_ensure_defaults(organisation=group.organisation)
    people = notes.attendees(session)
    existing = GroupNote.objects.filter(session=session).first()
    encounters = {e.participant_id: e for e in notes.group_encounters(existing)} if existing else {}
    goals = _goals_by_person(people)
    initial = {"place_of_service": "11", "mode": "in_person"}
    if existing:
        first = next(iter(encounters.values()), None)
        initial.update({"payer": existing.payer_id, "topic": existing.topic})
        if first is not None:
            initial.update(
                {
                    "summary": first.note.summary,
                    "next_steps": first.note.next_steps,
                    "place_of_service": first.place_of_service,
                    "mode": first.mode,
                    "interventions": list(first.note.interventions.all()),
                }
            )
    form = GroupNoteForm(request.POST or None, organisation=group.organisation, initial=initial)
    line_errors: dict = {}
    if request.method == "POST" and form.is_valid():
        sign = "sign" in request.POST
        values = form.cleaned_data
        try:
            notes.group_note_save(
                actor=request.user,
                session=session,
                shared={
                    "payer": values["payer"],
                    "place_of_service": values["place_of_service"],
                    "mode": values["mode"],
                    "topic": values["topic"],
                },
                summary=values["summary"],
                next_steps=values["next_steps"],
                interventions=list(values["interventions"]),
                lines=_note_lines(request, people, goals),
                sign=sign,
                request=request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    if field.startswith("line_"):
                        line_errors[field] = errs
                    else:
                        form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Group note signed.") if sign else _("Group note saved as a draft.")
            )
            return redirect("groups:note", pk=session.public_id)
    attendees = []
    for person in people:
        encounter = encounters.get(person.pk)
        posted = request.POST.get(f"line_{person.pk}") if request.method == "POST" else None
        chosen = (
            set(request.POST.getlist(f"goals_{person.pk}"))
            if request.method == "POST"
            else {str(g.pk) for g in encounter.note.goals_addressed.all()}
            if encounter
            else set()
        )
        attendees.append(
            {
                "person": person,
                "encounter": encounter,
                "line": posted
                if posted is not None
                else (encounter.note.participant_response if encounter else ""),
                "goals": [(g, str(g.pk) in chosen) for g in goals.get(person.pk, [])],
                "errors": line_errors.get(f"line_{person.pk}", []),
            }
        )
    if existing:
        audit_record(
            actor=request.user,
            action=Action.VIEW,
            object_type="group_note",
            object_id=str(existing.public_id),
            organisation_id=group.organisation_id,
            request=request,
        )
    all_locked = (
        bool(encounters)
        and all(e.note.is_locked for e in encounters.values())
        and len(encounters) >= len(people)
    )
    context = {
        "session": session,
        "group": group,
        "form": form,
        "attendees": attendees,
        "note": existing,
        "all_locked": all_locked,
        "local_start": session.starts_at.astimezone(zone(group.timezone)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/note.html", context, status=status)


def _note_to_cosign(request, pk) -> tuple[GroupSession, GroupNote]:
    """The session and its group note, if the user may co-sign the facilitator's notes;
    otherwise 404, as for a session that does not exist."""
    session = (
        GroupSession.objects.select_related("group")
        .filter(public_id=pk, group__organisation_id=request.user.organisation_id)
        .first()
    )
    note = (
        GroupNote.objects.filter(session=session).select_related("facilitator").first()
        if session
        else None
    )
    if note is None or not may_cosign(request.user, note.facilitator):
        raise Http404
    return session, note


@requires(Perm.NOTE_COSIGN)
@require_POST
def note_cosign(request: HttpRequest, pk) -> HttpResponse:
    session, note = _note_to_cosign(request, pk)
    try:
        count = notes.group_note_cosign(actor=request.user, note=note, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d notes co-signed.") % {"n": count})
    return redirect("groups:cosign_review", pk=session.public_id)


@requires(Perm.NOTE_COSIGN)
def cosign_review(request: HttpRequest, pk) -> HttpResponse:
    """A supervisor reads a supervisee's group note before co-signing it."""
    session, note = _note_to_cosign(request, pk)
    audit_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="group_note",
        object_id=str(note.public_id),
        organisation_id=session.group.organisation_id,
        request=request,
    )
    return render(
        request,
        "groups/cosign.html",
        {"session": session, "note": note, "encounters": notes.group_encounters(note)},
    )
