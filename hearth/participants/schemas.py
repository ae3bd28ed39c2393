"""API shapes for participant records.

Input schemas mirror the model's limits (``max_length``, the choice lists) so bad input is
a 422 with field errors here, before anything reaches the database: PostgreSQL refuses an
over-long value or a NUL character with an error, SQLite quietly stores it. Output never
carries an internal integer id: records, programmes and specialists are named by
``public_id``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from hearth.participants.models import (
    ContactPermission,
    LivedExperience,
    Participant,
    ParticipantStatus,
    RecoveryPathway,
    VeteranStatus,
)

#: The largest value a ``PositiveIntegerField`` holds on every database we run on.
MAX_VERSION = 2_147_483_647
MAX_PER_PAGE = 100


def _no_nul(value: str | None) -> str | None:
    # PostgreSQL text cannot hold U+0000; refuse it as bad input rather than fail on save.
    if value is not None and "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


def _limit(field: str) -> int | None:
    return Participant._meta.get_field(field).max_length


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


LivedExperienceList = Annotated[
    list[LivedExperience],
    Field(max_length=len(LivedExperience.values)),
    AfterValidator(_unique),
]
RecoveryPathwayList = Annotated[
    list[RecoveryPathway],
    Field(max_length=len(RecoveryPathway.values)),
    AfterValidator(_unique),
]
ProgrammeIds = Annotated[list[UUID], Field(max_length=100), AfterValidator(_unique)]


# Unknown fields are refused, not ignored (a misspelt field must not look saved), and text is
# stripped as the pages' forms strip it.
STRICT_INPUT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ParticipantCreateIn(Schema):
    """Intake. Only ``name`` is required; everything else is in the person's own words."""

    model_config = STRICT_INPUT

    name: Text = Field(min_length=1, max_length=_limit("name"))
    preferred_name: Text = Field("", max_length=_limit("preferred_name"))
    pronouns: Text = Field("", max_length=_limit("pronouns"))
    gender_identity: Text = Field("", max_length=_limit("gender_identity"))
    date_of_birth: date | None = None
    race_ethnicity: Text = Field("", max_length=_limit("race_ethnicity"))
    preferred_language: Text = Field("", max_length=_limit("preferred_language"))
    veteran_status: VeteranStatus = VeteranStatus.UNKNOWN
    lived_experience: LivedExperienceList = []
    recovery_pathways: RecoveryPathwayList = []
    phone: Text = Field("", max_length=_limit("phone"))
    email: Text = Field("", max_length=_limit("email"))
    may_leave_voicemail: ContactPermission = ContactPermission.UNKNOWN
    may_text: ContactPermission = ContactPermission.UNKNOWN
    may_email: ContactPermission = ContactPermission.UNKNOWN
    safe_contact_notes: Text = Field("", max_length=_limit("safe_contact_notes"))
    emergency_contact_name: Text = Field("", max_length=_limit("emergency_contact_name"))
    emergency_contact_relationship: Text = Field(
        "", max_length=_limit("emergency_contact_relationship")
    )
    emergency_contact_phone: Text = Field("", max_length=_limit("emergency_contact_phone"))
    referral_source: Text = Field("", max_length=_limit("referral_source"))
    notes: Text = ""
    programmes: ProgrammeIds = Field(
        [], description="Public ids of programmes in your organisation."
    )


class ParticipantUpdateIn(Schema):
    """A partial edit: send only the fields that change, plus the ``version`` the edit
    started from. A field that is left out keeps its value; ``null`` is accepted only for
    ``date_of_birth`` (to clear it)."""

    model_config = STRICT_INPUT

    version: int = Field(ge=1, le=MAX_VERSION, description="The version the edit started from.")
    # Defaults of None mean "not sent" (the endpoint reads only the fields that were set);
    # an explicit null for a text field is refused by its type.
    name: Text = Field(None, min_length=1, max_length=_limit("name"))
    preferred_name: Text = Field(None, max_length=_limit("preferred_name"))
    pronouns: Text = Field(None, max_length=_limit("pronouns"))
    gender_identity: Text = Field(None, max_length=_limit("gender_identity"))
    date_of_birth: date | None = None
    race_ethnicity: Text = Field(None, max_length=_limit("race_ethnicity"))
    preferred_language: Text = Field(None, max_length=_limit("preferred_language"))
    veteran_status: VeteranStatus = None  # type: ignore[assignment]
    lived_experience: LivedExperienceList = None  # type: ignore[assignment]
    recovery_pathways: RecoveryPathwayList = None  # type: ignore[assignment]
    phone: Text = Field(None, max_length=_limit("phone"))
    email: Text = Field(None, max_length=_limit("email"))
    may_leave_voicemail: ContactPermission = None  # type: ignore[assignment]
    may_text: ContactPermission = None  # type: ignore[assignment]
    may_email: ContactPermission = None  # type: ignore[assignment]
    safe_contact_notes: Text = Field(None, max_length=_limit("safe_contact_notes"))
    emergency_contact_name: Text = Field(None, max_length=_limit("emergency_contact_name"))
    emergency_contact_relationship: Text = Field(
        None, max_length=_limit("emergency_contact_relationship")
    )
    emergency_contact_phone: Text = Field(None, max_length=_limit("emergency_contact_phone"))
    referral_source: Text = Field(None, max_length=_limit("referral_source"))
    notes: Text = None  # type: ignore[assignment]
    programmes: ProgrammeIds = Field(
        None, description="Replaces the participant's programmes when sent."
    )


class ParticipantFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE)
    search: Text = Field("", max_length=100, description="Part of a name or phone number.")
    status: ParticipantStatus | None = None
    programme: UUID | None = Field(None, description="Only participants in this programme.")
    mine: bool = Field(False, description="Only participants on my own caseload.")


class CareTeamMemberOut(Schema):
    specialist: UUID = Field(description="The peer specialist's public id.")
    display_name: str
    is_primary: bool


class ParticipantOut(Schema):
    public_id: UUID
    name: str
    preferred_name: str
    pronouns: str
    gender_identity: str
    date_of_birth: date | None
    race_ethnicity: str
    preferred_language: str
    veteran_status: str
    lived_experience: list[str]
    recovery_pathways: list[str]
    phone: str
    email: str
    may_leave_voicemail: str
    may_text: str
    may_email: str
    safe_contact_notes: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    referral_source: str
    notes: str
    status: str
    discharge_reason: str
    programmes: list[UUID]
    care_team: list[CareTeamMemberOut]
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_programmes(obj: Participant) -> list[UUID]:
        return [programme.public_id for programme in obj.programmes.all()]

    @staticmethod
    def resolve_care_team(obj: Participant) -> list[dict[str, Any]]:
        # Selectors prefetch the open assignments as ``active_assignments``; a record fresh
        # from a service has none yet, so read them here.
        assignments = getattr(obj, "active_assignments", None)
        if assignments is None:
            assignments = obj.assignments.filter(ended_at__isnull=True).select_related("specialist")
        return [
            {
                "specialist": a.specialist.public_id,
                "display_name": a.specialist.display_name,
                "is_primary": a.is_primary,
            }
            for a in assignments
        ]


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    count: int = Field(description="Matching participants across all pages.")
    page: int
    per_page: int


class ErrorOut(Schema):
    detail: Any


class ConflictOut(Schema):
    detail: str
    current_version: int
