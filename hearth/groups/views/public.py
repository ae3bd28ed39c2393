"""The public listing and group pages (no sign-in), calendar feeds, and what participants
and community members do: join, "my groups", reminders, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import public, requires, signed_in
from hearth.core.paging import querystring_without_page
from hearth.core.policy import Perm, can
from hearth.groups import feeds, selectors, services
from hearth.groups.forms import (
    FiltersForm,
    JoinForm,
)
from hearth.groups.models import GroupSession, Registration, RegistrationStatus
from hearth.groups.schedule import zone
from hearth.groups.views._common import _certificate
from hearth.organisations.models import Programme

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

    def results() -> dict:
        groups = selectors.public_groups(**filters.filters()).select_related(None)
        groups = groups.select_related("programme").only(*selectors.LISTING_FIELDS)
        page = Paginator(groups, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        return {"page": page, "rows": _listing_rows(page.object_list)}

    # The results are the same for everyone asking the same thing: the template caches
    # them per generation (a change to any group starts a new one, see
    # ``services.listing_changed``) for at most a minute (meetings pass); the queries
    # run only when the cache has no copy.
    context = {
        "filters": filters,
        "results": SimpleLazyObject(results),
        "listing_version": services.listing_version(),
        "listing_query": request.GET.urlencode(),
        # The pagination links keep the filters.
        "querystring": querystring_without_page(request),
    }
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
    if registration is None or not services.may_change_registration(user, registration):
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


@requires(Perm.GROUPS_JOIN)
def certificate(request: HttpRequest, pk) -> HttpResponse:
    found = [r for r in selectors.my_registrations(request.user) if r.group.public_id == pk]
    if not found:
        raise Http404
    return _certificate(request, found[0])
