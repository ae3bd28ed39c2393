from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.audit.models import Action


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any action")), *Action.choices], required=False
    )
    object_type = forms.ChoiceField(
        label=_("Record type"),
        choices=[
            ("", _("Any")),
            ("participant", _("Participant")),
            ("user", _("User")),
            ("programme", _("Programme")),
            ("api_token", _("API token")),
            ("audit", _("Audit trail")),
            ("recovery_plan", _("Recovery plan")),
            ("wellness_plan", _("Wellness plan")),
            ("safety_plan", _("Safety plan")),
            ("encounter", _("Session")),
            ("note", _("Progress note")),
            ("payer", _("Payer")),
            ("intervention", _("Intervention")),
            ("claims", _("Claims")),
            ("caseload", _("Caseload")),
            ("supervision", _("Supervision")),
        ],
        required=False,
    )
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    actor = forms.IntegerField(label=_("User id"), required=False, min_value=1)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "action": d["action"],
            "object_type": d["object_type"],
            "object_id": d["object_id"].strip(),
            "actor_id": d["actor"],
            "since": d["since"],
            "until": d["until"],
        }
