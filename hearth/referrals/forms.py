from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.referrals.models import (
    ConsentMethod,
    DeclineReason,
    GotService,
    Helpful,
    NotCompletedReason,
    Priority,
    Referral,
    ReferralStatus,
    SharedItem,
)

NOTE_MAX = 4000


class DateInput(forms.DateInput):
    input_type = "date"


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a service by name"), required=False, max_length=100)


class ReferralForm(forms.Form):
    """A new referral (or a draft's edit). ``version`` travels with an edit."""

    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        help_text=_("Reports group referrals by this."),
    )
    reason = forms.CharField(
        label=_("What they are asking for"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "In the person's words, and only what they want shared: the receiving "
            "organisation sees this if the participant agrees."
        ),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    notes = forms.CharField(
        label=_("Notes for the care team"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Never shared with the receiving organisation."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories=(), editing: Referral | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(t.pk, t.name) for t in categories]
        self.fields["category"].choices = [("", _("— none —")), *choices]
        if not choices or editing is not None:
            del self.fields["category"]
        if editing is not None:
            self.fields["version"].initial = editing.version
            if editing.status != ReferralStatus.DRAFT:
                # What was sent stays as sent.
                del self.fields["reason"]
                del self.fields["priority"]


class ConsentForm(forms.Form):
    shares = forms.MultipleChoiceField(
        label=_("Besides the service asked for and how to reach you, share"),
        choices=SharedItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nothing else from their record is ever shared."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        initial=_("To connect them with this service and confirm they were served."),
    )
    method = forms.ChoiceField(
        label=_("How consent was given"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "If their records are covered by 42 CFR Part 2 (substance use treatment), "
            "consent must be signed: spoken consent is not enough."
        ),
    )
    given_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Consent ends on"),
        widget=DateInput(),
        help_text=_("At the latest; the participant can withdraw it sooner."),
    )
    told_can_revoke = forms.BooleanField(
        label=_("I told them they can withdraw this consent at any time"), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["given_on"].initial = today
        self.fields["expires_on"].initial = today + timedelta(days=365)

    def given_at(self) -> datetime:
        """Today's consent is timed now; an earlier day's at the start of that day."""
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time.min))


_REASONS = [
    (_("Why it was declined"), DeclineReason.choices),
    (_("Why it was not completed"), NotCompletedReason.choices),
]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ReferralStatus.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *_REASONS], required=False)
    note = forms.CharField(
        label=_("A few words (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OutcomeForm(forms.Form):
    got_service = forms.ChoiceField(
        label=_("Did they get the service?"), choices=GotService.choices, widget=forms.RadioSelect
    )
    helpful = forms.ChoiceField(
        label=_("Did it help?"), choices=Helpful.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What they said"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReportForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[("service", _("Service")), ("category", _("Category"))],
        required=False,
    )
