from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.5 → “50 %”; ``None`` (nothing to tell yet) → “—”."""
    if value is None:
        return "—"
    return _("%(n)s %%") % {"n": number_format(round(100 * value))}


@register.simple_tag
def retention(cohort, days) -> str:
    """Still active at ``days``, as “80 % (4 of 5)”."""
    active, total = cohort.retained[days]
    if not total:
        return "—"
    return _("%(pct)s (%(active)d of %(total)d)") % {
        "pct": percent(active / total),
        "active": active,
        "total": total,
    }
