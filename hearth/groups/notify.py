"""Delivering a group message to one registered person through the channel they chose
(email through Django's email backend, text through ``hearth.core.messaging``), honouring
the participant record's contact permissions. Called by the tasks in ``tasks.py``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hearth.core.messaging import send_sms
from hearth.groups.models import GroupSession, Registration, ReminderChannel
from hearth.groups.schedule import zone


def _address(registration: Registration, channel: str) -> str:
    """Where to send, or "" when the person has not allowed this channel."""
    participant, user = registration.participant, registration.user
    if channel == ReminderChannel.EMAIL:
        if participant is not None:
            if participant.may_email == "no":
                return ""
            return participant.email or (participant.user.email if participant.user else "")
        return user.email if user else ""
    if channel == ReminderChannel.SMS:
        if participant is not None and participant.may_text != "no":
            return participant.phone
        return ""
    return ""


def _language(registration: Registration) -> str:
    person = registration.user or (registration.participant and registration.participant.user)
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def _text(kind: str, registration: Registration, session: GroupSession | None) -> str:
    link = f"{getattr(settings, 'HEARTH_BASE_URL', '')}/groups/mine/"
    when = ""
    if session is not None:
        local = session.starts_at.astimezone(zone(registration.group.timezone))
        when = date_format(local, "DATETIME_FORMAT")
    if kind == "reminder":
        return _("Hearth reminder: your group meets %(when)s. Details: %(link)s") % {
            "when": when,
            "link": link,
        }
    if kind == "moved":
        return _("Hearth: your group's meeting has moved to %(when)s. Details: %(link)s") % {
            "when": when,
            "link": link,
        }
    if kind == "cancelled":
        return _("Hearth: your group's meeting on %(when)s is cancelled. Details: %(link)s") % {
            "when": when,
            "link": link,
        }
    return _("Hearth: a place came free and it is yours. Details: %(link)s") % {"link": link}


def notify(*, registration_id: int, session_id: int | None, kind: str) -> bool:
    """Send one message; ``False`` when the person opted out or gave no address."""
    registration = (
        Registration.objects.select_related("group", "participant__user", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    session = GroupSession.objects.filter(pk=session_id).first() if session_id else None
    channel = registration.reminder_channel
    address = _address(registration, channel)
    if not address:
        return False
    with translation.override(_language(registration)):
        body = _text(kind, registration, session)
        if channel == ReminderChannel.SMS:
            send_sms(to=address, body=body)
        else:
            send_mail(
                subject=_("Hearth: about your group"),
                message=body,
                from_email=None,
                recipient_list=[address],
            )
    return True
