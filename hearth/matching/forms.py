from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.matching import models as m
from hearth.matching.engine import PARTS
from hearth.participants.models import LivedExperience, RecoveryPathway

PART_LABELS = {
    "experience": _("Shared lived experience"),
    "pathway": _("Same recovery pathway"),
    "language": _("Speaks my language"),
    "identity": _("Shared culture or identity"),
    "availability": _("Free at the same times"),
    "distance": _("Lives nearby"),
}


def _multi(choices, label, required=False):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


class MatchRequestForm(forms.ModelForm):
    """A participant's mentoring preferences (must-haves and nice-to-haves)."""

    languages = _multi(m.Language.choices, _("Languages they speak"))
    identities = _multi(m.Identity.choices, _("Identities they would like to share"))
    specialties = _multi(m.Specialty.choices, _("What they would like help with"))
    modes = _multi(m.Mode.choices, _("Ways they can meet"))
    availability = _multi(m.SLOTS, _("When they are free"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = m.MatchRequest
        fields = [
            "programme",
            "languages",
            "identities",
            "specialties",
            "modes",
            "availability",
            "area",
            "latitude",
            "longitude",
            "must_language",
            "must_mentor_gender",
            "must_max_km",
        ]
        help_texts = {
            "latitude": _("Of their neighbourhood, not their home address."),
            "must_max_km": _("Only if they can meet in person no further than this."),
        }

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["must_language"].label = _("Must-have: mentor speaks")
        self.fields["must_mentor_gender"].label = _("Must-have: mentor's gender")
        self.fields["must_max_km"].label = _("Must-have: in person within (km)")
        current = (self.instance.importance or {}) if self.instance else {}
        for part in PARTS:
            self.fields[f"importance_{part}"] = forms.TypedChoiceField(
                label=PART_LABELS[part],
                choices=m.Importance.choices,
                coerce=int,
                initial=current.get(part, m.Importance.SOME),
            )

    def importance_fields(self):
        return [self[f"importance_{part}"] for part in PARTS]

    def preference_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["importance"] = {part: self.cleaned_data[f"importance_{part}"] for part in PARTS}
        return data


class MentorProfileForm(forms.ModelForm):
    lived_experience = _multi(LivedExperience.choices, _("Lived experience"))
    recovery_pathways = _multi(RecoveryPathway.choices, _("Recovery pathways"))
    languages = _multi(m.Language.choices, _("Languages"))
    identities = _multi(m.Identity.choices, _("Cultural identities"))
    specialties = _multi(m.Specialty.choices, _("Specialties"))
    modes = _multi(m.Mode.choices, _("Meets by"))
    availability = _multi(m.SLOTS, _("Weekly availability"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = m.MentorProfile
        fields = [
            "public_name",
            "kind",
            "user",
            "about",
            "gender",
            "birth_year",
            "veteran",
            "lived_experience",
            "recovery_pathways",
            "languages",
            "identities",
            "specialties",
            "modes",
            "availability",
            "home_base",
            "latitude",
            "longitude",
            "capacity",
            "is_active",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].required = False

    def profile_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you declining?"), choices=m.DeclineReason.choices)
    note = forms.CharField(
        label=_("Anything the coordinator should know (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is it ending?"), choices=m.EndReason.choices)


class WeightsForm(forms.Form):
    """How much each compatibility part counts in a programme (0 = not at all)."""

    def __init__(self, *args, initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part] = forms.FloatField(
                label=PART_LABELS[part],
                min_value=0,
                max_value=10,
                initial=(initial_weights or {}).get(part),
            )
