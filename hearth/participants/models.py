from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel


class LivedExperience(models.TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    ALCOHOL = "alcohol", _("Alcohol")
    OPIOIDS = "opioids", _("Opioids")
    STIMULANTS = "stimulants", _("Stimulants")
    TRAUMA = "trauma", _("Trauma")
    GRIEF = "grief", _("Grief and loss")
    HOMELESSNESS = "homelessness", _("Homelessness")
    INCARCERATION = "incarceration", _("Incarceration / justice involvement")
    MILITARY = "military", _("Military service")
    PSYCHOSIS = "psychosis", _("Psychosis")
    EATING = "eating", _("Eating disorders")
    SUICIDAL = "suicidal", _("Suicidal thoughts survived")
    FAMILY = "family", _("Family member of someone in recovery")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    PERINATAL = "perinatal", _("Pregnancy and parenting")


class RecoveryPathway(models.TextChoices):
    MEDICATION = "medication", _("Medication-assisted recovery")
    TWELVE_STEP = "twelve_step", _("12-step mutual aid")
    SMART = "smart", _("SMART Recovery")
    FAITH = "faith", _("Faith-based")
    HARM_REDUCTION = "harm_reduction", _("Harm reduction")
    NATURAL = "natural", _("Natural recovery")
    CLINICAL = "clinical", _("Clinical treatment / therapy")
    PEER = "peer", _("Peer support")
    CULTURAL = "cultural", _("Culturally based healing")
    WELLNESS = "wellness", _("Wellness and self-care")
    OTHER = "other", _("Something else")


class VeteranStatus(models.TextChoices):
    UNKNOWN = "", _("Not asked")
    YES = "yes", _("Veteran")
    NO = "no", _("Not a veteran")
    DECLINED = "declined", _("Prefers not to say")


class ContactPermission(models.TextChoices):
    UNKNOWN = "", _("Not asked yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class ParticipantStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DISCHARGED = "discharged", _("Discharged")


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Chose to stop")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    TRANSFERRED = "transferred", _("Transferred to another service")
    INCARCERATED = "incarcerated", _("Incarcerated")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class Participant(TenantModel):
    """A person receiving peer support. Identity fields are self-described, in the
    person's own words; only ``name`` is required."""

    name = models.CharField(_("full name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    gender_identity = models.CharField(_("gender identity"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    race_ethnicity = models.CharField(_("race / ethnicity"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=50, blank=True)
    veteran_status = models.CharField(
        _("veteran status"), max_length=10, choices=VeteranStatus.choices, blank=True
    )
    lived_experience = models.JSONField(_("lived experience"), default=list, blank=True)
    recovery_pathways = models.JSONField(_("recovery pathways"), default=list, blank=True)

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    may_leave_voicemail = models.CharField(
        _("may we leave a voicemail?"), max_length=3, choices=ContactPermission.choices, blank=True
    )
    may_text = models.CharField(
        _("may we send text messages?"), max_length=3, choices=ContactPermission.choices, blank=True
    )
    may_email = models.CharField(
        _("may we email?"), max_length=3, choices=ContactPermission.choices, blank=True
    )
    safe_contact_notes = models.CharField(
        _("safe times and ways to reach them"), max_length=300, blank=True
    )
    emergency_contact_name = models.CharField(
        _("emergency contact name"), max_length=200, blank=True
    )
    emergency_contact_relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.REFERRED,
    )
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=20, choices=DischargeReason.choices, blank=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    referral_source = models.CharField(_("referred by"), max_length=200, blank=True)
    programmes = models.ManyToManyField(
        "organisations.Programme",
        verbose_name=_("programmes"),
        related_name="participants",
        blank=True,
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant_record",
        verbose_name=_("sign-in account"),
    )
    specialists = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseAssignment",
        through_fields=("participant", "specialist"),
        related_name="assigned_participants",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic concurrency: every save bumps it; an edit made from an older version is
    # refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "name"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        errors = {}
        for field, choices in (
            ("lived_experience", LivedExperience),
            ("recovery_pathways", RecoveryPathway),
        ):
            value = getattr(self, field)
            if not isinstance(value, list) or any(code not in choices.values for code in value):
                errors[field] = _("Choose from the list.")
        if self.status == ParticipantStatus.DISCHARGED and not self.discharge_reason:
            errors["discharge_reason"] = _("Say why the participant was discharged.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.name:
            return f"{self.preferred_name} ({self.name})"
        return self.name

    @property
    def lived_experience_labels(self) -> list[str]:
        return _labels(LivedExperience, self.lived_experience)

    @property
    def recovery_pathway_labels(self) -> list[str]:
        return _labels(RecoveryPathway, self.recovery_pathways)


def _labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(code, code)) for code in codes]


class CaseAssignment(models.Model):
    """A peer specialist on a participant's care team, from ``assigned_at`` until
    ``ended_at``. History is kept: an assignment is ended, never deleted."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assignments"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    is_primary = models.BooleanField(_("primary peer specialist"), default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_primary", "assigned_at"]
        indexes = [models.Index(fields=["specialist", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "specialist"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_assignment_per_specialist",
            )
        ]

    def __str__(self) -> str:
        return f"{self.specialist_id} → {self.participant_id}"
