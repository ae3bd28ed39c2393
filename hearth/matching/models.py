"""Peer mentoring: mentor profiles, the waitlist (match requests with preferences), batch
runs, and matches through their lifecycle.

Vocabularies: lived experience and recovery pathways are the participant record's own
(``LivedExperience``, ``RecoveryPathway``); identities, specialties, languages, modes and
weekly slots are defined here. Profiles and preferences are validated against them.

Lifecycle of a ``Match``: ``proposed`` (by a batch run, for the coordinator to review) →
``offered`` (approved, or chosen by the participant; holds one of the mentor's places) →
``active`` (accepted by both) → ``ended`` (with a reason). ``declined`` (by the mentor,
with a reason, or by the participant) and ``withdrawn`` (the coordinator set a proposal
aside) end a match that never started. Matches are never deleted: history is kept, and a
declined pairing is never proposed again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearth.core.models import TenantModel
from hearth.participants.models import LivedExperience, RecoveryPathway


class Identity(models.TextChoices):
    LATINE = "latine", _("Latine / Hispanic")
    BLACK = "black", _("Black / African American")
    INDIGENOUS = "indigenous", _("Indigenous / Native American")
    ASIAN = "asian", _("Asian / Pacific Islander")
    LGBTQ = "lgbtq", _("LGBTQ+")
    PARENT = "parent", _("Parent or caregiver")
    FAITH = "faith_community", _("Person of faith")
    RURAL = "rural", _("Rural life")
    IMMIGRANT = "immigrant", _("Immigrant / refugee")


class Specialty(models.TextChoices):
    YOUTH = "youth", _("Youth and young adults")
    FAMILY = "family", _("Families")
    JUSTICE = "justice_involved", _("Justice-involved")
    PERINATAL = "perinatal", _("Perinatal")
    LGBTQ = "lgbtq", _("LGBTQ+")
    VETERANS = "veterans", _("Veterans")
    OLDER = "older_adults", _("Older adults")
    CO_OCCURRING = "co_occurring", _("Co-occurring mental health and substance use")


class Language(models.TextChoices):
    EN = "en", pgettext_lazy("language name", "English")
    ES = "es", pgettext_lazy("language name", "Spanish")
    VI = "vi", pgettext_lazy("language name", "Vietnamese")
    SO = "so", pgettext_lazy("language name", "Somali")
    AR = "ar", pgettext_lazy("language name", "Arabic")
    HT = "ht", pgettext_lazy("language name", "Haitian Creole")
    ZH = "zh", pgettext_lazy("language name", "Chinese")
    PT = "pt", pgettext_lazy("language name", "Portuguese")
    FR = "fr", pgettext_lazy("language name", "French")
    RU = "ru", pgettext_lazy("language name", "Russian")
    UK = "uk", pgettext_lazy("language name", "Ukrainian")
    NV = "nv", pgettext_lazy("language name", "Navajo")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")
    ANOTHER = "another", _("Another gender")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


DAYS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)
PERIODS = (("morning", _("morning")), ("afternoon", _("afternoon")), ("evening", _("evening")))
#: Weekly slots, e.g. ``tue_evening``.
SLOTS = [(f"{d}_{p}", f"{dl} {pl}") for d, dl in DAYS for p, pl in PERIODS]
SLOT_CODES = frozenset(code for code, _label in SLOTS)


class Importance(models.IntegerChoices):
    NOT = 0, _("Doesn't matter")
    SOME = 1, _("Matters")
    LOTS = 2, _("Matters a lot")


class MentorKind(models.TextChoices):
    PEER_SPECIALIST = "peer_specialist", _("Peer specialist")
    VOLUNTEER = "volunteer", _("Trained volunteer mentor")


def _check_tags(errors: dict, field: str, value, allowed) -> None:
    if not isinstance(value, list):
        errors[field] = _("Choose from the list.")
        return
    outside = [str(v) for v in value if v not in allowed]
    if outside:
        errors[field] = _("“%(tag)s” is not in this programme's vocabulary.") % {"tag": outside[0]}


class MentorProfile(TenantModel):
    """A peer specialist (with a sign-in) or a trained volunteer mentor (maybe without
    one). ``public_name`` and ``about`` are what participants see when choosing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name=_("sign-in account"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MentorKind.choices, default=MentorKind.PEER_SPECIALIST
    )
    public_name = models.CharField(_("name shown to participants"), max_length=100)
    about = models.TextField(_("about me (shown to participants)"), max_length=600, blank=True)
    lived_experience = models.JSONField(_("lived experience"), default=list, blank=True)
    recovery_pathways = models.JSONField(_("recovery pathways"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    identities = models.JSONField(_("cultural identities"), default=list, blank=True)
    gender = models.CharField(
        _("gender identity"), max_length=20, choices=Gender.choices, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    veteran = models.BooleanField(_("veteran"), default=False)
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    modes = models.JSONField(_("meets by"), default=list, blank=True)
    home_base = models.CharField(_("home base"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("home base latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("home base longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("caseload capacity (mentees)"), default=5, validators=[MaxValueValidator(60)]
    )
    is_active = models.BooleanField(_("taking mentees"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["public_name"]
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return self.public_name

    def clean(self) -> None:
        errors: dict = {}
        for field, allowed in (
            ("lived_experience", LivedExperience.values),
            ("recovery_pathways", RecoveryPathway.values),
            ("languages", Language.values),
            ("identities", Identity.values),
            ("specialties", Specialty.values),
            ("modes", Mode.values),
            ("availability", SLOT_CODES),
        ):
            _check_tags(errors, field, getattr(self, field), allowed)
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class MatchRequest(TenantModel):
    """A participant on the mentoring waitlist, with what they need (must-haves) and what
    they would like (importance of each nice-to-have). Lived experience and pathways come
    from the participant record."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="match_requests"
    )
    programme = models.ForeignKey(
        "organisations.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    languages = models.JSONField(_("languages they speak"), default=list, blank=True)
    identities = models.JSONField(
        _("identities they would like to share"), default=list, blank=True
    )
    specialties = models.JSONField(_("what they would like help with"), default=list, blank=True)
    modes = models.JSONField(_("ways they can meet"), default=list, blank=True)
    availability = models.JSONField(_("when they are free"), default=list, blank=True)
    area = models.CharField(_("area they live in"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("area latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("area longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    must_language = models.CharField(
        _("mentor must speak"), max_length=5, choices=Language.choices, blank=True
    )
    must_mentor_gender = models.CharField(
        _("mentor must be"), max_length=20, choices=Gender.choices, blank=True
    )
    must_max_km = models.PositiveSmallIntegerField(
        _("in person, within (km)"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    importance = models.JSONField(_("how much each thing matters"), default=dict, blank=True)
    requested_at = models.DateTimeField(_("joined the waitlist"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("mentoring request")
        verbose_name_plural = _("mentoring requests")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(status__in=["waiting", "matched"]),
                name="one_open_match_request",
            )
        ]

    def __str__(self) -> str:
        return f"Mentoring request {self.public_id}"

    def clean(self) -> None:
        errors: dict = {}
        for field, allowed in (
            ("languages", Language.values),
            ("identities", Identity.values),
            ("specialties", Specialty.values),
            ("modes", Mode.values),
            ("availability", SLOT_CODES),
        ):
            _check_tags(errors, field, getattr(self, field), allowed)
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.must_max_km is not None and self.latitude is None:
            errors["must_max_km"] = _("Give the area's location to limit the distance.")
        from hearth.matching.engine import PARTS

        importance = self.importance
        if not isinstance(importance, dict) or any(
            k not in PARTS or v not in Importance.values for k, v in importance.items()
        ):
            errors["importance"] = _("Choose how much each thing matters from the list.")
        if errors:
            raise ValidationError(errors)


class MatchRun(TenantModel):
    """One batch matching of the waitlist; its proposals wait for review."""

    programme = models.ForeignKey(
        "organisations.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    waiting = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)
    objective = models.FloatField(default=0)
    seconds = models.FloatField(default=0)
    #: ``[{"request": pk, "why": code, "detail": [...]}]`` — codes and vocabulary only.
    unmatched = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Matching run {self.public_id}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for review")
    OFFERED = "offered", _("Offered, waiting for both to accept")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Set aside")


#: Statuses that hold one of the mentor's places.
HOLDS_PLACE = (MatchStatus.OFFERED, MatchStatus.ACTIVE)
OPEN_STATUSES = (MatchStatus.PROPOSED, MatchStatus.OFFERED, MatchStatus.ACTIVE)


class EndReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    MOVED = "moved", _("Moved away")
    REMATCH = "rematch", _("Rematch requested")
    PARTICIPANT_STOPPED = "participant_stopped", _("Participant chose to stop")
    MENTOR_STEPPED_BACK = "mentor_stepped_back", _("Mentor stepped back")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class DeclineReason(models.TextChoices):
    NO_ROOM = "no_room", _("I don't have room right now")
    NOT_A_FIT = "not_a_fit", _("I don't think I'm the right fit")
    CONFLICT = "conflict", _("I know this person / conflict of interest")
    SCHEDULE = "schedule", _("Our schedules don't work")
    OTHER = "other", _("Another reason")


class Source(models.TextChoices):
    BATCH = "batch", _("Batch matching")
    CHOSEN = "chosen", _("Chosen by the participant")
    COORDINATOR = "coordinator", _("Picked by a coordinator")


class Match(TenantModel):
    request = models.ForeignKey(MatchRequest, on_delete=models.PROTECT, related_name="matches")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="mentor_matches"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="matches")
    run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.BATCH)
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.FloatField(_("compatibility"), default=0)
    #: Which score parts the pair shares (part → value 0–1) and the reasons, as codes.
    parts = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    participant_accepted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=24, choices=EndReason.choices, blank=True
    )
    declined_by = models.CharField(max_length=12, blank=True)  # mentor / participant
    decline_reason = models.CharField(
        _("reason"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.CharField(_("anything to add"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentoring match")
        verbose_name_plural = _("mentoring matches")
        indexes = [models.Index(fields=["mentor", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "mentor"],
                condition=models.Q(status__in=["proposed", "offered", "active"]),
                name="one_open_match_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"Match {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgrammeWeights(TenantModel):
    """How much each compatibility part counts in one programme (engine ``Weights``)."""

    programme = models.OneToOneField(
        "organisations.Programme", on_delete=models.CASCADE, related_name="matching_weights"
    )
    weights = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Matching weights for {self.programme_id}"

    def clean(self) -> None:
        from hearth.matching.engine import Weights

        try:
            Weights.from_mapping(self.weights)
        except (ValueError, TypeError) as exc:
            raise ValidationError({"weights": _("Each weight is a number, 0 or more.")}) from exc
