"""The public "Find help" pages: no sign-in, no JavaScript needed, crisis lines first.

Searches are not audited or logged (no account, nothing personal is kept); the query text
never leaves the request."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hearth.core.access import public
from hearth.core.paging import querystring_without_page
from hearth.core.policy import Perm, can
from hearth.directory.filters import parse_filters
from hearth.directory.forms import FindHelpForm
from hearth.directory.models import Service
from hearth.directory.presenters import listing_summary
from hearth.directory.selectors import (
    find_services,
    listing_cards_queryset,
    postcode_centroid,
    service_for_display,
    services_in_order,
    services_public,
)

PER_PAGE = 20
#: How far around a ZIP code the public page looks.
NEAR_KM = 40


def search_context(request: HttpRequest, form: FindHelpForm, base=None) -> dict:
    """Run a search from the form; shared with the staff resource-connecting page."""
    context: dict = {"form": form, "results": [], "searched": False, "notice": ""}
    if not form.is_valid():
        return context
    data = form.cleaned_data
    params = {
        "search": data["q"],
        "language": data["language"],
        "open_now": "true" if data["open_now"] else "",
        "free": "true" if data["free"] else "",
        "page": request.GET.get("page", "1"),
        "per_page": str(PER_PAGE),
    }
    near = data["near"].strip()
    if near:
        centre = postcode_centroid(near)
        if centre:
            params.update(lat=str(centre[0]), lon=str(centre[1]), radius_km=str(NEAR_KM))
        else:
            context["notice"] = _(
                "We do not know where ZIP code %(zip)s is, so the results are not sorted by "
                "distance."
            ) % {"zip": near}
    searched = any(params[k] for k in ("search", "language", "open_now", "free")) or bool(near)
    if not searched:
        return context
    filters = parse_filters(params, default_per_page=PER_PAGE)
    if filters.errors:
        filters.page = 1
        filters.errors = {}
    page = find_services(base if base is not None else services_public(), filters)
    services = services_in_order(page.ids, listing_cards_queryset())
    hits = {h.service_id: h for h in page.hits}
    context.update(
        searched=True,
        total=page.total,
        page=filters.page,
        has_next=filters.page * PER_PAGE < page.total,
        results=[
            {"service": s, "hit": hits[s.pk], "summary": listing_summary(s)} for s in services
        ],
    )
    return context


@public
@require_GET
def find_help(request: HttpRequest) -> HttpResponse:
    form = FindHelpForm(request.GET or None)
    context = search_context(request, form) if request.GET else {"form": form, "results": []}
    context["query_string"] = querystring_without_page(request)
    return render(request, "find_help/search.html", context)


@public
@require_GET
def service_page(request: HttpRequest, service_id: str) -> HttpResponse:
    try:
        service = service_for_display(service_id[:250])
    except Service.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "find_help/service.html",
        {
            "service": service,
            "summary": listing_summary(service),
            "can_suggest": can(request.user, Perm.DIRECTORY_SUGGEST),
        },
    )
