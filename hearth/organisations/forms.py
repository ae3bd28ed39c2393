from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.core.policy import Role
from hearth.organisations.models import Programme


class ProgrammeForm(forms.ModelForm):
    managers = forms.ModelMultipleChoiceField(
        label=_("Programme managers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.fields["managers"].queryset = User.objects.filter(
            organisation_id=organisation_id,
            role__in=[Role.PROGRAMME_MANAGER, Role.ORG_ADMIN],
            is_active=True,
        )
        if self.instance.pk:
            self.fields["managers"].initial = list(self.instance.managers.all())
            self.fields["version"].initial = self.instance.version

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Programme.objects.filter(organisation_id=self.organisation_id, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a programme with this name."))
        return name
