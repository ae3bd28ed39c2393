"""Template helpers for plans: the cards on the participant pages (inclusion tags with a
fixed number of queries), sections of the wellness and safety plans, per-goal forms, and
tap-to-call links in what people wrote."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hearth.core.policy import Perm, can
from hearth.plans import selectors
from hearth.plans.forms import ProgressForm, StepForm, progress_auto_id, step_auto_id
from hearth.plans.models import SafetyPlan, WellnessPlan

register = template.Library()

#: WRAP's seven sections, in order; the three that come with an action plan pair the two.
WELLNESS_SECTIONS = [
    (_("Wellness toolbox"), ("wellness_toolbox",)),
    (_("Daily maintenance plan"), ("daily_maintenance",)),
    (_("Triggers"), ("triggers", "triggers_action")),
    (_("Early warning signs"), ("early_warning_signs", "early_warning_action")),
    (_("When things are breaking down"), ("breaking_down", "breaking_down_action")),
    (_("Crisis plan"), ("crisis_plan",)),
    (_("Post-crisis plan"), ("post_crisis_plan",)),
]
ACTION_FIELDS = {"triggers_action", "early_warning_action", "breaking_down_action"}
#: Stanley-Brown's six steps, then what matters most.
SAFETY_STEPS = (
    "warning_signs",
    "coping_strategies",
    "social_distractions",
    "people_to_ask",
    "professionals",
    "safe_environment",
    "reasons_for_living",
)

# North American numbers (555-0199, (215) 555-0199, +1 215 555 0199) in free text. Dates
# and short numbers are not matched, so "2025-03-01" or "walk 300 steps" stay text.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])?\d{3}[\s.-]\d{4}(?![\w])"
)


@register.filter
def telify(text: str | None) -> SafeString:
    """Escape ``text``, turn phone numbers into tap-to-call links and line breaks into
    <br>. Only digits reach the ``tel:`` URL."""
    escaped = str(escape(text or "")).replace("\r\n", "\n")

    def link(match: re.Match) -> str:
        raw = match.group(0)
        digits = re.sub(r"\D", "", raw)
        return f'<a href="tel:{"+" if raw.startswith("+") else ""}{digits}">{raw}</a>'

    return mark_safe(_PHONE.sub(link, escaped).replace("\n", "<br>"))  # noqa: S308 (escaped above)


@register.simple_tag
def wellness_sections(plan: WellnessPlan | None) -> list[dict]:
    """The seven sections with their text (empty strings when there is no plan)."""
    return [
        {
            "title": title,
            "items": [
                {
                    "name": name,
                    "label": WellnessPlan._meta.get_field(name).verbose_name,
                    "is_action": name in ACTION_FIELDS,
                    "text": getattr(plan, name, "") if plan is not None else "",
                }
                for name in names
            ],
        }
        for title, names in WELLNESS_SECTIONS
    ]


@register.simple_tag
def wellness_form_sections(form) -> list[dict]:
    return [
        {"title": title, "fields": [form[n] for n in names]} for title, names in WELLNESS_SECTIONS
    ]


@register.simple_tag
def safety_steps(plan: SafetyPlan | None) -> list[dict]:
    return [
        {
            "name": name,
            "number": i + 1 if i < 6 else None,
            "label": SafetyPlan._meta.get_field(name).verbose_name,
            "text": getattr(plan, name, "") if plan is not None else "",
        }
        for i, name in enumerate(SAFETY_STEPS)
    ]


@register.simple_tag
def step_form_for(goal, form=None):
    """The bound form being re-shown with errors, or a fresh one whose ids are unique to
    this goal (a plan page holds one of these forms per goal)."""
    # A missing context variable arrives as "", hence getattr rather than "is not None".
    if getattr(form, "is_bound", False):
        return form
    return StepForm(auto_id=step_auto_id(goal))


@register.simple_tag
def progress_form_for(goal, form=None):
    if getattr(form, "is_bound", False):
        return form
    return ProgressForm(auto_id=progress_auto_id(goal))


@register.inclusion_tag("plans/cards/participant_plans.html", takes_context=True)
def participant_plans_card(context, participant) -> dict:
    """The "Plans" card on the staff participant page: status of each plan and the next
    review. Shown only to users with ``PLAN_VIEW``; three queries whatever the plans hold.
    The page that includes it has already fetched ``participant`` through a scoped
    selector and audited the view."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if participant is None or not can(user, Perm.PLAN_VIEW):
        return {"show": False}
    return {
        "show": True,
        "participant": participant,
        "summary": selectors.plans_summary(participant),
        "can_edit": can(user, Perm.PLAN_EDIT),
    }


@register.inclusion_tag("plans/cards/own_plans.html", takes_context=True)
def own_plans_card(context, record) -> dict:
    """Links to the participant's own plans on their home page, the safety plan first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if record is None or not can(user, Perm.OWN_PLANS_VIEW) or record.user_id != user.pk:
        return {"show": False}
    return {
        "show": True,
        "record": record,
        "summary": selectors.plans_summary(record),
        "local_lines": selectors.local_crisis_lines(record),
    }
