"""Words the visitor and the peer see, in one place so the page, the socket and the HTTP
fallback say the same thing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearth.helpline.rules import FLOOD_LIMIT, FLOOD_WINDOW_SECONDS, MAX_MESSAGE_CHARS

_REFUSALS = {
    "empty": _("Your message was empty, so nothing was sent."),
    "too_long": _("That message is too long to send (the limit is %(n)d characters). "
                  "Try splitting it into shorter messages."),
    "binary": _("That message could not be read as text, so it was not sent. "
                "Please type your message."),
    "flood": _("You are sending messages very quickly. Please wait a few seconds; "
               "nothing you sent before was lost."),
    "ended": _("This chat has ended, so the message was not sent."),
    "not_yours": _("You cannot send messages in this chat."),
}


def refusal_text(code: str) -> str:
    text = _REFUSALS.get(code, _REFUSALS["binary"])
    if code == "too_long":
        return text % {"n": MAX_MESSAGE_CHARS}
    return text


__all__ = ["refusal_text", "FLOOD_LIMIT", "FLOOD_WINDOW_SECONDS"]
