"""The visitor's side: public, anonymous, no account. The visitor is known only by the
chat token in their session; nothing personal is asked for or kept.

Every page works without JavaScript (forms and a "check for new messages" link); with it,
static/js/helpline.js chats over a WebSocket and falls back to polling these same URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from hearth.core.access import public
from hearth.helpline import realtime, rules, selectors, services
from hearth.helpline.consumers import VISITOR_SESSION_KEY
from hearth.helpline.forms import PreChatForm
from hearth.helpline.models import Chat, ChatStatus
from hearth.helpline.texts import refusal_text
from hearth.organisations.models import Organisation


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug, warmline__isnull=False)


def _visitor_chat(request: HttpRequest, organisation) -> Chat | None:
    held = request.session.get(VISITOR_SESSION_KEY)
    if not held or held.get("org") != organisation.slug:
        return None
    chat = Chat.objects.filter(public_id=held.get("id"), organisation=organisation).first()
    if chat is None or not services.token_matches(chat, held.get("token")):
        return None
    return chat


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@public
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, org: str) -> HttpResponse:
    """The warmline's front door: hours, the wait, resources, and the pre-chat questions."""
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is not None and chat.status != ChatStatus.ENDED:
        return redirect("helpline:visitor_chat", org=org)
    status = selectors.line_status(organisation)
    language = translation.get_language() or "en"
    form = PreChatForm(request.POST or None, initial={"language": language[:2]})
    if request.method == "POST" and status.open_now and form.is_valid():
        chat, token = services.chat_start(
            organisation=organisation,
            language=form.cleaned_data["language"],
            topic=form.cleaned_data["topic"],
        )
        request.session[VISITOR_SESSION_KEY] = {
            "id": str(chat.public_id),
            "token": token,
            "org": organisation.slug,
        }
        request.session.cycle_key()
        return redirect("helpline:visitor_chat", org=org)
    return render(
        request,
        "helpline/visit.html",
        {"organisation": organisation, "status": status, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _message_dict(message) -> dict:
    event = realtime.message_event(message)
    return {k: event[k] for k in ("seq", "sender", "body", "at")}


@public
@require_http_methods(["GET"])
def visitor_chat(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is None:  # no chat in this session (new visitor, or it was closed): the front door
        return visit(request, org)
    # The chat page speaks the language the visitor chose for the chat.
    with translation.override(chat.language):
        return render(
            request,
            "helpline/visitor_chat.html",
            {
                "organisation": organisation,
                "chat": chat,
                "transcript": selectors.messages_for(chat, staff=False),
                "status": selectors.line_status(organisation, chat=chat),
                "max_chars": rules.MAX_MESSAGE_CHARS,
            },
        )


@public
@require_http_methods(["GET"])
def visitor_messages(request: HttpRequest, org: str) -> HttpResponse:
    """Messages after ``?after=n`` as JSON: the fallback when WebSockets are unavailable."""
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is None:
        raise Http404
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    waiting = None
    if chat.status == ChatStatus.WAITING:
        estimate = selectors.line_status(organisation, chat=chat).estimate
        waiting = {"low": estimate.low, "high": estimate.high}
    return JsonResponse(
        {
            "status": chat.status,
            "wait": waiting,
            "messages": [
                _message_dict(m) for m in selectors.messages_for(chat, after=after, staff=False)
            ],
        }
    )


@public
@require_POST
def visitor_send(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is None:
        raise Http404
    try:
        message = services.visitor_message_post(chat=chat, body=request.POST.get("body", ""))
    except rules.MessageRefused as exc:
        with translation.override(chat.language):
            detail = str(refusal_text(exc.code))
        if _wants_json(request):
            return JsonResponse({"code": exc.code, "detail": detail}, status=400)
        messages.error(request, detail)
        return redirect("helpline:visitor_chat", org=org)
    if _wants_json(request):
        return JsonResponse({"seq": message.seq})
    return redirect("helpline:visitor_chat", org=org)


@public
@require_POST
def visitor_leave(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is None:
        raise Http404
    services.visitor_chat_leave(chat=chat)
    return redirect("helpline:visitor_chat", org=org)


@public
@require_POST
def visitor_feedback(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation(org)
    chat = _visitor_chat(request, organisation)
    if chat is None:
        raise Http404
    try:
        helped = int(request.POST.get("helped", ""))
        services.feedback_give(chat=chat, helped=helped)
    except (ValueError, services.ValidationError):
        messages.error(request, translation.gettext("Choose one of the answers."))
        return redirect("helpline:visitor_chat", org=org)
    request.session.pop(VISITOR_SESSION_KEY, None)
    messages.success(request, translation.gettext("Thank you. Take care of yourself."))
    return redirect("helpline:visit", org=org)
