"""What the referral pages show: the moves offered on a referral, and the minimum the
receiving organisation sees (decision 0039)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearth.referrals.lifecycle import MOVES, Side, Status, next_statuses
from hearth.referrals.models import REASON_LISTS, Referral, SharedItem

#: The button for each move, in the words of whoever presses it.
BUTTONS = {
    Status.SENT: _("Send the referral"),
    Status.ACCEPTED: _("Accepted"),
    Status.DECLINED: _("Declined"),
    Status.IN_PROGRESS: _("Service has started"),
    Status.COMPLETED: _("Completed: they got the service"),
    Status.NOT_COMPLETED: _("Not completed"),
    Status.CANCELLED: _("Cancel the referral"),
}


def status_actions(referral: Referral, side: Side) -> list[dict]:
    """The moves ``side`` can make now, each with its button and, where a reason is
    needed, the reason list."""
    actions = []
    for target in next_statuses(referral.status, side):
        move = MOVES[(Status(referral.status), target)]
        reasons = REASON_LISTS[move.reason_list].choices if move.reason_list else None
        actions.append(
            {
                "to": target.value,
                "button": BUTTONS[target],
                "reasons": reasons,
                "danger": target in (Status.CANCELLED, Status.DECLINED, Status.NOT_COMPLETED),
            }
        )
    return actions


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return " ".join(f"{p[0].upper()}." for p in parts[:3]) or "—"


def receiver_summary(referral: Referral) -> dict:
    """Only what the receiving organisation needs, as the participant agreed: their first
    name or initials, what was asked for, and how to reach the referring peer. Never the
    record: no surname, contact details, date of birth, diagnosis or notes."""
    participant = referral.participant
    shares = set(referral.consent.shares) if referral.consent else set()
    own_name = participant.preferred_name or participant.name
    peer = referral.referred_by
    return {
        "person": own_name.split()[0] if SharedItem.FIRST_NAME in shares and own_name else None,
        "initials": _initials(own_name),
        "service_name": referral.service_name,
        "organization_name": referral.organization_name,
        "request": referral.reason if SharedItem.REQUEST in shares else None,
        "priority": referral.get_priority_display(),
        "sent_at": referral.sent_at,
        "status": referral.get_status_display(),
        "peer_name": peer.display_name,
        "peer_role": peer.get_role_display(),
        "peer_email": peer.email,
        "peer_organisation": referral.organisation.name,
        "consent_expires_on": referral.consent.expires_on if referral.consent else None,
        "consent_purpose": referral.consent.purpose.rstrip(". ") if referral.consent else "",
    }
