"""Pages for groups: the public listing and group pages (no sign-in), joining and "my
groups" (participants and community members), the staff pages to set groups up, and the
facilitator's phone roster and group note. Views parse input and call services and
selectors; records outside the user's reach are 404s (from the selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import public, requires, signed_in
from hearth.core.policy import Perm, can, may_cosign, participant_scope
from hearth.groups import feeds, notes, selectors, services
from hearth.groups.forms import (
    CancelSessionForm,
    CurriculumItemForm,
    FiltersForm,
    GroupForm,
    GroupNoteForm,
    JoinForm,
    MoveSessionForm,
    StaffRegisterForm,
    WalkInForm,
)
from hearth.groups.models import GroupNote, GroupSession, Registration, RegistrationStatus
from hearth.groups.schedule import zone
from hearth.organisations.models import Programme
from hearth.participants.models import Participant
from hearth.participants.selectors import get_participant_for


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Public -----------------------------------------------------------------------------------


_WEEKDAYS = [_lazy for _lazy in FiltersForm.DAYS[1:]]


def _listing_rows(groups) -> list[dict]:
    """The listing's rows as plain values. Choice labels, weekday and month names are
    translated once per request rather than once per row (each lookup of a lazy label
    costs a catalogue lookup; on a 25-row page that was most of the page's time)."""
    from django.utils.dates import MONTHS

    from hearth.groups.models import Audience, Format, Language

    labels = {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in (("audience", Audience), ("language", Language), ("format", Format))
    }
    days = [str(label) for _value, label in _WEEKDAYS]
    months = {n: str(name) for n, name in MONTHS.items()}
    # The detail URL is the listing's URL plus the id (one reverse, not one per row).
    prefix = reverse("groups:public_list")
    rows = []
    for group in groups:
        local = group.next_start.astimezone(zone(group.timezone))
        rows.append(
            {
                "name": group.name,
                "url": f"{prefix}{group.public_id}/",
                "iso": local.isoformat(),
                "when": f"{days[local.weekday()]} {local.day} {months[local.month]}, {local:%H:%M}",
                "audience": labels["audience"].get(group.audience, group.audience),
                "language": labels["language"].get(group.language, group.language),
                "format": labels["format"].get(group.format, group.format),
                "programme": group.programme.name if group.programme_id else "",
            }
        )
    return rows


@public
def public_list(request: HttpRequest) -> HttpResponse:
    """What's on: public groups, soonest first, filterable; the crisis banner first."""
    filters = FiltersForm(request.GET or None)
    groups = selectors.public_groups(**filters.filters()).select_related(None)
    groups = groups.select_related("programme").only(*selectors.LISTING_FIELDS)
    page = Paginator(groups, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "rows": _listing_rows(page.object_list)}
    return render(request, "groups/public_list.html", context)


@public
def public_detail(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_public_group(pk)
    registration = None
    if request.user.is_authenticated and can(request.user, Perm.GROUPS_JOIN, group):
        registration = next(
            (r for r in selectors.my_registrations(request.user) if r.group_id == group.pk), None
        )
    context = {
        "group": group,
        "sessions": selectors.upcoming_sessions(group, limit=8),
        "curriculum": list(group.curriculum.all()) if group.is_course else [],
        "join_form": JoinForm(),
        "may_join": request.user.is_authenticated and can(request.user, Perm.GROUPS_JOIN, group),
        "registration": registration,
        "ics_url": reverse("groups:group_ics", kwargs={"pk": group.public_id}),
    }
    return render(request, "groups/public_detail.html", context)


@public
def group_ics(request: HttpRequest, pk) -> HttpResponse:
    """Add to calendar: the group's meetings (public groups only)."""
    group = selectors.get_public_group(pk)
    sessions = feeds.recent_and_future(group.sessions.all()).order_by("starts_at")
    return feeds.calendar_response(
        request, group.name, sessions, filename="group.ics", scope=f"group:{group.public_id}"
    )


@public
def programme_ics(request: HttpRequest, pk) -> HttpResponse:
    """Every public group of one programme, in one feed."""
    programme = Programme.objects.filter(public_id=pk, is_active=True).first()
    if programme is None:
        raise Http404
    sessions = feeds.recent_and_future(
        GroupSession.objects.filter(
            group__programme=programme, group__is_public=True, group__is_active=True
        )
    ).order_by("starts_at")
    return feeds.calendar_response(
        request,
        programme.name,
        sessions,
        filename="programme.ics",
        scope=f"programme:{programme.public_id}",
    )


@public
def person_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's private feed: the secret in the address is the only credential, so a
    calendar app can subscribe without signing in. Reading it is audited."""
    user = selectors.user_for_calendar_token(token)
    if user is None:
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="calendar_link",
        object_id=str(user.public_id),
        organisation_id=user.organisation_id,
        detail="feed",
        request=request,
    )
    sessions = feeds.recent_and_future(selectors.person_feed_sessions(user))
    response = feeds.calendar_response(
        request, _("My groups"), sessions, filename="mine.ics", scope=f"person:{user.public_id}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Participants and community members ----------------------------------------------------


@requires(Perm.GROUPS_JOIN)
@require_POST
def join(request: HttpRequest, pk) -> HttpResponse:
    group = selectors.get_public_group(pk)
    if group.organisation_id != request.user.organisation_id:
        raise Http404
    form = JoinForm(request.POST)
    channel = form.cleaned_data["reminder_channel"] if form.is_valid() else "email"
    try:
        registration = services.registration_join(
            actor=request.user, group=group, reminder_channel=channel, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You have a place. Add it to your calendar below."))
        else:
            messages.warning(
                request,
                _(
                    "The group is full, so you are on the waitlist. We'll tell you when a place "
                    "comes free."
                ),
            )
    return redirect("groups:public_detail", pk=group.public_id)


@requires(Perm.GROUPS_JOIN)
def mine(request: HttpRequest) -> HttpResponse:
    registrations = selectors.my_registrations(request.user)
    context = {
        "registrations": registrations,
        "new_link": request.session.pop("groups_calendar_link", None),
        "has_link": hasattr(request.user, "calendar_link"),
        "channels": JoinForm().fields["reminder_channel"].choices,
    }
    return render(request, "groups/mine.html", context)


@signed_in
@require_POST
def calendar_link(request: HttpRequest) -> HttpResponse:
    token = services.calendar_link_reset(actor=request.user, request=request)
    url = request.build_absolute_uri(reverse("groups:person_ics", kwargs={"token": token}))
    request.session["groups_calendar_link"] = url
    messages.success(request, _("Your new calendar link is ready. Any old link stops working."))
    # Staff keep their link on the groups page; people who join groups on "My groups".
    return redirect("groups:mine" if can(request.user, Perm.GROUPS_JOIN) else "groups:manage")


def _registration_for(user, pk) -> Registration:
    registration = (
        Registration.objects.select_related("group", "participant")
        .filter(pk=pk, group__organisation_id=user.organisation_id)
        .first()
    )
    if registration is None or not services._may_change_registration(user, registration):
        raise Http404
    return registration


@signed_in
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration_for(request.user, pk)
    services.registration_cancel(actor=request.user, registration=registration, request=request)
    messages.success(request, _("The place is given up."))
    if can(request.user, Perm.GROUPS_VIEW):
        return redirect("groups:detail", pk=registration.group.public_id)
    return redirect("groups:mine")


@signed_in
@require_POST
def registration_channel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration_for(request.user, pk)
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to be reminded."))
    else:
        services.registration_set_channel(
            actor=request.user,
            registration=registration,
            reminder_channel=form.cleaned_data["reminder_channel"],
            request=request,
        )
        messages.success(request, _("Reminder choice saved."))
    return redirect("groups:mine")


def _certificate(request, registration: Registration) -> HttpResponse:
    from hearth.plans.pdf import html_to_pdf, pdf_response, render_pdf_html

    group = registration.group
    attended = selectors.attended_count(registration)
    if not group.completion_required or attended < group.completion_required:
        raise Http404
    person = (
        registration.participant.name
        if registration.participant
        else registration.user.display_name
    )
    html = render_pdf_html(
        "groups/pdf/certificate.html",
        {"group": group, "person": person, "attended": attended, "registration": registration},
        request,
    )
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="group_registration",
        object_id=str(registration.pk),
        organisation_id=group.organisation_id,
        detail="certificate",
        request=request,
    )
    return pdf_response(html_to_pdf(html), filename="certificate.pdf", inline=False)


@requires(Perm.GROUPS_JOIN)
def certificate(request: HttpRequest, pk) -> HttpResponse:
    found = [r for r in selectors.my_registrations(request.user) if r.group.public_id == pk]
    if not found:
        raise Http404
    return _certificate(request, found[0])


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
    initial = {"title": item.title, "materials": item.materials, "materials_url": item.materials_url}
    form = CurriculumItemForm(request.POST or None, initial=initial)
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
        request, "groups/curriculum_item.html", {"group": group, "item": item, "form": form},
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
            messages.success(request, _("%(name)s is marked present.") % {"name": person.display_name})
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


@requires(Perm.NOTE_COSIGN)
@require_POST
def note_cosign(request: HttpRequest, pk) -> HttpResponse:
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
