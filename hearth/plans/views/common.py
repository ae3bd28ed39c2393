"""Helpers shared by the plan pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hearth.core.crisis import national_lines
from hearth.plans.models import Dimension, RecoveryPlan

#: SAMHSA's four dimensions of recovery, in their order, with a line to say what each
#: holds (paraphrased from SAMHSA's working definition of recovery, 2012).


DIMENSION_DESCRIPTIONS = {
    Dimension.HEALTH: gettext_lazy(
        "Managing or overcoming symptoms, and making informed, healthy choices for body and mind."
    ),
    Dimension.HOME: gettext_lazy("A stable, safe place to live."),
    Dimension.PURPOSE: gettext_lazy(
        "Meaningful things to do each day (work, school, volunteering, caring, creating) "
        "and the income and independence to take part in society."
    ),
    Dimension.COMMUNITY: gettext_lazy(
        "Relationships and social networks that give support, friendship, love and hope."
    ),
}


def goals_by_dimension(plan: RecoveryPlan | None) -> list[dict]:
    """The plan's prefetched goals grouped under the four dimensions (all four always
    shown, so an empty dimension invites a goal)."""
    goals = list(plan.goals.all()) if plan is not None else []
    return [
        {
            "value": value,
            "label": label,
            "description": DIMENSION_DESCRIPTIONS[value],
            "goals": [g for g in goals if g.dimension == value],
        }
        for value, label in Dimension.choices
    ]


def always_crisis_lines() -> list:
    """National lines every safety plan shows whatever else it holds: the 988 Lifeline,
    the Crisis Text Line and the Veterans Crisis Line (911 is printed on its own)."""
    return [line for line in national_lines() if line.tel == "988" or line.sms == "741741"]


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _conflict_rows(form, current, names) -> list[dict]:
    """Fields where what the editor typed differs from what is saved now."""
    rows = []
    for name in names:
        theirs, saved = form.cleaned_data.get(name), getattr(current, name, None)
        if theirs != saved:
            rows.append({"label": form.fields[name].label, "saved": saved or "—"})
    return rows


def _keep_input_after_conflict(form, current_version: int) -> None:
    """The editor keeps everything they typed; saving again now overwrites on purpose."""
    form.data = form.data.copy()
    form.data["version"] = current_version
