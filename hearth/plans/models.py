"""Plans written with the participant: the recovery plan (goals by SAMHSA's four
dimensions of recovery), a WRAP-style wellness plan, and a Stanley-Brown safety plan.
Narrative text is encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField
from hearth.core.models import TenantModel, TimeStampedModel


class Dimension(models.TextChoices):
    HEALTH = "health", _("Health")
    HOME = "home", _("Home")
    PURPOSE = "purpose", _("Purpose")
    COMMUNITY = "community", _("Community")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class AcknowledgedHow(models.TextChoices):
    OWN_ACCOUNT = "own_account", _("from their own account")
    IN_SESSION = "in_session", _("in a session with their peer specialist")


class RecoveryPlan(TenantModel):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="recovery_plans"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    strengths = EncryptedTextField(_("strengths, in their words"), blank=True)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=90)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("agreed by the participant"), null=True, blank=True)
    acknowledged_how = models.CharField(max_length=40, choices=AcknowledgedHow.choices, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # ``revision`` counts changes to what the participant agrees to (strengths, goals,
    # steps); ``acknowledged_revision`` is the one they agreed to. ``version`` is the
    # optimistic lock on this row alone, so adding a goal never collides with an edit of
    # the strengths.
    revision = models.PositiveIntegerField(default=1, editable=False)
    acknowledged_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recovery plan")
        verbose_name_plural = _("recovery plans")
        constraints = [
            # One active plan per participant; older plans are archived, never deleted.
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(status="active"),
                name="one_active_recovery_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Recovery plan {self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_agreed(self) -> bool:
        """Agreed by the participant, and nothing they agreed to has changed since."""
        return self.acknowledged_at is not None and self.acknowledged_revision == self.revision

    @property
    def changed_since_agreed(self) -> bool:
        return self.acknowledged_at is not None and self.acknowledged_revision != self.revision

    @property
    def review_overdue(self) -> bool:
        return self.next_review_on is not None and self.next_review_on < timezone.localdate()


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    ON_HOLD = "on_hold", _("On hold")
    SET_ASIDE = "set_aside", _("Set aside")


class RecoveryGoal(TimeStampedModel):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="goals")
    dimension = models.CharField(
        _("dimension of recovery"), max_length=10, choices=Dimension.choices
    )
    text = models.CharField(_("goal, in their words"), max_length=500)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def latest_progress(self) -> GoalProgress | None:
        """The most recent check-in, from prefetched ``progress`` (no query when prefetched)."""
        checkins = list(self.progress.all())
        return checkins[-1] if checkins else None


class GoalStep(TimeStampedModel):
    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class GoalProgress(models.Model):
    """A dated check-in on a goal: where things stand, in a sentence and on a 0–10 scale."""

    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="progress")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("how close (0–10)"), null=True, blank=True)
    note = EncryptedTextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"Progress on goal {self.goal_id}"


class WellnessPlan(TenantModel):
    """A WRAP-style wellness plan (WRAP is a registered mark; the feature is named
    "wellness plan" unless the organisation is licensed)."""

    participant = models.OneToOneField(
        "participants.Participant", on_delete=models.PROTECT, related_name="wellness_plan"
    )
    wellness_toolbox = EncryptedTextField(_("Wellness toolbox"), blank=True)
    daily_maintenance = EncryptedTextField(_("Daily maintenance plan"), blank=True)
    triggers = EncryptedTextField(_("Triggers"), blank=True)
    triggers_action = EncryptedTextField(_("Triggers: action plan"), blank=True)
    early_warning_signs = EncryptedTextField(_("Early warning signs"), blank=True)
    early_warning_action = EncryptedTextField(_("Early warning signs: action plan"), blank=True)
    breaking_down = EncryptedTextField(_("When things are breaking down"), blank=True)
    breaking_down_action = EncryptedTextField(
        _("When things are breaking down: action plan"), blank=True
    )
    crisis_plan = EncryptedTextField(_("Crisis plan"), blank=True)
    post_crisis_plan = EncryptedTextField(_("Post-crisis plan"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("wellness plan")

    def __str__(self) -> str:
        return f"Wellness plan {self.public_id}"


class SafetyPlan(TenantModel):
    """The Stanley-Brown Safety Plan's six steps, plus reasons for living."""

    participant = models.OneToOneField(
        "participants.Participant", on_delete=models.PROTECT, related_name="safety_plan"
    )
    warning_signs = EncryptedTextField(_("1. Warning signs"), blank=True)
    coping_strategies = EncryptedTextField(
        _("2. Things I can do on my own to take my mind off things"), blank=True
    )
    social_distractions = EncryptedTextField(
        _("3. People and places that help me feel better"), blank=True
    )
    people_to_ask = EncryptedTextField(_("4. People I can ask for help"), blank=True)
    professionals = EncryptedTextField(_("5. Professionals and services I can contact"), blank=True)
    safe_environment = EncryptedTextField(_("6. Making my surroundings safer"), blank=True)
    reasons_for_living = EncryptedTextField(
        _("What matters most to me and is worth living for"), blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("safety plan")

    def __str__(self) -> str:
        return f"Safety plan {self.public_id}"
