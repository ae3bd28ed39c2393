"""Coordinator pages: the waitlist, batch matching and its review, one participant's
suggestions and history, a match's lifecycle, mentor profiles and the outcomes report.

Participants come through scoped selectors (outside the coordinator's scope is a 404);
each page that shows a participant's mentoring data writes a VIEW (or LIST) audit event.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, Role, can, participant_scope
from hearth.matching import bridge, selectors, services
from hearth.matching.engine import PARTS, Weights
from hearth.matching.engine.outcomes import MILESTONES
from hearth.matching.forms import (
    PART_LABELS,
    EndForm,
    MatchRequestForm,
    MentorProfileForm,
    WeightsForm,
)
from hearth.matching.models import MatchStatus, Source
from hearth.organisations.selectors import active_programmes_for
from hearth.participants.models import Participant


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@requires(Perm.MATCHING_COORDINATE)
def waitlist(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.waitlist_for(request.user))
    services.record_list(
        actor=request.user, object_type="match_request", count=len(rows), request=request
    )
    return render(
        request,
        "matching/waitlist.html",
        {
            "rows": rows,
            "mentor_count": selectors.mentors_for(request.user).filter(is_active=True).count(),
            "can_manage_mentors": can(request.user, Perm.MENTORS_MANAGE),
        },
    )


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    waiting = selectors.waitlist_for(request.user)
    if not waiting.exists():
        messages.warning(request, _("Nobody is waiting for a mentor."))
        return redirect("matching:waitlist")
    batch = services.matching_run(actor=request.user, waitlist=waiting, request=request)
    return redirect("matching:run_detail", pk=batch.public_id)


@requires(Perm.MATCHING_COORDINATE)
def run_detail(request: HttpRequest, pk) -> HttpResponse:
    batch = selectors.get_run_for(request.user, pk)
    proposals = list(selectors.run_proposals(request.user, batch))
    for match in proposals:
        match.reason_lines = bridge.reasons_text(match.reasons)
    unmatched = selectors.run_unmatched(request.user, batch)
    services.record_view(actor=request.user, object_type="match_run", obj=batch, request=request)
    return render(
        request,
        "matching/run.html",
        {
            "run": batch,
            "proposals": proposals,
            "unmatched": unmatched,
            "pending": sum(1 for m in proposals if m.status == MatchStatus.PROPOSED),
        },
    )


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def run_approve(request: HttpRequest, pk) -> HttpResponse:
    """Approve the ticked proposals; each is checked against the mentor's places."""
    batch = selectors.get_run_for(request.user, pk)
    chosen = set(request.POST.getlist("match"))
    approved = 0
    for match in selectors.run_proposals(request.user, batch).filter(status=MatchStatus.PROPOSED):
        if str(match.public_id) not in chosen:
            continue
        try:
            services.match_approve(actor=request.user, match=match, request=request)
            approved += 1
        except ValidationError as exc:
            _error(request, exc)
    if approved:
        messages.success(
            request,
            _("%(n)d matches approved and offered to both people.") % {"n": approved},
        )
    elif not chosen:
        messages.warning(request, _("Tick the matches to approve first."))
    return redirect("matching:run_detail", pk=batch.public_id)


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def match_set_aside(request: HttpRequest, pk) -> HttpResponse:
    match = selectors.get_match_for(request.user, pk)
    try:
        services.match_set_aside(actor=request.user, match=match, request=request)
        messages.success(request, _("Set aside. This pairing will not be proposed again."))
    except ValidationError as exc:
        _error(request, exc)
    if match.run_id:
        return redirect("matching:run_detail", pk=match.run.public_id)
    return redirect("matching:waitlist")


def _request_form(request, instance=None, data=None):
    return MatchRequestForm(data, instance=instance, programmes=active_programmes_for(request.user))


@requires(Perm.MATCHING_COORDINATE)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Put a participant (from the coordinator's scope) on the waitlist."""
    candidates = Participant.objects.filter(participant_scope(request.user)).exclude(
        match_requests__status__in=["waiting", "matched"]
    )
    wanted = request.POST.get("participant") or request.GET.get("participant")
    participant = candidates.filter(public_id=wanted).first() if wanted else None
    form = _request_form(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if participant is None:
            form.is_valid()
            form.add_error(None, _("Choose the participant to add."))
        elif form.is_valid():
            try:
                item = services.match_request_open(
                    actor=request.user,
                    participant=participant,
                    data=form.preference_data(),
                    request=request,
                )
                messages.success(request, _("Added to the mentoring waitlist."))
                return redirect("matching:request_detail", pk=item.public_id)
            except ValidationError as exc:
                apply_validation_error(form, exc)
    status = 400 if request.method == "POST" else 200
    shown = list(candidates.order_by("name")[:500])
    services.record_list(
        actor=request.user, object_type="participant", count=len(shown), request=request
    )
    return render(
        request,
        "matching/request_form.html",
        {
            "form": form,
            "creating": True,
            "candidates": shown,
            "participant": participant,
        },
        status=status,
    )


@requires(Perm.MATCHING_COORDINATE)
def request_detail(request: HttpRequest, pk) -> HttpResponse:
    item = selectors.get_request_for(request.user, pk)
    suggestions = selectors.suggestions_for(item) if item.status == "waiting" else []
    for row in suggestions:
        row["reason_lines"] = bridge.reasons_text(row["reasons"])
    history = list(selectors.history_of(item))
    services.record_view(actor=request.user, object_type="match_request", obj=item, request=request)
    return render(
        request,
        "matching/request_detail.html",
        {
            "item": item,
            "suggestions": suggestions,
            "history": history,
            "slots": bridge.slot_labels(item.availability),
        },
    )


@requires(Perm.MATCHING_COORDINATE)
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk) -> HttpResponse:
    item = selectors.get_request_for(request.user, pk)
    form = _request_form(
        request, instance=item, data=request.POST if request.method == "POST" else None
    )
    if request.method == "GET":
        form.initial["version"] = item.version
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.match_request_update(
                actor=request.user,
                match_request=item,
                data=form.preference_data(),
                expected_version=form.cleaned_data.get("version") or 0,
                request=request,
            )
            messages.success(request, _("Preferences saved."))
            return redirect("matching:request_detail", pk=item.public_id)
        except services.StaleEditError as exc:
            conflict = True
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            apply_validation_error(form, exc)
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return render(
        request,
        "matching/request_form.html",
        {
            "form": form,
            "creating": False,
            "item": item,
            "participant": item.participant,
            "conflict": conflict,
        },
        status=status,
    )


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def request_offer(request: HttpRequest, pk, mentor_id) -> HttpResponse:
    """The coordinator offers one of the suggested mentors directly."""
    item = selectors.get_request_for(request.user, pk)
    suggestion = next(
        (
            s
            for s in selectors.suggestions_for(item)
            if str(s["mentor"].public_id) == str(mentor_id)
        ),
        None,
    )
    if suggestion is None:
        messages.error(request, _("That mentor is not among the suggestions any more."))
        return redirect("matching:request_detail", pk=item.public_id)
    try:
        match = services.match_offer(
            actor=request.user,
            match_request=item,
            mentor=suggestion["mentor"],
            suggestion=suggestion,
            source=Source.COORDINATOR,
            request=request,
        )
        messages.success(request, _("Offered to both people."))
        return redirect("matching:match_detail", pk=match.public_id)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("matching:request_detail", pk=item.public_id)


@requires(Perm.MATCHING_COORDINATE)
def match_detail(request: HttpRequest, pk) -> HttpResponse:
    match = selectors.get_match_for(request.user, pk)
    services.record_view(actor=request.user, object_type="match", obj=match, request=request)
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "reason_lines": bridge.reasons_text(match.reasons),
            "end_form": EndForm(),
            "mentor_has_account": match.mentor.user_id is not None,
            "participant_has_account": match.participant.user_id is not None,
        },
    )


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def match_record_accept(request: HttpRequest, pk, side) -> HttpResponse:
    """Record an acceptance given by phone or in person (a volunteer mentor without a
    sign-in, or a participant without one)."""
    match = selectors.get_match_for(request.user, pk)
    if side not in ("mentor", "participant"):
        raise Http404
    try:
        services.match_accept(actor=request.user, match=match, side=side, request=request)
        messages.success(request, _("Acceptance recorded."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("matching:match_detail", pk=match.public_id)


@requires(Perm.MATCHING_COORDINATE)
@require_POST
def match_end(request: HttpRequest, pk) -> HttpResponse:
    match = selectors.get_match_for(request.user, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "matching/match_detail.html",
            {"match": match, "reason_lines": bridge.reasons_text(match.reasons), "end_form": form},
            status=400,
        )
    try:
        services.match_end(
            actor=request.user, match=match, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, _("The match has ended."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("matching:match_detail", pk=match.public_id)


@requires(Perm.MATCHING_COORDINATE)
def outcomes(request: HttpRequest) -> HttpResponse:
    report = selectors.outcomes_for(request.user, timezone.now())
    rows = [
        {
            "label": PART_LABELS[part],
            "shared": report[part]["shared"],
            "not_shared": report[part]["not_shared"],
        }
        for part in PARTS
    ]
    services.record_list(
        actor=request.user, object_type="match", count=report["all"].matches, request=request
    )
    return render(
        request,
        "matching/outcomes.html",
        {"all": report["all"], "rows": rows, "milestones": MILESTONES},
    )


# --- mentor profiles ------------------------------------------------------------------------


@requires(Perm.MENTORS_MANAGE)
def mentors(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.mentors_for(request.user))
    programmes = list(active_programmes_for(request.user))
    return render(request, "matching/mentors.html", {"rows": rows, "programmes": programmes})


def _accounts(user):
    return User.objects.filter(
        organisation_id=user.organisation_id,
        is_active=True,
        role__in=[Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR],
    ).order_by("display_name")


@requires(Perm.MENTORS_MANAGE)
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk=None) -> HttpResponse:
    profile = selectors.get_mentor_for(request.user, pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = MentorProfileForm(data, instance=profile, accounts=_accounts(request.user))
    if request.method == "GET" and profile:
        form.initial["version"] = profile.version
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_profile_save(
                actor=request.user,
                data=form.profile_data(),
                profile=profile,
                expected_version=form.cleaned_data.get("version") if profile else None,
                request=request,
            )
            messages.success(request, _("Mentor profile saved."))
            return redirect("matching:mentors")
        except services.StaleEditError as exc:
            conflict = True
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
        except ValidationError as exc:
            apply_validation_error(form, exc)
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return render(
        request,
        "matching/mentor_form.html",
        {"form": form, "profile": profile, "conflict": conflict},
        status=status,
    )


@requires(Perm.MENTORS_MANAGE)
@require_http_methods(["GET", "POST"])
def programme_weights(request: HttpRequest, pk) -> HttpResponse:
    """How much each compatibility part counts in one programme's matching."""
    programme = active_programmes_for(request.user).filter(public_id=pk).first()
    if programme is None:
        raise Http404
    current = bridge.weights_for(programme) or Weights()
    initial = {part: getattr(current, part) for part in PARTS}
    form = WeightsForm(request.POST or None, initial_weights=initial)
    if request.method == "POST" and form.is_valid():
        services.programme_weights_save(
            actor=request.user, programme=programme, weights=form.cleaned_data, request=request
        )
        messages.success(request, _("Matching weights saved."))
        return redirect("matching:mentors")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "matching/weights.html", {"form": form, "programme": programme}, status=status
    )
