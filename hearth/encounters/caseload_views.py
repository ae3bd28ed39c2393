"""The peer's caseload page and the supervisor's team page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.policy import Perm
from hearth.encounters import caseload as selectors

SORTS = {"attention", "name"}
#: Rows per page: a caseload is read on a phone between visits; the whole caseload is
#: still sorted (needs attention first) before it is cut into pages.
CASELOAD_PAGE_SIZE = 30


@requires(Perm.CASELOAD_VIEW)
def my_caseload(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "attention")
    sort = sort if sort in SORTS else "attention"
    rows = selectors.caseload_for(request.user, sort=sort)
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action=Action.LIST,
        object_type="caseload",
        detail=f"rows={len(page.object_list)}",
        request=request,
    )
    return render(
        request,
        "caseload/mine.html",
        {
            "rows": rows,
            "page": page,
            "querystring": f"sort={sort}",
            "sort": sort,
            "needs_attention": sum(1 for r in rows if r.attention),
            "review_days": selectors.REVIEW_WARNING_DAYS,
            "no_contact_days": selectors.NO_CONTACT_DAYS,
        },
    )


def encounter_link(note) -> str:
    """Where to open a note awaiting co-signature: a group encounter's note is read and
    co-signed with the rest of its group note, on one page; any other on the encounter's
    page once the encounters app has one, otherwise the participant's record."""
    group_note = note.encounter.group_note
    if group_note is not None:
        return reverse("groups:cosign_review", kwargs={"pk": group_note.session.public_id})
    try:
        return reverse("encounters:detail", kwargs={"pk": note.encounter.public_id})
    except NoReverseMatch:
        return reverse("participants:detail", kwargs={"pk": note.encounter.participant.public_id})


@requires(Perm.SUPERVISION_VIEW)
def team(request: HttpRequest) -> HttpResponse:
    overview = selectors.team_overview(request.user)
    for note in overview.awaiting_cosign:
        note.link = encounter_link(note)
    audit_record(
        actor=request.user,
        action=Action.LIST,
        object_type="supervision",
        detail=f"rows={len(overview.peers)},awaiting={len(overview.awaiting_cosign)}",
        request=request,
    )
    return render(request, "caseload/team.html", {"overview": overview})
