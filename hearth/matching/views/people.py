"""Pages for mentors (the requests sent to them) and participants (their suggested
mentors, their offers and their current mentor).

A mentor sees, for each offer on their own profile, only the participant's preferred
name and why they were matched; a participant sees mentors' public profiles only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.policy import Perm
from hearth.matching import bridge, selectors, services
from hearth.matching.forms import DeclineForm
from hearth.matching.models import MatchStatus, RequestStatus, Source


@requires(Perm.MENTORING_RESPOND)
def mentoring(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.mentoring_requests_for(request.user))
    for match in rows:
        match.reason_lines = bridge.reasons_text(match.reasons)
    services.record_list(actor=request.user, object_type="match", count=len(rows), request=request)
    profile = getattr(request.user, "mentor_profile", None)
    return render(
        request,
        "matching/mentoring.html",
        {"rows": rows, "profile": profile, "decline_form": DeclineForm()},
    )


@requires(Perm.MENTORING_RESPOND)
@require_POST
def mentoring_respond(request: HttpRequest, pk) -> HttpResponse:
    """The mentor accepts, or declines with a reason."""
    match = selectors.get_mentoring_match(request.user, pk)
    try:
        if request.POST.get("answer") == "accept":
            services.match_accept(actor=request.user, match=match, side="mentor", request=request)
            messages.success(request, _("Thank you — you accepted."))
        else:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                rows = list(selectors.mentoring_requests_for(request.user))
                for row in rows:
                    row.reason_lines = bridge.reasons_text(row.reasons)
                return render(
                    request,
                    "matching/mentoring.html",
                    {"rows": rows, "decline_form": form, "declining": match.public_id},
                    status=400,
                )
            services.match_decline(
                actor=request.user,
                match=match,
                side="mentor",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                request=request,
            )
            messages.success(request, _("Declined. The coordinator will find another mentor."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("matching:mentoring")


@requires(Perm.MENTOR_CHOOSE)
def mine(request: HttpRequest) -> HttpResponse:
    participant = selectors.own_participant(request.user)
    item = selectors.open_request_of(participant) if participant else None
    suggestions = []
    if item is not None and item.status == RequestStatus.WAITING:
        suggestions = selectors.suggestions_for(item)
        for row in suggestions:
            row["reason_lines"] = bridge.reasons_text(row["reasons"])
            row["slots"] = bridge.slot_labels(
                [s for s in row["mentor"].availability if s in item.availability]
            )
    matches = list(selectors.own_matches(participant)) if participant else []
    for match in matches:
        match.reason_lines = bridge.reasons_text(match.reasons)
    if participant is not None:
        audit_record(
            actor=request.user,
            action=Action.VIEW,
            object_type="own_mentoring",
            object_id=participant.public_id,
            request=request,
        )
    return render(
        request,
        "matching/mine.html",
        {
            "participant": participant,
            "item": item,
            "suggestions": suggestions,
            "matches": matches,
            "offered": MatchStatus.OFFERED,
        },
    )


@requires(Perm.MENTOR_CHOOSE)
@require_POST
def mine_choose(request: HttpRequest, mentor_id) -> HttpResponse:
    participant = selectors.own_participant(request.user)
    item = selectors.open_request_of(participant) if participant else None
    if item is None or item.status != RequestStatus.WAITING:
        messages.error(request, _("There is nothing to choose right now."))
        return redirect("matching:mine")
    suggestion = next(
        (
            s
            for s in selectors.suggestions_for(item)
            if str(s["mentor"].public_id) == str(mentor_id)
        ),
        None,
    )
    if suggestion is None:
        messages.error(request, _("That mentor is no longer available. Please choose another."))
        return redirect("matching:mine")
    try:
        services.match_offer(
            actor=request.user,
            match_request=item,
            mentor=suggestion["mentor"],
            suggestion=suggestion,
            source=Source.CHOSEN,
            request=request,
        )
        messages.success(
            request,
            _("We have asked %(name)s. You will hear back soon.")
            % {"name": suggestion["mentor"].public_name},
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("matching:mine")


@requires(Perm.MENTOR_CHOOSE)
@require_POST
def mine_respond(request: HttpRequest, pk) -> HttpResponse:
    """The participant accepts or declines a mentor offered to them."""
    match = selectors.get_own_match(request.user, pk)
    try:
        if request.POST.get("answer") == "accept":
            services.match_accept(
                actor=request.user, match=match, side="participant", request=request
            )
            messages.success(request, _("Thank you — you accepted."))
        else:
            services.match_decline(
                actor=request.user, match=match, side="participant", reason="", request=request
            )
            messages.success(request, _("Declined. You can choose another mentor."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("matching:mine")
