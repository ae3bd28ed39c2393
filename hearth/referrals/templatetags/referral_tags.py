"""The referral cards other pages include: on a participant's record, and the referring
peer's follow-ups on the staff home. Each costs a fixed number of queries."""

from __future__ import annotations

from django import template

from hearth.core.policy import Perm, can
from hearth.referrals import selectors, services

register = template.Library()

CARD_ROWS = 5


@register.inclusion_tag("referrals/cards/participant_referrals.html", takes_context=True)
def participant_referrals_card(context, participant) -> dict:
    user = context["request"].user
    if not can(user, Perm.REFERRAL_VIEW):
        return {"show": False}
    rows = list(selectors.referrals_for(user, participant=participant)[: CARD_ROWS + 1])
    return {
        "show": True,
        "participant": participant,
        "referrals": rows[:CARD_ROWS],
        "more": len(rows) > CARD_ROWS,
        "can_write": can(user, Perm.REFERRAL_WRITE),
    }


@register.inclusion_tag("referrals/cards/follow_ups.html", takes_context=True)
def follow_ups_card(context) -> dict:
    """ "Follow up with … about …" for the signed-in peer: the ones due now first."""
    request = context["request"]
    user = request.user
    if not can(user, Perm.REFERRAL_WRITE):
        return {"show": False}
    rows = selectors.follow_ups_for(user, due_only=True, limit=CARD_ROWS)
    if rows:
        # Names on a screen are a disclosure.
        services.referral_list_view(actor=user, count=len(rows), request=request)
    return {"show": True, "follow_ups": rows}
