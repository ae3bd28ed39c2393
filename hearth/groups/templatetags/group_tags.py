from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or an empty list (for the overlap flags of one meeting)."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []


@register.filter
def sum_true(values) -> int:
    return sum(1 for v in values if v)
