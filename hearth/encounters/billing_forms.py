from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.encounters.billing_services import PAYER_FIELDS, normalise_modifiers, payer_rule_errors
from hearth.encounters.claims import validate_period
from hearth.encounters.models import Payer


class DateInput(forms.DateInput):
    input_type = "date"


class PayerForm(forms.ModelForm):
    """A payer's billing rules. ``stamp`` travels with the form so a stale edit is refused."""

    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Payer
        fields = list(PAYER_FIELDS)
        widgets = {
            "unit_minutes": forms.NumberInput(attrs={"min": 1, "max": 240}),
            "partial_unit_minutes": forms.NumberInput(attrs={"min": 1, "max": 240}),
            "daily_unit_cap": forms.NumberInput(attrs={"min": 1}),
        }
        help_texts = {
            "hcpcs_code": _("H0038 for self-help/peer services."),
            "group_modifier": _("Added to group sessions only (HQ for most payers)."),
            "partial_unit_minutes": _(
                "Used with the first rounding rule: 8 for the common 8-minute rule."
            ),
            "daily_unit_cap": _("Leave empty if the payer sets no daily limit."),
        }

    def __init__(self, *args, stamp: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamp"].initial = stamp

    def clean_modifiers(self):
        return normalise_modifiers(self.cleaned_data.get("modifiers", ""))

    def clean(self):
        data = super().clean()
        if not self.errors:
            probe = Payer(**{f: data.get(f) for f in PAYER_FIELDS})
            probe.hcpcs_code = (probe.hcpcs_code or "").strip().upper()
            probe.group_modifier = (probe.group_modifier or "").strip().upper()
            for name, message in payer_rule_errors(probe).items():
                self.add_error(name, message)
        return data


class InterventionAddForm(forms.Form):
    name = forms.CharField(label=_("New intervention"), max_length=120)


class InterventionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_active = forms.BooleanField(
        label=_("Offered in new notes"),
        required=False,
        help_text=_("Notes already written keep it either way."),
    )


class ClaimsForm(forms.Form):
    FORMATS = [("csv", _("CSV (spreadsheet)")), ("json", "JSON")]

    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput)
    payer = forms.ModelChoiceField(
        label=_("Payer"),
        queryset=Payer.objects.none(),
        required=False,
        empty_label=_("All payers"),
        to_field_name="public_id",
    )
    format = forms.ChoiceField(label=_("File format"), choices=FORMATS, initial="csv")

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = Payer.objects.filter(
            organisation_id=organisation_id
        ).order_by("-is_active", "name")
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["start"].initial = today.replace(day=1)
            self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        try:
            validate_period(data.get("start"), data.get("end"))
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(field, error)
        return data
