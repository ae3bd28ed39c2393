"""Words the visitor and the peer see, in one place so the page, the socket and the HTTP
fallback say the same thing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearth.helpline.rules import FLOOD_LIMIT, FLOOD_WINDOW_SECONDS, MAX_MESSAGE_CHARS

_REFUSALS = {
    "empty": _("Your message was empty, so nothing was sent."),
    "too_long": _(
        "That message is too long to send (the limit is %(n)d characters). "
        "Try splitting it into shorter messages."
    ),
    "binary": _(
        "That message could not be read as text, so it was not sent. Please type your message."
    ),
    "flood": _(
        "You are sending messages very quickly. Please wait a few seconds; "
        "nothing you sent before was lost."
    ),
    "ended": _("This chat has ended, so the message was not sent."),
    "not_yours": _("You cannot send messages in this chat."),
}


#: Canned responses the peer can drop into the composer (and edit before sending).
CANNED = (
    _("Thank you for reaching out tonight. I'm here with you."),
    _("That sounds really hard. Can you tell me more about what's been going on?"),
    _("I hear you. You don't have to go through this alone."),
    _("Are you thinking about suicide?"),
    _("Are you safe right now?"),
    _("What has helped you get through hard nights before?"),
    _("Would it help to talk about who you could reach out to tomorrow?"),
)

DISPOSITION_TOPICS = (
    ("loneliness", _("Loneliness")),
    ("substance_use", _("Substance use")),
    ("mental_health", _("Mental health")),
    ("relationships", _("Relationships")),
    ("housing_money", _("Housing or money")),
    ("grief", _("Grief")),
    ("suicidal_thoughts", _("Suicidal thoughts")),
    ("other", _("Something else")),
)
DISPOSITION_RESOURCES = (
    ("988", _("988 Lifeline")),
    ("crisis_text_line", _("Crisis Text Line")),
    ("emergency", _("Emergency services (911)")),
    ("safety_plan", _("Safety plan")),
    ("local_services", _("Local services")),
    ("peer_support", _("Peer support groups")),
)


def refusal_text(code: str) -> str:
    text = _REFUSALS.get(code, _REFUSALS["binary"])
    if code == "too_long":
        return text % {"n": MAX_MESSAGE_CHARS}
    return text


__all__ = [
    "CANNED",
    "DISPOSITION_RESOURCES",
    "DISPOSITION_TOPICS",
    "FLOOD_LIMIT",
    "FLOOD_WINDOW_SECONDS",
    "refusal_text",
]
