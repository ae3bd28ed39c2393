"""Encounters (contacts with a participant), their progress notes, and payers' billing
rules. A note is the legal record of a billable service: once signed it never changes;
corrections are dated, signed addenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel, TimeStampedModel
from hearth.encounters.billing import Rounding, UnitRule


class Payer(TenantModel):
    """Who pays for peer services, and the billing rules they set. Rules are data so a
    biller can change them without a release."""

    name = models.CharField(_("name"), max_length=120)
    hcpcs_code = models.CharField(_("HCPCS code"), max_length=10, default="H0038")
    modifiers = models.CharField(
        _("modifiers"),
        max_length=40,
        blank=True,
        help_text=_("Comma-separated, e.g. HF for SUD programmes."),
    )
    group_modifier = models.CharField(_("group modifier"), max_length=4, default="HQ")
    unit_minutes = models.PositiveSmallIntegerField(_("minutes per unit"), default=15)
    rounding = models.CharField(
        _("rounding rule"),
        max_length=16,
        choices=[
            (Rounding.THRESHOLD.value, _("A partial unit counts from a minimum number of minutes")),
            (Rounding.WHOLE_UNITS.value, _("Only whole units count")),
            (Rounding.ANY_PART.value, _("Any started unit counts")),
        ],
        default=Rounding.THRESHOLD.value,
    )
    partial_unit_minutes = models.PositiveSmallIntegerField(
        _("minimum minutes for a partial unit"),
        default=8,
        help_text=_("8 for the common 8-minute rule."),
    )
    daily_unit_cap = models.PositiveSmallIntegerField(
        _("most units per participant per day"), null=True, blank=True
    )
    certified_renderer_required = models.BooleanField(
        _("only certified peers may render"), default=True
    )
    cosign_required = models.BooleanField(_("supervisor co-signature required"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="payer_name_unique")
        ]
        verbose_name = _("payer")
        verbose_name_plural = _("payers")

    def __str__(self) -> str:
        return self.name

    @property
    def unit_rule(self) -> UnitRule:
        return UnitRule(
            unit_minutes=self.unit_minutes,
            rounding=Rounding(self.rounding),
            partial_unit_minutes=self.partial_unit_minutes,
            daily_unit_cap=self.daily_unit_cap,
        )

    @property
    def modifier_list(self) -> list[str]:
        return [m.strip().upper() for m in self.modifiers.split(",") if m.strip()]


class Intervention(TenantModel):
    """An organisation's configurable list of peer interventions for notes."""

    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="intervention_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_INTERVENTIONS = [
    _("Sharing lived experience"),
    _("Resource connecting"),
    _("Advocacy"),
    _("Skill building"),
    _("Crisis support"),
    _("Wellness planning"),
    _("Recovery planning"),
    _("Goal setting and follow-up"),
    _("Accompanying to an appointment"),
    _("Encouragement and motivational support"),
]


class EncounterKind(models.TextChoices):
    SESSION = "session", _("1:1 peer session")
    OUTREACH = "outreach", _("Outreach")
    CONTACT_ATTEMPT = "contact_attempt", _("Contact attempt")
    ACCOMPANIED = "accompanied", _("Accompanied appointment")
    # Written only through a group note (hearth.groups), one per attending participant.
    GROUP = "group", _("Group session")


BILLABLE_KINDS = {EncounterKind.SESSION, EncounterKind.ACCOMPANIED, EncounterKind.GROUP}


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text messages")


class PlaceOfService(models.TextChoices):
    """CMS place-of-service codes peers commonly use."""

    OFFICE = "11", _("11 Office")
    HOME = "12", _("12 Home")
    TELEHEALTH_HOME = "10", _("10 Telehealth in the person's home")
    TELEHEALTH = "02", _("02 Telehealth elsewhere")
    HOMELESS_SHELTER = "04", _("04 Homeless shelter")
    SCHOOL = "03", _("03 School")
    MOBILE_UNIT = "15", _("15 Mobile unit")
    COMMUNITY_MH = "53", _("53 Community mental health center")
    SUD_FACILITY = "57", _("57 Non-residential substance use treatment facility")
    HOSPITAL_ER = "23", _("23 Emergency room")
    CORRECTIONAL = "09", _("09 Prison / correctional facility")
    OTHER = "99", _("99 Other place in the community")


class Encounter(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="encounters",
        verbose_name=_("participant"),
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="encounters",
        verbose_name=_("peer"),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=EncounterKind.choices, default=EncounterKind.SESSION
    )
    mode = models.CharField(_("how"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    place_of_service = models.CharField(
        _("place of service"),
        max_length=2,
        choices=PlaceOfService.choices,
        default=PlaceOfService.OFFICE,
    )
    location_note = models.CharField(_("where, in words"), max_length=200, blank=True)
    programme = models.ForeignKey(
        "organisations.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("programme"),
    )
    payer = models.ForeignKey(
        Payer, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("payer")
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    minutes = models.PositiveIntegerField(editable=False, default=0)
    units = models.PositiveSmallIntegerField(editable=False, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    #: The group note this encounter is one attendee's share of (kind "group" only).
    group_note = models.ForeignKey(
        "groups.GroupNote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="encounters",
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"]),
            models.Index(fields=["peer", "starts_at"]),
            models.Index(fields=["participant", "starts_at"]),
        ]
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def is_billable_kind(self) -> bool:
        return self.kind in BILLABLE_KINDS


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    COSIGNED = "cosigned", _("Co-signed")


class ProgressNote(TimeStampedModel):
    """The note for one encounter. Narrative fields are encrypted at rest."""

    encounter = models.OneToOneField(Encounter, on_delete=models.PROTECT, related_name="note")
    goals_addressed = models.ManyToManyField(
        "plans.RecoveryGoal",
        blank=True,
        related_name="notes",
        verbose_name=_("plan goals addressed"),
    )
    interventions = models.ManyToManyField(
        Intervention, blank=True, verbose_name=_("what the peer did")
    )
    summary = EncryptedTextField(_("what happened"), blank=True)
    participant_response = EncryptedTextField(
        _("the participant's response, in their words"), blank=True
    )
    next_steps = EncryptedTextField(_("plan and next steps"), blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_credential = models.CharField(max_length=100, blank=True)
    late_entry = models.BooleanField(_("late entry"), default=False)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cosigner_credential = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"Note for encounter {self.encounter_id}"

    @property
    def is_locked(self) -> bool:
        return self.status != NoteStatus.DRAFT


class NoteAddendum(models.Model):
    """A correction or addition to a signed note. The original stays as it was."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    text = EncryptedTextField(_("addendum"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_credential = models.CharField(max_length=100, blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"Addendum to note {self.note_id}"
