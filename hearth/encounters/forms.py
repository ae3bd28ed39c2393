from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.encounters.models import (
    Encounter,
    EncounterKind,
    Intervention,
    Mode,
    Payer,
    PlaceOfService,
)
from hearth.encounters.services import ENCOUNTER_FIELDS, NOTE_FIELDS
from hearth.organisations.models import Programme
from hearth.participants.models import Participant
from hearth.plans.models import Dimension, PlanStatus, RecoveryGoal

#: Service error keys that the form shows on a differently named field.
FIELD_FOR_ERROR = {"starts_at": "start", "ends_at": "end"}
DEFAULT_LENGTH = timedelta(minutes=30)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def session_defaults(*, zone: ZoneInfo, now: datetime | None = None) -> dict:
    """Today, ending now (rounded down to 5 minutes), lasting half an hour."""
    local = (now or timezone.now()).astimezone(zone)
    end = local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)
    start = max(end - DEFAULT_LENGTH, end.replace(hour=0, minute=0))
    return {
        "kind": EncounterKind.SESSION,
        "mode": Mode.IN_PERSON,
        "place_of_service": PlaceOfService.OFFICE,
        "date": end.date(),
        "start": start.time(),
        "end": end.time(),
    }


class SessionForm(forms.Form):
    """One page for the encounter and its note. ``version`` fields travel with the form so
    a stale edit is refused rather than overwriting someone else's."""

    kind = forms.ChoiceField(label=_("Type of contact"), choices=EncounterKind.choices)
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, widget=forms.RadioSelect)
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a real date.")},
    )
    start = forms.TimeField(
        label=_("Start"),
        widget=TimeInput(),
        error_messages={"required": _("Enter the start time."), "invalid": _("Enter a time.")},
    )
    end = forms.TimeField(
        label=_("End"),
        widget=TimeInput(),
        error_messages={"required": _("Enter the end time."), "invalid": _("Enter a time.")},
    )
    place_of_service = forms.ChoiceField(
        label=_("Place of service"), choices=PlaceOfService.choices
    )
    location_note = forms.CharField(
        label=_("Where, in words"),
        required=False,
        max_length=200,
        help_text=_("Optional. Avoid anything that identifies the person."),
    )
    payer = forms.ModelChoiceField(
        label=_("Payer"),
        queryset=Payer.objects.none(),
        required=False,
        empty_label=_("No payer (not billed)"),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("No programme"),
    )
    goals_addressed = forms.ModelMultipleChoiceField(
        label=_("Recovery plan goals worked on"),
        queryset=RecoveryGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Needed to sign a billable note."),
    )
    interventions = forms.ModelMultipleChoiceField(
        label=_("What you did"),
        queryset=Intervention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participant_response = forms.CharField(
        label=_("Their response, in their own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_steps = forms.CharField(
        label=_("Plan and next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    encounter_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        participant: Participant,
        zone: ZoneInfo,
        encounter: Encounter | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.zone = zone
        org_id = participant.organisation_id
        payers = Q(organisation_id=org_id, is_active=True)
        programmes = Q(organisation_id=org_id, is_active=True)
        interventions = Q(organisation_id=org_id, is_active=True)
        goals = Q(
            plan__participant=participant, plan__status__in=[PlanStatus.ACTIVE, PlanStatus.DRAFT]
        )
        if encounter is not None:
            # What the record already holds stays choosable even if since retired.
            note = encounter.note
            payers |= Q(pk=encounter.payer_id)
            programmes |= Q(pk=encounter.programme_id)
            interventions |= Q(pk__in=note.interventions.values("pk"))
            goals |= Q(pk__in=note.goals_addressed.values("pk"))
        self.fields["payer"].queryset = Payer.objects.filter(payers).order_by("name")
        self.fields["programme"].queryset = Programme.objects.filter(programmes).order_by("name")
        self.fields["interventions"].queryset = Intervention.objects.filter(interventions).order_by(
            "position", "name"
        )
        self.fields["goals_addressed"].queryset = (
            RecoveryGoal.objects.filter(goals)
            .select_related("plan")
            .order_by("dimension", "position", "pk")
        )

    # --- Defaults and existing values ------------------------------------------------------

    def preselect_single_choices(self) -> None:
        """With exactly one active payer (or programme), choose it for the peer."""
        for name in ("payer", "programme"):
            options = list(self.fields[name].queryset[:2])
            if len(options) == 1:
                self.initial.setdefault(name, options[0].pk)

    @staticmethod
    def initial_from(encounter: Encounter, zone: ZoneInfo) -> dict:
        note = encounter.note
        start, end = encounter.starts_at.astimezone(zone), encounter.ends_at.astimezone(zone)
        return {
            "kind": encounter.kind,
            "mode": encounter.mode,
            "place_of_service": encounter.place_of_service,
            "location_note": encounter.location_note,
            "payer": encounter.payer_id,
            "programme": encounter.programme_id,
            "date": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "goals_addressed": [g.pk for g in note.goals_addressed.all()],
            "interventions": [i.pk for i in note.interventions.all()],
            "summary": note.summary,
            "participant_response": note.participant_response,
            "next_steps": note.next_steps,
            "encounter_version": encounter.version,
            "note_version": note.version,
        }

    # --- Cleaning and handing over to the services -----------------------------------------

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = datetime.combine(day, start, tzinfo=self.zone)
            data["ends_at"] = datetime.combine(day, end, tzinfo=self.zone)
        return data

    def encounter_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in ENCOUNTER_FIELDS}

    def note_data(self) -> dict:
        return {f: self.cleaned_data.get(f) or "" for f in NOTE_FIELDS}

    def goal_groups(self) -> list[tuple[str, list]]:
        """The goal checkboxes grouped by dimension of recovery, in SAMHSA's order."""
        field = self["goals_addressed"]
        dimension_of = {g.pk: g.dimension for g in field.field.queryset}
        labels = dict(Dimension.choices)
        groups: dict[str, list] = {}
        for widget in field:
            pk = int(str(widget.data["value"]))
            groups.setdefault(dimension_of.get(pk, ""), []).append(widget)
        return [
            (labels.get(code, ""), groups[code])
            for code in [*Dimension.values, ""]
            if code in groups
        ]

    def add_service_error(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the matching field, else at the top."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for key, errors in exc.error_dict.items():
            name = FIELD_FOR_ERROR.get(key, key)
            target = name if name in self.fields and key != NON_FIELD_ERRORS else None
            for error in errors:
                self.add_error(target, error)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_(
            "Correct or add to the note. The note stays as it was signed; the addendum is "
            "dated and signed with your name and credential."
        ),
        error_messages={"required": _("Write the addendum.")},
    )


class UnitsForm(forms.Form):
    """The few fields the live units preview needs; anything missing means no preview."""

    kind = forms.ChoiceField(choices=EncounterKind.choices)
    date = forms.DateField()
    start = forms.TimeField()
    end = forms.TimeField()
    payer = forms.ModelChoiceField(queryset=Payer.objects.none(), required=False)

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = Payer.objects.filter(organisation_id=organisation_id)
