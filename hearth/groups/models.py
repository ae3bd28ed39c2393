"""Support groups and recovery courses: what is on (groups and their materialised
sessions), who is coming (registrations, with a waitlist), who came (attendance, including
walk-ins), the group note that documents a session for billing, and calendar links."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel, TimeStampedModel


class GroupKind(models.TextChoices):
    OPEN = "open", _("Open support group")
    CLOSED = "closed", _("Closed group")
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("One-off workshop")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    VETERANS = "veterans", _("Veterans")
    YOUNG_ADULTS = "young_adults", _("Young adults")
    FAMILIES = "families", _("Family members")
    LGBTQ = "lgbtq", _("LGBTQ+")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Group(TenantModel):
    """A support group, course or workshop and its schedule. The schedule is a wall-clock
    start in ``timezone``, an RRULE, cancelled dates and moved meetings; its meetings are
    materialised as ``GroupSession`` rows (``services.group_schedule_sync``)."""

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        "organisations.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("programme"),
    )
    audience = models.CharField(
        _("who it is for"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitators"),
    )
    facilitator_note = models.CharField(
        _("co-facilitators and volunteers, in words"),
        max_length=200,
        blank=True,
        help_text=_("E.g. a community volunteer or a participant who now co-facilitates."),
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    accessibility_notes = models.CharField(_("accessibility"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    registration_required = models.BooleanField(_("people register first"), default=False)
    is_public = models.BooleanField(_("show on the public listing"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The schedule, in wall-clock time.
    timezone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    first_date = models.DateField(_("first meeting"))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    rrule = models.CharField(
        _("repeat rule (RFC 5545 RRULE)"),
        max_length=300,
        blank=True,
        help_text=_("E.g. FREQ=WEEKLY;BYDAY=TH. Empty for a one-off meeting."),
    )
    last_date = models.DateField(
        _("schedule ends"), null=True, blank=True, help_text=_("Empty: a year from the start.")
    )
    cancelled_dates = models.JSONField(default=list, blank=True)
    moved = models.JSONField(default=dict, blank=True)  # original local ISO -> new local ISO
    meeting_days = models.CharField(max_length=20, blank=True, editable=False)  # "3" = Thu
    #: The next scheduled meeting, kept so the public listing is one indexed query over
    #: groups (see ``services.next_starts_refresh``); may lag a passed meeting by a minute.
    next_start = models.DateTimeField(null=True, blank=True, editable=False)
    completion_required = models.PositiveSmallIntegerField(
        _("sessions needed for a certificate"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organisation", "is_public", "is_active"]),
            models.Index(fields=["is_public", "is_active", "next_start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=models.F("capacity")),
                name="group_seats_within_capacity",
            )
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    @property
    def is_course(self) -> bool:
        return self.kind == GroupKind.COURSE

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.seats_taken)


class CurriculumItem(models.Model):
    """One numbered session of a course: its topic and materials."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="curriculum")
    position = models.PositiveSmallIntegerField(_("session number"))
    title = models.CharField(_("topic"), max_length=160)
    materials = models.TextField(_("materials"), blank=True)
    materials_url = models.URLField(_("materials link"), blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="curriculum_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class GroupSession(models.Model):
    """One meeting of a group, keyed by where the rule put it (``original_start``, the
    iCalendar RECURRENCE-ID), so registration, attendance and notes attach to a real row
    that survives a move."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    number = models.PositiveSmallIntegerField(default=0)  # 1-based, among scheduled meetings
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
            models.Index(fields=["starts_at", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["group", "original_start"], name="session_original")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    NONE = "none", _("No reminders")


class Registration(TimeStampedModel):
    """A person's place in a group (or on its waitlist). The person is a participant
    record (registered by staff, or themselves when their account is linked to one) or,
    for someone who is not a participant, their Hearth account."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_registrations",
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    reminder_channel = models.CharField(
        _("reminders by"),
        max_length=8,
        choices=ReminderChannel.choices,
        default=ReminderChannel.EMAIL,
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(user__isnull=False),
                name="registration_has_person",
            ),
            models.UniqueConstraint(
                fields=["group", "participant"],
                condition=~Q(status="cancelled") & Q(participant__isnull=False),
                name="registration_one_per_participant",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=~Q(status="cancelled") & Q(participant__isnull=True),
                name="registration_one_per_user",
            ),
        ]
        indexes = [models.Index(fields=["group", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Registration {self.pk}"


class Attendance(models.Model):
    """Who was there. A walk-in who is not (yet) a participant is recorded by the name
    they gave (encrypted), and is never billed."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_attendance",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    walk_in_name = EncryptedTextField(_("name"), blank=True)
    present = models.BooleanField(default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(participant__isnull=False),
                name="attendance_one_per_participant",
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False, participant__isnull=True),
                name="attendance_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"


class GroupNote(TimeStampedModel):
    """The facilitator's note for one session. It fans out to one group encounter (with
    its own progress note) on each attending participant's record; those notes are signed
    and locked by the same rules as individual notes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.OneToOneField(
        GroupSession, on_delete=models.PROTECT, related_name="group_note"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    payer = models.ForeignKey(
        "encounters.Payer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Group note {self.pk}"


class CalendarLink(models.Model):
    """A person's private calendar feed address. Only a hash of the secret is stored: the
    link is shown once, when made, and making a new one retires the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_link"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar link {self.pk}"
