"""API shapes for encounters and their progress notes.

Records are named by ``public_id`` (encounters, participants, peers, payers, programmes,
interventions). Recovery-plan goals have no public id yet, so they are named by their id
*within the participant's plans* (the same number the plan pages use in their URLs); an id
from anyone else's plans is refused like any other wrong choice.

Times must carry a time zone (a naive datetime is a 422): a session's date, and so its
daily unit cap, depends on the moment, not on whoever's clock typed it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    Mode,
    NoteAddendum,
    PlaceOfService,
    ProgressNote,
)
from hearth.participants.schemas import MAX_PER_PAGE, MAX_VERSION, STRICT_INPUT, Text

#: The addendum form's limit; note sections have no model limit, so the same bound applies.
MAX_NOTE_CHARS = 10_000
MAX_CHOICES = 50


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


GoalIds = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_VERSION)]],
    Field(max_length=MAX_CHOICES),
    AfterValidator(_unique),
]
InterventionIds = Annotated[list[UUID], Field(max_length=MAX_CHOICES), AfterValidator(_unique)]
NoteText = Annotated[Text, Field(max_length=MAX_NOTE_CHARS)]
LOCATION_MAX = Encounter._meta.get_field("location_note").max_length


class EncounterFilters(Schema):
    participant: UUID | None = Field(None, description="Only sessions with this participant.")
    since: AwareDatetime | None = Field(None, description="Starting at or after this moment.")
    until: AwareDatetime | None = Field(None, description="Starting before this moment.")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE)


class EncounterCreateIn(Schema):
    """Log a contact that has happened, with its draft note. Sign the note afterwards
    (``POST …/note/sign``)."""

    model_config = STRICT_INPUT

    participant: UUID = Field(description="The participant's public id.")
    kind: EncounterKind = EncounterKind.SESSION
    mode: Mode = Mode.IN_PERSON
    place_of_service: PlaceOfService = PlaceOfService.OFFICE
    location_note: Text = Field("", max_length=LOCATION_MAX)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    payer: UUID | None = Field(None, description="A payer's public id; none means not billed.")
    programme: UUID | None = Field(None, description="A programme's public id.")
    summary: NoteText = ""
    participant_response: NoteText = ""
    next_steps: NoteText = ""
    goals_addressed: GoalIds = Field([], description="Ids of goals on the person's plan.")
    interventions: InterventionIds = Field([], description="Public ids of interventions.")


class EncounterUpdateIn(Schema):
    """Correct a session while its note is a draft: send the fields that change and the
    ``version`` you read. Changing the note (its text, goals or interventions) also needs
    the note's ``note_version``. ``goals_addressed`` and ``interventions`` replace the
    note's lists when sent."""

    model_config = STRICT_INPUT

    version: int = Field(ge=1, le=MAX_VERSION, description="The encounter's version.")
    note_version: int = Field(
        None, ge=1, le=MAX_VERSION, description="The note's version (to change the note)."
    )
    kind: EncounterKind = None  # type: ignore[assignment]
    mode: Mode = None  # type: ignore[assignment]
    place_of_service: PlaceOfService = None  # type: ignore[assignment]
    location_note: Text = Field(None, max_length=LOCATION_MAX)
    starts_at: AwareDatetime = None  # type: ignore[assignment]
    ends_at: AwareDatetime = None  # type: ignore[assignment]
    payer: UUID | None = Field(None, description="null removes the payer.")
    programme: UUID | None = Field(None, description="null removes the programme.")
    summary: NoteText = None  # type: ignore[assignment]
    participant_response: NoteText = None  # type: ignore[assignment]
    next_steps: NoteText = None  # type: ignore[assignment]
    goals_addressed: GoalIds = None  # type: ignore[assignment]
    interventions: InterventionIds = None  # type: ignore[assignment]


class NoteSignIn(Schema):
    model_config = STRICT_INPUT

    version: int = Field(ge=1, le=MAX_VERSION, description="The note's version you read.")


class AddendumIn(Schema):
    model_config = STRICT_INPUT

    text: NoteText = Field(min_length=1)


class PersonOut(Schema):
    public_id: UUID
    display_name: str


class AddendumOut(Schema):
    text: str
    author: PersonOut
    author_credential: str
    signed_at: datetime


class OverlapOut(Schema):
    """Another session of the same peer at the same time: times and type only."""

    kind: str
    starts_at: datetime
    ends_at: datetime


class NoteOut(Schema):
    status: str
    version: int
    summary: str
    participant_response: str
    next_steps: str
    goals_addressed: list[int]
    interventions: list[UUID]
    signed_at: datetime | None
    signed_by: PersonOut | None
    signer_credential: str
    late_entry: bool
    cosigned_at: datetime | None
    cosigned_by: PersonOut | None
    cosigner_credential: str
    addenda: list[AddendumOut]

    @staticmethod
    def resolve_goals_addressed(obj: ProgressNote) -> list[int]:
        return [goal.pk for goal in obj.goals_addressed.all()]

    @staticmethod
    def resolve_interventions(obj: ProgressNote) -> list[UUID]:
        return [intervention.public_id for intervention in obj.interventions.all()]

    @staticmethod
    def resolve_addenda(obj: ProgressNote) -> list[NoteAddendum]:
        return list(obj.addenda.all())


class EncounterOut(Schema):
    public_id: UUID
    participant: UUID
    peer: PersonOut
    kind: str
    mode: str
    place_of_service: str
    location_note: str
    programme: UUID | None
    payer: UUID | None
    starts_at: datetime
    ends_at: datetime
    minutes: int
    units: int = Field(description="Computed from the times and the payer's rules.")
    version: int
    note: NoteOut
    overlaps: list[OverlapOut] = Field(
        description="Other sessions of the same peer at the same time (payers refuse these)."
    )

    @staticmethod
    def resolve_participant(obj: Encounter) -> UUID:
        return obj.participant.public_id

    @staticmethod
    def resolve_programme(obj: Encounter) -> UUID | None:
        return obj.programme.public_id if obj.programme else None

    @staticmethod
    def resolve_payer(obj: Encounter) -> UUID | None:
        return obj.payer.public_id if obj.payer else None

    @staticmethod
    def resolve_overlaps(obj: Encounter) -> list[Any]:
        return list(getattr(obj, "overlapping", []))


class EncounterRowOut(Schema):
    public_id: UUID
    participant: UUID
    peer: PersonOut
    kind: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    units: int
    note_status: str
    late_entry: bool

    @staticmethod
    def resolve_participant(obj: Encounter) -> UUID:
        return obj.participant.public_id

    @staticmethod
    def resolve_note_status(obj: Encounter) -> str:
        return obj.note.status

    @staticmethod
    def resolve_late_entry(obj: Encounter) -> bool:
        return obj.note.late_entry


class EncounterPage(Schema):
    items: list[EncounterRowOut]
    count: int = Field(description="Matching sessions across all pages.")
    page: int
    per_page: int


class EncounterConflictOut(Schema):
    detail: str
    current_version: int = Field(description="The encounter's version now.")
    current_note_version: int = Field(description="The note's version now.")
