from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.core.policy import Role
from hearth.organisations.models import Organisation


class CommunitySignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: a community nickname and which
    organisation's community to join. No real name is asked for."""

    display_name = forms.CharField(
        label=_("Nickname"),
        max_length=150,
        help_text=_(
            "This is what others in the community see. It does not need to be your real name."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Community to join"),
        queryset=Organisation.objects.filter(allow_community_signup=True),
        empty_label=None,
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.organisation = self.cleaned_data["organisation"]
        user.role = Role.COMMUNITY_MEMBER
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.save()


STAFF_ROLE_CHOICES = [
    (r.value, r.label)
    for r in (
        Role.PEER_SPECIALIST,
        Role.PEER_SUPERVISOR,
        Role.CLINICIAN,
        Role.PROGRAMME_MANAGER,
        Role.ORG_ADMIN,
        Role.PARTICIPANT,
    )
]


class UserForm(forms.ModelForm):
    """An org admin adds or edits an account in their organisation."""

    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = [
            "display_name",
            "email",
            "role",
            "supervisor",
            "credential",
            "preferred_language",
            "is_active",
        ]

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.filter(
            organisation_id=organisation_id, role=Role.PEER_SUPERVISOR, is_active=True
        )
        self.fields["supervisor"].required = False
        if self.instance.pk and self.instance.role == Role.COMMUNITY_MEMBER:
            self.fields["role"].choices = [
                *STAFF_ROLE_CHOICES,
                (Role.COMMUNITY_MEMBER.value, Role.COMMUNITY_MEMBER.label),
            ]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email

    def clean(self):
        data = super().clean()
        supervisor = data.get("supervisor")
        if supervisor and data.get("role") not in (Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR):
            self.add_error(
                "supervisor", _("Only peer specialists and supervisors have a supervisor.")
            )
        if supervisor and self.instance.pk and supervisor.pk == self.instance.pk:
            self.add_error("supervisor", _("Someone cannot supervise themselves."))
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is this token for?"),
        max_length=100,
        help_text=_("e.g. 'Reporting spreadsheet'"),
    )
