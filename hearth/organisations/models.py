from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import TenantModel, TimeStampedModel


class Organisation(TimeStampedModel):
    """A tenant: a peer-run organisation, recovery community centre, warmline or clinic."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    allow_community_signup = models.BooleanField(
        _("people may join the online community themselves"), default=True
    )
    share_notes_with_participants = models.BooleanField(
        _("participants can read the notes written with them"), default=False
    )
    note_overdue_hours = models.PositiveSmallIntegerField(
        _("a note is overdue when unsigned this many hours after the session"), default=72
    )
    late_entry_hours = models.PositiveSmallIntegerField(
        _("a note signed this many hours after the session is marked a late entry"), default=24
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Programme(TenantModel):
    """A programme within an organisation, e.g. "Recovery Community Center", "Warmline"."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme managers"),
        related_name="managed_programmes",
        blank=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class LocalCrisisLine(TimeStampedModel):
    """A local number an organisation adds to the crisis resources (e.g. mobile crisis)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="local_crisis_lines"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    description = models.CharField(_("when to use it"), max_length=300, blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("local crisis line")
        verbose_name_plural = _("local crisis lines")

    def __str__(self) -> str:
        return self.name
