"""Warmline chats: the line's hours, peers' shifts, chats and their messages.

A chat belongs to an anonymous visitor who is known only by an unguessable token kept in
their session (the chat stores a hash of it). Messages are stored with a per-chat sequence
number before they are delivered, so a client that reconnects asks for "everything after
n" and gets each message exactly once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import TenantModel, TimeStampedModel
from hearth.triage import Risk


class Warmline(TimeStampedModel):
    """One organisation's warmline: its hours (in the server's time zone) and limits."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="warmline"
    )
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.TimeField(_("opens at"), default=dt.time(16, 0))
    #: Equal to ``opens_at`` means open around the clock; earlier means it closes after midnight.
    closes_at = models.TimeField(_("closes at"), default=dt.time(0, 0))
    chats_per_peer = models.PositiveSmallIntegerField(_("chats at once per peer"), default=3)

    class Meta:
        verbose_name = _("warmline")

    def __str__(self) -> str:
        return self.name


class Shift(TenantModel):
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="helpline_shifts"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["organisation", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class ChatStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("With a peer")
    ENDED = "ended", _("Ended")


RISK_CHOICES = [
    (Risk.NONE, _("None")),
    (Risk.LOW, _("Low")),
    (Risk.MODERATE, _("Moderate")),
    (Risk.HIGH, _("High")),
]


class Chat(TenantModel):
    token_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=8, default="en")
    topic = models.CharField(_("what's going on"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=ChatStatus.choices, default="waiting")
    #: The highest risk seen in any visitor message (a chat never becomes less urgent).
    risk = models.PositiveSmallIntegerField(_("risk"), choices=RISK_CHOICES, default=Risk.NONE)
    risk_reasons = models.JSONField(default=list, blank=True)
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helpline_chats",
    )
    picked_up_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)
    # Disposition, written by the peer at the end.
    topics = models.JSONField(default=list, blank=True)
    disposition_risk = models.PositiveSmallIntegerField(
        _("risk level at the end"), choices=RISK_CHOICES, null=True, blank=True
    )
    resources_given = models.JSONField(default=list, blank=True)
    follow_up = models.BooleanField(_("follow-up wanted"), default=False)
    # The visitor's anonymous answer to "Did this chat help?" (1 = no … 3 = yes).
    feedback = models.PositiveSmallIntegerField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status", "risk", "created_at"]),
            models.Index(fields=["status", "ended_at"]),
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def risk_level(self) -> Risk:
        return Risk(self.risk)

    @property
    def waited_seconds(self) -> float | None:
        if self.picked_up_at is None:
            return None
        return (self.picked_up_at - self.created_at).total_seconds()


class Sender(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    PEER = "peer", _("Peer")
    WHISPER = "whisper", _("Whisper (peers only)")
    SYSTEM = "system", _("System")


class Message(models.Model):
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    sender = models.CharField(max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    risk = models.PositiveSmallIntegerField(choices=RISK_CHOICES, default=Risk.NONE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["chat", "seq"], name="helpline_message_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chat_id}#{self.seq}"

    @property
    def staff_only(self) -> bool:
        return self.sender == Sender.WHISPER
