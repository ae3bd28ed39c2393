"""The peer console: the live queue, the chats a peer is answering, the supervisor's floor,
and shifts. Pages are server-rendered; static/js/helpline.js adds the live parts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.access import requires
from hearth.core.forms import apply_validation_error
from hearth.core.policy import Perm, can
from hearth.helpline import realtime, rules, selectors, services
from hearth.helpline.forms import DispositionForm, ShiftForm, TransferForm
from hearth.helpline.models import ChatStatus
from hearth.helpline.texts import CANNED, refusal_text
from hearth.organisations.models import Organisation
from hearth.triage import Risk


def _console_context(request: HttpRequest) -> dict:
    user = request.user
    organisation = Organisation.objects.get(pk=user.organisation_id)
    return {
        "queue": selectors.queue_for(user),
        "mine": selectors.my_chats(user),
        "floor": selectors.floor_for(user),
        "status": selectors.line_status(organisation),
        "on_shift": selectors.on_shift(user.organisation_id),
        "i_am_on_shift": selectors.on_shift(user.organisation_id).filter(peer=user).exists(),
        "HIGH": int(Risk.HIGH),
        "MODERATE": int(Risk.MODERATE),
    }


@requires(Perm.HELPLINE_CONSOLE)
@require_GET
def console(request: HttpRequest) -> HttpResponse:
    return render(request, "helpline/console.html", _console_context(request))


@requires(Perm.HELPLINE_CONSOLE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The queue and my chats as a fragment, re-read when the queue socket says it changed
    (and every few seconds without it)."""
    return render(request, "helpline/_queue.html", _console_context(request))


def _chat_context(request, chat, **extra) -> dict:
    user = request.user
    answering = chat.peer_id == user.pk and chat.status == ChatStatus.ACTIVE
    return {
        "chat": chat,
        "transcript": selectors.messages_for(chat, staff=True),
        "answering": answering,
        "supervising": can(user, Perm.HELPLINE_SUPERVISE) and chat.peer_id != user.pk,
        "canned": [str(text) for text in CANNED],
        "disposition": extra.get("disposition") or DispositionForm(initial={"risk": chat.risk}),
        "transfer": extra.get("transfer")
        or TransferForm(candidates=selectors.handover_candidates(user, chat)),
        "protocol_open": chat.risk >= Risk.HIGH,
        "HIGH": int(Risk.HIGH),
        "MODERATE": int(Risk.MODERATE),
        "max_chars": rules.MAX_MESSAGE_CHARS,
    }


@requires(Perm.HELPLINE_CONSOLE)
@require_GET
def chat(request: HttpRequest, public_id) -> HttpResponse:
    """A chat (live) or its transcript (ended), for the peer answering it, a supervisor, or
    an admin. Every opening is audited."""
    chat = selectors.get_chat_for(request.user, public_id)
    services.chat_viewed(actor=request.user, chat=chat, request=request)
    return render(request, "helpline/chat.html", _chat_context(request, chat))


@requires(Perm.HELPLINE_CONSOLE)
@require_GET
def chat_messages(request: HttpRequest, public_id) -> HttpResponse:
    """Messages after ``?after=n`` as JSON: the console's fallback without WebSockets."""
    chat = selectors.get_chat_for(request.user, public_id)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    rows = selectors.messages_for(chat, after=after, staff=True)
    if rows:
        services.chat_viewed(actor=request.user, chat=chat, request=request)
    return JsonResponse(
        {
            "status": chat.status,
            "risk": chat.risk,
            "messages": [
                {**{k: e[k] for k in ("seq", "sender", "body", "at", "author")}}
                for e in map(realtime.message_event, rows)
            ],
        }
    )


@requires(Perm.HELPLINE_CONSOLE)
@require_POST
def chat_send(request: HttpRequest, public_id) -> HttpResponse:
    chat = selectors.get_chat_for(request.user, public_id)
    json = "application/json" in request.headers.get("Accept", "")
    try:
        message = services.peer_message_post(
            actor=request.user,
            chat=chat,
            body=request.POST.get("body", ""),
            whisper=request.POST.get("whisper") == "1",
        )
    except rules.MessageRefused as exc:
        detail = str(refusal_text(exc.code))
        if json:
            return JsonResponse({"code": exc.code, "detail": detail}, status=400)
        messages.error(request, detail)
        return redirect("helpline:chat", public_id=chat.public_id)
    except PermissionDenied:
        detail = str(refusal_text("not_yours"))
        if json:
            return JsonResponse({"code": "not_yours", "detail": detail}, status=403)
        raise
    if json:
        return JsonResponse({"seq": message.seq})
    return redirect("helpline:chat", public_id=chat.public_id)


@requires(Perm.HELPLINE_CONSOLE)
@require_POST
def pick_up(request: HttpRequest, public_id) -> HttpResponse:
    chat = selectors.get_waiting_chat_for(request.user, public_id)
    try:
        services.chat_pick_up(actor=request.user, chat=chat, request=request)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("helpline:console")
    return redirect("helpline:chat", public_id=chat.public_id)


@requires(Perm.HELPLINE_CONSOLE)
@require_POST
def transfer(request: HttpRequest, public_id) -> HttpResponse:
    chat = selectors.get_chat_for(request.user, public_id)
    form = TransferForm(request.POST, candidates=selectors.handover_candidates(request.user, chat))
    if form.is_valid():
        try:
            services.chat_transfer(
                actor=request.user, chat=chat, to=form.cleaned_data["to"], request=request
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The chat has been transferred."))
            return redirect("helpline:console")
    context = _chat_context(request, chat, transfer=form)
    return render(request, "helpline/chat.html", context, status=400)


@requires(Perm.HELPLINE_SUPERVISE)
@require_POST
def take_over(request: HttpRequest, public_id) -> HttpResponse:
    chat = selectors.get_chat_for(request.user, public_id)
    try:
        services.chat_take_over(actor=request.user, chat=chat, request=request)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect("helpline:chat", public_id=chat.public_id)


@requires(Perm.HELPLINE_CONSOLE)
@require_POST
def end(request: HttpRequest, public_id) -> HttpResponse:
    chat = selectors.get_chat_for(request.user, public_id)
    form = DispositionForm(request.POST)
    if form.is_valid():
        try:
            services.chat_end(
                actor=request.user,
                chat=chat,
                topics=form.cleaned_data["topics"],
                risk=form.cleaned_data["risk"],
                resources=form.cleaned_data["resources"],
                follow_up=form.cleaned_data["follow_up"],
                request=request,
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The chat has ended and its disposition is saved."))
            return redirect("helpline:console")
    context = _chat_context(request, chat, disposition=form)
    return render(request, "helpline/chat.html", context, status=400)


@requires(Perm.HELPLINE_SHIFTS)
@require_http_methods(["GET", "POST"])
def shifts(request: HttpRequest) -> HttpResponse:
    """Who is on, coverage gaps in the week ahead, and each shift's statistics. Supervisors
    and admins also schedule shifts here."""
    may_schedule = can(request.user, Perm.HELPLINE_SUPERVISE)
    form = ShiftForm(request.POST or None, organisation_id=request.user.organisation_id)
    if request.method == "POST":
        if not may_schedule:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.shift_schedule(
                    actor=request.user,
                    peer=form.cleaned_data["peer"],
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    request=request,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The shift is scheduled."))
                return redirect("helpline:shifts")
    overview = selectors.shift_overview(request.user)
    audit_record(
        actor=request.user, action=Action.LIST, object_type="helpline_shift", request=request
    )
    return render(
        request,
        "helpline/shifts.html",
        {**overview, "form": form, "may_schedule": may_schedule},
        status=400 if request.method == "POST" else 200,
    )
