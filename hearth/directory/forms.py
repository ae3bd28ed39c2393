from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.directory.services import CORRECTABLE_FIELDS


class FindHelpForm(forms.Form):
    q = forms.CharField(
        label=_("What do you need?"),
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. somewhere to sleep tonight"), "type": "search"}
        ),
    )
    near = forms.CharField(label=_("ZIP code (optional)"), required=False, max_length=20)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("en", _("English")), ("es", _("Spanish"))],
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)


class SaveForm(forms.Form):
    service = forms.CharField(max_length=250, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note for them (optional)"), required=False, max_length=500)


class SendForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Send by"), choices=[("sms", _("Text message")), ("email", _("Email"))]
    )


class CorrectionForm(forms.Form):
    field_name = forms.ChoiceField(label=_("What is wrong?"), choices=[])
    proposed_value = forms.CharField(
        label=_("What should it say?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    note = forms.CharField(
        label=_("How do you know? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = [("", _("Choose…"))] + [
            (k, v) for k, v in CORRECTABLE_FIELDS.items()
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("apply", _("Apply")), ("dismiss", _("Dismiss"))])
