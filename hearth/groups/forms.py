from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.core.policy import Role
from hearth.encounters.models import Mode, Payer, PlaceOfService
from hearth.groups.models import Audience, Format, Group, GroupKind, Language, ReminderChannel
from hearth.organisations.models import Programme


def _url_field(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class GroupForm(forms.ModelForm):
    class Meta:
        formfield_callback = _url_field
        model = Group
        fields = [
            "name",
            "kind",
            "description",
            "programme",
            "audience",
            "language",
            "format",
            "facilitators",
            "facilitator_note",
            "room",
            "address",
            "video_url",
            "accessibility_notes",
            "capacity",
            "registration_required",
            "is_public",
            "is_active",
            "timezone",
            "first_date",
            "start_time",
            "duration_minutes",
            "rrule",
            "last_date",
            "completion_required",
        ]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}),
            "last_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "facilitators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["facilitators"].queryset = User.objects.filter(
            organisation=organisation,
            is_active=True,
            role__in=[Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR],
        ).order_by("display_name")
        self.fields["facilitators"].required = False

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("facilitators", None)
        return data


class FiltersForm(forms.Form):
    DAYS = [
        ("", _("Any day")),
        ("0", _("Monday")),
        ("1", _("Tuesday")),
        ("2", _("Wednesday")),
        ("3", _("Thursday")),
        ("4", _("Friday")),
        ("5", _("Saturday")),
        ("6", _("Sunday")),
    ]
    day = forms.ChoiceField(label=_("Day"), choices=DAYS, required=False)
    audience = forms.ChoiceField(
        label=_("For"), choices=[("", _("Anyone"))] + Audience.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any language"))] + Language.choices, required=False
    )
    format = forms.ChoiceField(
        label=_("Where"),
        choices=[("", _("In person or online"))] + Format.choices[:2],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        values = self.cleaned_data
        return {
            "day": int(values["day"]) if values.get("day") else None,
            "audience": values.get("audience") or "",
            "language": values.get("language") or "",
            "format": values.get("format") or "",
        }


class JoinForm(forms.Form):
    reminder_channel = forms.ChoiceField(
        label=_("Remind me by"), choices=ReminderChannel.choices, initial=ReminderChannel.EMAIL
    )


class StaffRegisterForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    reminder_channel = forms.ChoiceField(
        label=_("Reminders by"), choices=ReminderChannel.choices, initial=ReminderChannel.EMAIL
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name they'd like to be called"), max_length=120)


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to people registered)"), max_length=200, required=False
    )


class CurriculumItemForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=160)
    materials = forms.CharField(
        label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    materials_url = forms.URLField(label=_("Materials link"), required=False, assume_scheme="https")


class MoveSessionForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("New start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class GroupNoteForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    payer = forms.ModelChoiceField(label=_("Payer"), queryset=None, required=False)
    place_of_service = forms.ChoiceField(
        label=_("Place of service"), choices=PlaceOfService.choices
    )
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices)
    interventions = forms.ModelMultipleChoiceField(
        label=_("What the facilitator did"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("What happened in the group"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Plan and next steps"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from hearth.encounters.models import Intervention

        self.fields["payer"].queryset = Payer.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["interventions"].queryset = Intervention.objects.filter(
            organisation=organisation, is_active=True
        )


__all__ = [
    "CancelSessionForm",
    "CurriculumItemForm",
    "FiltersForm",
    "GroupForm",
    "GroupKind",
    "GroupNoteForm",
    "JoinForm",
    "MoveSessionForm",
    "StaffRegisterForm",
    "WalkInForm",
]
