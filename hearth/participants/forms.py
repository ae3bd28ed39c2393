from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.core.policy import assignable_specialists_scope
from hearth.organisations.models import Programme
from hearth.participants.models import (
    DischargeReason,
    LivedExperience,
    Participant,
    ParticipantStatus,
    RecoveryPathway,
)
from hearth.participants.services import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class ParticipantForm(forms.ModelForm):
    """Intake and edit. ``version`` travels with the form so a stale edit is refused."""

    lived_experience = forms.MultipleChoiceField(
        label=_("Lived experience"),
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Areas the person relates to, in their own view."),
    )
    recovery_pathways = forms.MultipleChoiceField(
        label=_("Recovery pathways"),
        choices=RecoveryPathway.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every pathway is valid. Tick all that the person uses or wants to explore."),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Participant
        fields = [*EDITABLE_FIELDS, "programmes"]
        widgets = {
            "date_of_birth": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "preferred_name": _("The name they want us to use."),
            "gender_identity": _("In the person's own words."),
            "race_ethnicity": _("In the person's own words."),
            "notes": _("Stored encrypted. Write what helps the work; leave out what does not."),
        }

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.filter(
            organisation_id=organisation_id, is_active=True
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def domain_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in EDITABLE_FIELDS if f in self.cleaned_data}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ParticipantStatus.choices)
    discharge_reason = forms.ChoiceField(
        label=_("Reason for discharge"),
        choices=[("", "—"), *DischargeReason.choices],
        required=False,
        help_text=_("Needed only when discharging."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == ParticipantStatus.DISCHARGED and not data.get("discharge_reason"):
            self.add_error("discharge_reason", _("Say why the participant was discharged."))
        return data


class AssignForm(forms.Form):
    specialists = forms.ModelMultipleChoiceField(
        label=_("Peer specialists on the care team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    primary = forms.ModelChoiceField(
        label=_("Primary peer specialist"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        scope = User.objects.filter(assignable_specialists_scope(actor)).order_by("display_name")
        self.fields["specialists"].queryset = scope
        self.fields["primary"].queryset = scope

    def clean(self):
        data = super().clean()
        primary, team = data.get("primary"), data.get("specialists") or []
        if primary and primary not in team:
            self.add_error("primary", _("The primary peer specialist must be on the care team."))
        return data


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or phone"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *ParticipantStatus.choices],
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Any programme"),
        to_field_name="public_id",
    )
    mine = forms.BooleanField(label=_("Only my caseload"), required=False)

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation_id=organisation_id
        )
