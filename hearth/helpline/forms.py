from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.helpline.models import RISK_CHOICES
from hearth.helpline.texts import DISPOSITION_RESOURCES, DISPOSITION_TOPICS


class PreChatForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language for the chat"),
        choices=[("en", "English"), ("es", "Español")],
        initial="en",
        widget=forms.RadioSelect,
    )
    topic = forms.CharField(
        label=_("What's going on? (optional)"),
        help_text=_("A few words help the peer get ready. You can skip this."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
    )


class DispositionForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=DISPOSITION_TOPICS, widget=forms.CheckboxSelectMultiple
    )
    risk = forms.TypedChoiceField(
        label=_("Risk level at the end"), choices=RISK_CHOICES, coerce=int
    )
    resources = forms.MultipleChoiceField(
        label=_("Resources given"),
        choices=DISPOSITION_RESOURCES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up = forms.BooleanField(label=_("The visitor wants a follow-up"), required=False)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        from hearth.accounts.models import User

        self.fields["to"].queryset = User.objects.filter(pk__in=[c.pk for c in candidates])
        self.fields["to"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_role_display()})"
        )


class ShiftForm(forms.Form):
    peer = forms.ModelChoiceField(label=_("Peer"), queryset=None)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        from hearth.accounts.models import User
        from hearth.core.policy import Role

        self.fields["peer"].queryset = User.objects.filter(
            organisation_id=organisation_id,
            is_active=True,
            role__in=[Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR],
        ).order_by("display_name", "email")
        self.fields["peer"].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A shift must end after it starts."))
        return data
