"""Forms for the plan pages. They only parse and bound input; the services decide."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.plans.models import Dimension, GoalStatus, SafetyPlan, WellnessPlan
from hearth.plans.services import REVIEW_DAYS_RANGE, SAFETY_FIELDS, WELLNESS_FIELDS

#: Narrative sections are free text, but not unbounded.
SECTION_MAX_CHARS = 5000
#: A target or due date further out than this is almost certainly a typo (2205 for 2025).
FURTHEST_YEARS = 10


class DateInput(forms.DateInput):
    input_type = "date"


def _not_absurd(value):
    if value is None:
        return value
    today = timezone.localdate()
    if value > today + timedelta(days=365 * FURTHEST_YEARS):
        raise forms.ValidationError(_("That date is too far away. Check the year."))
    if value < today - timedelta(days=365 * FURTHEST_YEARS):
        raise forms.ValidationError(_("That date is too long ago. Check the year."))
    return value


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class RecoveryPlanStartForm(forms.Form):
    strengths = forms.CharField(
        label=_("Strengths, in their words"),
        help_text=_("What they are good at, what has helped before, who and what they have."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=SECTION_MAX_CHARS,
    )
    review_every_days = forms.IntegerField(
        label=_("Review the plan together every (days)"),
        min_value=REVIEW_DAYS_RANGE[0],
        max_value=REVIEW_DAYS_RANGE[1],
        initial=90,
        help_text=_("Many payers expect a review at least every 90 days."),
    )
    carry_over_goals = forms.BooleanField(
        label=_("Carry over goals that are still open, with their unfinished steps"),
        required=False,
        initial=True,
    )


class RecoveryPlanForm(VersionedForm):
    strengths = RecoveryPlanStartForm.base_fields["strengths"]
    review_every_days = RecoveryPlanStartForm.base_fields["review_every_days"]


class AcknowledgeForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GoalForm(VersionedForm):
    dimension = forms.ChoiceField(
        label=_("Dimension of recovery"), choices=Dimension.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("The goal, in their own words"),
        help_text=_("Write it the way the participant says it."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=DateInput, validators=[_not_absurd]
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED
    )

    def domain_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in ("dimension", "text", "target_date", "status")}


class StepForm(forms.Form):
    text = forms.CharField(label=_("Next step"), max_length=300)
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=DateInput, validators=[_not_absurd]
    )


def step_auto_id(goal) -> str:
    """Field ids unique to one goal: a plan page holds a step form per goal."""
    return f"goal{goal.pk}-step-%s"


def progress_auto_id(goal) -> str:
    return f"goal{goal.pk}-progress-%s"


class StepDoneForm(forms.Form):
    done = forms.BooleanField(required=False)


class ProgressForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How close does the goal feel? (0 = not at all, 10 = there)"),
        choices=[("", _("No number this time"))] + [(str(i), str(i)) for i in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("What changed, in a sentence"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("rating") is None and not (data.get("note") or "").strip():
            raise forms.ValidationError(_("Give a number from 0 to 10, a sentence, or both."))
        return data


WELLNESS_HELP = {
    "wellness_toolbox": _(
        "Things that help you stay well and feel better: people, activities, places, habits."
    ),
    "daily_maintenance": _(
        "What you are like when you are well, and what you do every day to stay that way."
    ),
    "triggers": _("Events or situations that can make you feel worse."),
    "triggers_action": _("What you will do if a trigger comes up."),
    "early_warning_signs": _("Subtle signs, inside you, that things are starting to slip."),
    "early_warning_action": _("What you will do when you notice them."),
    "breaking_down": _("Signs that things are getting much worse, though not yet a crisis."),
    "breaking_down_action": _("What you will do, right away, to turn things around."),
    "crisis_plan": _(
        "Signs that others need to step in; who you want to help and what they should and "
        "should not do; medicines, treatment and places you prefer."
    ),
    "post_crisis_plan": _("How you will recover after a crisis, step by step."),
}

SAFETY_HELP = {
    "warning_signs": _(
        "Thoughts, images, moods, situations or behaviours that tell me a crisis may be coming."
    ),
    "coping_strategies": _(
        "Things I can do on my own, without contacting anyone: to relax, move, distract myself."
    ),
    "social_distractions": _(
        "People and social settings that take my mind off things. Names, places, numbers."
    ),
    "people_to_ask": _("People I can ask for help, with their phone numbers."),
    "professionals": _(
        "My clinician, peer specialist, local services, with their numbers. 988, the Crisis "
        "Text Line and 911 are always printed on the plan."
    ),
    "safe_environment": _("How I will make my surroundings safer while I feel this way."),
    "reasons_for_living": _("The one thing most important to me and worth living for."),
}


class _SectionsForm(VersionedForm):
    """A form of free-text plan sections, labelled from the model's own field names."""

    model: type = WellnessPlan
    section_names: tuple[str, ...] = ()
    section_help: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.section_names:
            self.fields[name] = forms.CharField(
                label=self.model._meta.get_field(name).verbose_name,
                help_text=self.section_help.get(name, ""),
                required=False,
                max_length=SECTION_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 4, "class": "plan-text"}),
            )

    def domain_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.section_names}


class WellnessPlanForm(_SectionsForm):
    model = WellnessPlan
    section_names = WELLNESS_FIELDS
    section_help = WELLNESS_HELP


class SafetyPlanForm(_SectionsForm):
    model = SafetyPlan
    section_names = SAFETY_FIELDS
    section_help = SAFETY_HELP
