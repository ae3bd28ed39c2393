"""Closed-loop referrals: FHIR ServiceRequest (``Referral``) + Task (its status and the
``ReferralEvent`` history), the participant's consent to share (``SharingConsent``), the
receiving organisation's link (``ReceiverLink``) and the referring peer's follow-up
(``FollowUp``). See docs/decisions/0038 and 0039.

Free text (why the person is asking, notes, reasons, outcomes) is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel, TimeStampedModel
from hearth.referrals.lifecycle import Status


class ReferralStatus(models.TextChoices):
    DRAFT = Status.DRAFT.value, _("Draft")
    SENT = Status.SENT.value, _("Sent")
    ACCEPTED = Status.ACCEPTED.value, _("Accepted")
    DECLINED = Status.DECLINED.value, _("Declined")
    IN_PROGRESS = Status.IN_PROGRESS.value, _("In progress")
    COMPLETED = Status.COMPLETED.value, _("Completed")
    NOT_COMPLETED = Status.NOT_COMPLETED.value, _("Not completed")
    CANCELLED = Status.CANCELLED.value, _("Cancelled")


class Priority(models.TextChoices):
    # FHIR ServiceRequest.priority (routine | urgent | asap; "stat" is for clinical orders).
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    ASAP = "asap", _("As soon as possible")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No space or waiting list full")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for this service")
    NOT_OFFERED = "not_offered", _("We do not offer this service")
    OUT_OF_AREA = "out_of_area", _("Outside our service area")
    NO_CONTACT = "no_contact", _("Could not reach the person")
    PERSON_DECLINED = "person_declined", _("The person decided not to go ahead")
    OTHER = "other", _("Another reason")


class NotCompletedReason(models.TextChoices):
    NO_SHOW = "no_show", _("Did not attend")
    WITHDREW = "withdrew", _("The person chose to stop")
    NO_CONTACT = "no_contact", _("Lost contact")
    NOT_ELIGIBLE = "not_eligible", _("Found not eligible")
    SERVICE_ENDED = "service_ended", _("The service was no longer available")
    MOVED = "moved", _("The person moved away")
    OTHER = "other", _("Another reason")


REASON_LISTS: dict[str, type[models.TextChoices]] = {
    "decline": DeclineReason,
    "not_completed": NotCompletedReason,
}


class ConsentMethod(models.TextChoices):
    # Spoken consent is not enough for records 42 CFR Part 2 covers (decision 0039).
    VERBAL = "verbal", _("Spoken, recorded by staff")
    PAPER = "paper", _("Signed on paper")
    ELECTRONIC = "electronic", _("Signed electronically")


class SharedItem(models.TextChoices):
    """What the receiving organisation may see beyond the service asked for and how to
    reach the referring peer (which it always sees)."""

    FIRST_NAME = "first_name", _("Their first name (otherwise only initials)")
    REQUEST = "request", _("What they are asking for, in the peer's words")


class GotService(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Helpful(models.TextChoices):
    YES = "yes", _("Yes")
    SOMEWHAT = "somewhat", _("Somewhat")
    NO = "no", _("No")
    NOT_SAID = "not_said", _("They did not say")


class EventSource(models.TextChoices):
    STAFF = "staff", _("Hearth")
    LINK = "link", _("Receiving organisation's link")
    SYSTEM = "system", _("Automatic")


class SharingConsent(TenantModel):
    """A participant's consent to share referral information with one receiving (HSDS)
    organisation, holding the elements 42 CFR Part 2 asks a consent to name: who it is
    about, who discloses (``organisation``), to whom, what, why, how it was given, when,
    until when, and that it can be revoked."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="sharing_consents"
    )
    # A soft reference: directory data may be re-imported; the name is kept as consented.
    receiving_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("shared with"),
    )
    receiving_organization_name = models.CharField(_("shared with"), max_length=500)
    shares = models.JSONField(_("what is shared"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    method = models.CharField(_("how consent was given"), max_length=12, choices=ConsentMethod)
    given_at = models.DateTimeField(_("consent given on"))
    expires_on = models.DateField(_("expires on"))
    told_can_revoke = models.BooleanField(_("told they can revoke it at any time"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent to share")
        verbose_name_plural = _("consents to share")
        indexes = [models.Index(fields=["participant", "receiving_organization"])]

    def __str__(self) -> str:
        return self.receiving_organization_name

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.revoked_at is None
            and self.given_at <= at
            and self.expires_on >= timezone.localdate(at)
        )

    @property
    def share_labels(self) -> list[str]:
        names = dict(SharedItem.choices)
        return [str(names[code]) for code in self.shares if code in names]


class Referral(TenantModel):
    """FHIR ServiceRequest: a peer asks a directory service to serve a participant. The
    service's and provider's names are kept as they were when the referral was made, so
    history reads right after the directory changes."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    service_name = models.CharField(_("service"), max_length=500)
    organization_id_hsds = models.CharField(_("provider (HSDS id)"), max_length=250)
    organization_name = models.CharField(_("provider"), max_length=500)
    # The category is a taxonomy term (reports group by it); kept by id and by name.
    category_id_hsds = models.CharField(
        _("category (HSDS id)"), max_length=250, blank=True, default=""
    )
    category_name = models.CharField(_("category"), max_length=500, blank=True, default="")
    reason = EncryptedTextField(
        _("what they are asking for"),
        help_text=_("In the person's words, as much as they want shared."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.ROUTINE
    )
    notes = EncryptedTextField(_("notes for the care team"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus, default=ReferralStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(max_length=20, blank=True, default="")
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    consent = models.ForeignKey(
        SharingConsent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    # The outcome, from the participant (FHIR Task.output): did they get it, did it help?
    got_service = models.CharField(
        _("did they get the service?"), max_length=8, choices=GotService, blank=True
    )
    helpful = models.CharField(_("did it help?"), max_length=10, choices=Helpful, blank=True)
    outcome_note = EncryptedTextField(_("what they said"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Optimistic concurrency (docs/decisions/0005): the referrer and the receiving
    # organisation may act at the same moment.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["participant", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.service_name

    @property
    def is_final(self) -> bool:
        from hearth.referrals.lifecycle import FINAL

        return self.status in FINAL

    @property
    def status_reason_label(self) -> str:
        for choices in REASON_LISTS.values():
            if self.status_reason in choices.values:
                return str(choices(self.status_reason).label)
        return ""


class ReferralEvent(models.Model):
    """One step of the referral's life (FHIR Task history): kept, never changed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=16, choices=ReferralStatus, blank=True)
    to_status = models.CharField(max_length=16, choices=ReferralStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=8, choices=EventSource, default=EventSource.STAFF)
    reason = models.CharField(max_length=20, blank=True, default="")
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"

    @property
    def reason_label(self) -> str:
        for choices in REASON_LISTS.values():
            if self.reason in choices.values:
                return str(choices(self.reason).label)
        return ""


class ReceiverLink(TimeStampedModel):
    """A link the receiving organisation uses, without an account, to answer one referral.
    Only a hash of the token is stored: the full link is shown once, when it is issued."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"link {self.pk}"

    def is_usable(self, at=None) -> bool:
        return self.revoked_at is None and (at or timezone.now()) < self.expires_at


class FollowUp(TimeStampedModel):
    """ "Follow up with … about …": due some days after sending, for the referring peer,
    cleared when the outcome is recorded (or the referral is cancelled)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="follow_up")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referral_follow_ups"
    )
    due_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["assigned_to", "cleared_at", "due_at"])]

    def __str__(self) -> str:
        return f"follow-up {self.pk}"

    @property
    def is_due(self) -> bool:
        return self.due_at <= timezone.now()


class ReferralSettings(models.Model):
    """Per-organisation settings; without a row, ``settings.HEARTH_REFERRAL_FOLLOW_UP_DAYS``
    and ``HEARTH_REFERRAL_LINK_DAYS`` apply."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="referral_settings"
    )
    follow_up_days = models.PositiveSmallIntegerField(_("follow up after (days)"), default=7)
    link_days = models.PositiveSmallIntegerField(_("receiver links last (days)"), default=14)

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")

    def __str__(self) -> str:
        return f"referral settings {self.organisation_id}"
