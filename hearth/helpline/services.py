"""Writes for the warmline. Every message is stored (with its sequence number) before it is
published; side effects (delivery, queue refresh, supervisor alerts) run after commit.

Audit events carry no personal data: chat ids, risk levels and counts only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hearth.audit.models import Action, Channel
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, Role, can
from hearth.core.realtime import send_alert
from hearth.helpline import realtime, rules
from hearth.helpline.models import Chat, ChatStatus, Message, Sender, Shift, Warmline
from hearth.helpline.texts import DISPOSITION_RESOURCES, DISPOSITION_TOPICS
from hearth.triage import Risk, assess

OBJECT_TYPE = "helpline_chat"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(chat: Chat, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(chat.token_hash, token_hash(token))


def warmline_for(organisation) -> Warmline:
    line, _created = Warmline.objects.get_or_create(
        organisation=organisation, defaults={"name": organisation.name}
    )
    return line


# --- the visitor ------------------------------------------------------------------------------


@transaction.atomic
def chat_start(*, organisation, language: str = "en", topic: str = "") -> tuple[Chat, str]:
    """Open a waiting chat for an anonymous visitor. Returns the chat and the visitor's
    token (kept only in their session; the chat stores its hash). The pre-chat answer
    ``topic`` is assessed like any message, so a crisis written there is seen at once."""
    token = secrets.token_urlsafe(32)
    chat = Chat(
        organisation=organisation,
        token_hash=token_hash(token),
        language=language if language in ("en", "es") else "en",
        topic=topic.strip()[:300],
    )
    chat.full_clean()
    chat.save()
    audit_record(
        actor=None,
        action=Action.CREATE,
        object_type=OBJECT_TYPE,
        object_id=str(chat.public_id),
        organisation_id=organisation.pk,
        channel=Channel.SYSTEM,
    )
    if chat.topic:
        _raise_risk(chat, assess(chat.topic, language=chat.language))
    transaction.on_commit(
        lambda: realtime.publish_queue_changed(organisation.pk, chat_id=chat.pk, risk=chat.risk)
    )
    return chat, token


def visitor_message_post(*, chat: Chat, body: object, deliver: bool = True) -> Message:
    """A visitor's message: refused with ``rules.MessageRefused`` (code ``empty``,
    ``too_long``, ``binary``, ``flood`` or ``ended``) or stored, assessed and delivered.
    ``deliver=False`` leaves delivery to the caller (a consumer publishing from its own
    event loop with ``realtime.apublish_message``); the message is committed either way."""
    text = rules.clean_message(body)
    return _post(chat=chat, sender=Sender.VISITOR, author=None, text=text, deliver=deliver)


def peer_message_post(
    *, actor, chat: Chat, body: object, whisper: bool = False, deliver: bool = True
) -> Message:
    """A peer's (or a supervisor's) message; ``whisper`` is a note to the peer that the
    visitor never receives. The caller has checked the actor may see the chat."""
    text = rules.clean_message(body)
    if whisper:
        if not can(actor, Perm.HELPLINE_SUPERVISE):
            raise PermissionDenied
        sender = Sender.WHISPER
    else:
        sender = Sender.PEER  # only the peer answering speaks to the visitor (checked in _post)
    return _post(chat=chat, sender=sender, author=actor, text=text, deliver=deliver)


@transaction.atomic
def _post(*, chat: Chat, sender: str, author, text: str, deliver: bool = True) -> Message:
    # The row lock serialises writers to one chat, so sequence numbers have no gaps or
    # repeats (on SQLite the IMMEDIATE transaction does the same for the whole database).
    locked = (
        Chat.objects.select_for_update()
        .only(
            "public_id",
            "organisation_id",
            "status",
            "risk",
            "risk_reasons",
            "language",
            "peer_id",
            "last_seq",
        )
        .get(pk=chat.pk)
    )
    if locked.status == ChatStatus.ENDED:
        raise rules.MessageRefused("ended")
    if sender == Sender.PEER and locked.peer_id != author.pk:
        raise PermissionDenied
    if sender == Sender.VISITOR:
        recent = Message.objects.filter(chat=locked, sender=Sender.VISITOR).order_by("-seq")
        last = recent.values_list("created_at", flat=True)[: rules.FLOOD_LIMIT]
        times = [m.timestamp() for m in last]
        if rules.flooding(recent=times, now=timezone.now().timestamp()):
            raise rules.MessageRefused("flood")
    locked.last_seq += 1
    Chat.objects.filter(pk=locked.pk).update(last_seq=F("last_seq") + 1)
    risk = Risk.NONE
    assessment = None
    if sender == Sender.VISITOR:
        assessment = assess(text, language=locked.language)
        risk = assessment.risk
    message = Message.objects.create(
        chat=locked, seq=locked.last_seq, sender=sender, author=author, body=text, risk=risk
    )
    message.live = None  # set after commit: was it delivered over the channel layer?

    def push():
        message.live = realtime.publish_message(message)

    if deliver:
        transaction.on_commit(push)
    if assessment is not None:
        _raise_risk(locked, assessment)
    chat.last_seq, chat.risk, chat.status = locked.last_seq, locked.risk, locked.status
    return message


def _raise_risk(chat: Chat, assessment) -> None:
    """A chat's level is the highest seen. Rising to moderate re-orders the queue; rising
    to high also alerts the supervisors on shift (and the peer, if one has the chat)."""
    if assessment.risk <= chat.risk:
        return
    reasons = list(dict.fromkeys([*chat.risk_reasons, *assessment.reasons]))[:12]
    Chat.objects.filter(pk=chat.pk).update(risk=int(assessment.risk), risk_reasons=reasons)
    chat.risk, chat.risk_reasons = int(assessment.risk), reasons
    audit_record(
        actor=None,
        action=Action.UPDATE,
        object_type=OBJECT_TYPE,
        object_id=str(chat.public_id),
        organisation_id=chat.organisation_id,
        detail=f"risk={assessment.risk.label}",
        channel=Channel.SYSTEM,
    )
    org_id, chat_id, risk = chat.organisation_id, chat.pk, chat.risk
    transaction.on_commit(
        lambda: realtime.publish_queue_changed(org_id, chat_id=chat_id, risk=risk)
    )
    transaction.on_commit(lambda: realtime.publish_chat_state(chat))
    if assessment.risk >= Risk.HIGH:
        _alert_high_risk(chat)


def _alert_high_risk(chat: Chat) -> None:
    url = reverse("helpline:chat", args=[chat.public_id])
    for user in supervisors_to_alert(chat.organisation_id):
        with override(user.preferred_language or None):
            message = str(_("High-risk warmline chat: open it and start the crisis protocol."))
        send_alert(user_id=user.pk, message=message, level="crisis", url=url)
    if chat.peer_id:
        with override(chat.peer.preferred_language or None):
            message = str(_("Your chat is now high risk: the crisis protocol is open."))
        send_alert(user_id=chat.peer_id, message=message, level="crisis", url=url)


def supervisors_to_alert(organisation_id: int):
    """The supervisors on shift now; when none is, every supervisor of the organisation (a
    high-risk chat must reach someone who can step in)."""
    from hearth.accounts.models import User

    now = timezone.now()
    base = User.objects.filter(
        organisation_id=organisation_id, is_active=True, role=Role.PEER_SUPERVISOR
    )
    on_shift = base.filter(
        helpline_shifts__starts_at__lte=now, helpline_shifts__ends_at__gt=now
    ).distinct()
    return list(on_shift) or list(base)


# --- peers and supervisors --------------------------------------------------------------------


class ChatLimitReached(ValidationError):
    pass


def _on_shift(user) -> bool:
    now = timezone.now()
    return Shift.objects.filter(peer=user, starts_at__lte=now, ends_at__gt=now).exists()


def _system_line(chat: Chat, text: str) -> Message:
    return _post(chat=chat, sender=Sender.SYSTEM, author=None, text=text)


@transaction.atomic
def chat_pick_up(*, actor, chat: Chat, request=None) -> Chat:
    """The peer takes a waiting chat. Refused when the actor is not on shift, the chat has
    gone to someone else, or the actor already has the line's limit of chats."""
    if not can(actor, Perm.HELPLINE_CONSOLE, chat):
        raise PermissionDenied
    if not _on_shift(actor):
        raise ValidationError(_("Start your shift before picking up chats."))
    locked = Chat.objects.select_for_update().get(pk=chat.pk)
    if locked.status != ChatStatus.WAITING:
        raise ValidationError(_("Another peer has already picked up this chat."))
    _check_limit(actor, locked)
    locked.status, locked.peer, locked.picked_up_at = ChatStatus.ACTIVE, actor, timezone.now()
    locked.save(update_fields=["status", "peer", "picked_up_at", "updated_at"])
    _audit(actor, locked, Action.ASSIGN, "picked_up", request)
    with override(locked.language):
        _system_line(locked, _("A peer has joined the chat."))
    _after_change(locked)
    return locked


def _check_limit(user, chat: Chat) -> None:
    limit = warmline_for(chat.organisation).chats_per_peer
    active = Chat.objects.filter(peer=user, status=ChatStatus.ACTIVE).count()
    if active >= limit:
        raise ChatLimitReached(
            _("You already have %(n)d chats open, the most one peer takes at once.") % {"n": limit}
        )


def _after_change(chat: Chat) -> None:
    transaction.on_commit(
        lambda: realtime.publish_queue_changed(
            chat.organisation_id, chat_id=chat.pk, risk=chat.risk
        )
    )
    transaction.on_commit(lambda: realtime.publish_chat_state(chat))


def _audit(actor, chat: Chat, action: str, detail: str, request=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(chat.public_id),
        organisation_id=chat.organisation_id,
        detail=detail,
        request=request,
    )


@transaction.atomic
def chat_transfer(*, actor, chat: Chat, to, request=None) -> Chat:
    """Hand the chat to another peer or supervisor on shift (the current peer or a
    supervisor may do this)."""
    locked = Chat.objects.select_for_update().get(pk=chat.pk)
    if locked.status != ChatStatus.ACTIVE:
        raise ValidationError(_("Only an open chat can be transferred."))
    if locked.peer_id != actor.pk and not can(actor, Perm.HELPLINE_SUPERVISE):
        raise PermissionDenied
    if to.organisation_id != locked.organisation_id or not can(to, Perm.HELPLINE_CONSOLE):
        raise ValidationError(_("Choose a peer or supervisor of this warmline."))
    if to.pk == locked.peer_id:
        raise ValidationError(_("That peer already has this chat."))
    if not _on_shift(to):
        raise ValidationError(_("That person is not on shift."))
    _check_limit(to, locked)
    locked.peer = to
    locked.save(update_fields=["peer", "updated_at"])
    _audit(actor, locked, Action.ASSIGN, "transferred", request)
    with override(locked.language):
        _system_line(locked, _("Another peer is taking over this chat, with everything so far."))
    send_alert(
        user_id=to.pk,
        message=str(_("A warmline chat has been transferred to you.")),
        level="warning" if locked.risk < Risk.HIGH else "crisis",
        url=reverse("helpline:chat", args=[locked.public_id]),
    )
    _after_change(locked)
    return locked


def chat_take_over(*, actor, chat: Chat, request=None) -> Chat:
    """A supervisor steps in and answers the visitor themselves."""
    if not can(actor, Perm.HELPLINE_SUPERVISE):
        raise PermissionDenied
    with transaction.atomic():
        locked = Chat.objects.select_for_update().get(pk=chat.pk)
        if locked.status == ChatStatus.ENDED:
            raise ValidationError(_("This chat has ended."))
        if locked.peer_id == actor.pk:
            return locked
        was_waiting = locked.status == ChatStatus.WAITING
        locked.peer, locked.status = actor, ChatStatus.ACTIVE
        if was_waiting:
            locked.picked_up_at = timezone.now()
        locked.save(update_fields=["peer", "status", "picked_up_at", "updated_at"])
        _audit(actor, locked, Action.ASSIGN, "taken_over", request)
        with override(locked.language):
            _system_line(locked, _("A supervisor has joined and is taking over this chat."))
        _after_change(locked)
        return locked


@transaction.atomic
def chat_end(
    *,
    actor,
    chat: Chat,
    topics: list[str],
    risk: int,
    resources: list[str],
    follow_up: bool,
    request=None,
) -> Chat:
    """Close the chat with the peer's disposition."""
    locked = Chat.objects.select_for_update().get(pk=chat.pk)
    if locked.peer_id != actor.pk and not can(actor, Perm.HELPLINE_SUPERVISE):
        raise PermissionDenied
    if locked.status == ChatStatus.ENDED:
        raise ValidationError(_("This chat has already ended."))
    known_topics = {k for k, _label in DISPOSITION_TOPICS}
    known_resources = {k for k, _label in DISPOSITION_RESOURCES}
    locked.topics = [t for t in topics if t in known_topics]
    locked.resources_given = [r for r in resources if r in known_resources]
    locked.disposition_risk = int(Risk(risk))
    locked.follow_up = follow_up
    with override(locked.language):
        _system_line(locked, _("The chat has ended. Thank you for reaching out."))
    locked.status, locked.ended_at = ChatStatus.ENDED, timezone.now()
    locked.save(
        update_fields=[
            "topics",
            "resources_given",
            "disposition_risk",
            "follow_up",
            "status",
            "ended_at",
            "updated_at",
        ]
    )
    _audit(actor, locked, Action.STATUS, "ended", request)
    _after_change(locked)
    return locked


@transaction.atomic
def visitor_chat_leave(*, chat: Chat) -> Chat:
    """The visitor ends the chat themselves (a waiting chat leaves the queue)."""
    locked = Chat.objects.select_for_update().get(pk=chat.pk)
    if locked.status == ChatStatus.ENDED:
        return locked
    with override(locked.language):
        _system_line(locked, _("The visitor has left the chat."))
    locked.status, locked.ended_at = ChatStatus.ENDED, timezone.now()
    locked.save(update_fields=["status", "ended_at", "updated_at"])
    _after_change(locked)
    return locked


def feedback_give(*, chat: Chat, helped: int) -> None:
    """The visitor's anonymous answer to "Did this chat help?" (1, 2 or 3), once."""
    if helped not in (1, 2, 3):
        raise ValidationError(_("Choose one of the answers."))
    Chat.objects.filter(pk=chat.pk, status=ChatStatus.ENDED, feedback__isnull=True).update(
        feedback=helped
    )


def chat_viewed(*, actor, chat: Chat, request=None, channel: str = Channel.WEB) -> None:
    """Audit a staff member opening a chat or its transcript."""
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=OBJECT_TYPE,
        object_id=str(chat.public_id),
        organisation_id=chat.organisation_id,
        request=request,
        channel=channel,
    )


# --- shifts and retention ---------------------------------------------------------------------


@transaction.atomic
def shift_schedule(
    *,
    actor,
    peer,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    request=None,
    channel: str = Channel.WEB,
) -> Shift:
    if not can(actor, Perm.HELPLINE_SHIFTS) or not can(actor, Perm.HELPLINE_SUPERVISE):
        raise PermissionDenied
    if peer.organisation_id != actor.organisation_id or not can(peer, Perm.HELPLINE_CONSOLE):
        raise ValidationError({"peer": _("Choose a peer or supervisor of this warmline.")})
    shift = Shift(
        organisation_id=actor.organisation_id, peer=peer, starts_at=starts_at, ends_at=ends_at
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift must end after it starts.")})
    shift.full_clean()
    shift.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="helpline_shift",
        object_id=str(shift.public_id),
        request=request,
        channel=channel,
    )
    return shift


def transcripts_purge(*, days: int, now: dt.datetime | None = None) -> int:
    """Delete the messages (and the pre-chat answer) of chats that ended more than ``days``
    days ago; the chat's anonymous statistics stay. Returns how many chats were purged."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    due = Chat.objects.filter(status=ChatStatus.ENDED, ended_at__lt=cutoff, purged_at__isnull=True)
    purged = 0
    for org_id in set(due.values_list("organisation_id", flat=True)):
        with transaction.atomic():
            ids = list(due.filter(organisation_id=org_id).values_list("pk", flat=True))
            Message.objects.filter(chat_id__in=ids).delete()
            Chat.objects.filter(pk__in=ids).update(
                purged_at=now, topic="", risk_reasons=[], token_hash=""
            )
            audit_record(
                actor=None,
                action=Action.UPDATE,
                object_type=OBJECT_TYPE,
                organisation_id=org_id,
                detail=f"transcripts_purged={len(ids)} older_than_days={days}",
                channel=Channel.SYSTEM,
            )
            purged += len(ids)
    return purged
