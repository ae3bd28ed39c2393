"""Referral routes in the permission matrix (tests/core/test_permission_matrix.py).

Record routes use a referral of ``world.mine`` (on the specialist's caseload, not in the
manager's programme: 404 for the manager). Only peers (specialist, supervisor) write."""

from __future__ import annotations

from tests.matrix import row
from tests.referrals.helpers import consent, draft, make_service, sent, with_link


def _participant(world):
    return {"pk": world.mine.public_id}


def _draft(world):
    return {"pk": draft(world).public_id}


def _sent(world):
    return {"pk": sent(world).public_id}


def _consent(world):
    return {"pk": consent(world, make_service()).public_id}


def _token(world):
    _referral, _link, token = with_link(world)
    return {"token": token}


ROWS = {
    "referrals:follow_ups": ("get", None, row(302, 403, 403, 403, 200, 200, 403, 403)),
    "referrals:reports": ("get", None, row(302, 403, 403, 403, 403, 200, 200, 200)),
    "referrals:participant": ("get", _participant, row(302, 403, 403, 403, 200, 200, 404, 200)),
    "referrals:create": ("get", _participant, row(302, 403, 403, 403, 200, 200, 403, 403)),
    # Without ?organization= there is nothing to consent to: 404 for those who may write.
    "referrals:consent_create": (
        "get",
        _participant,
        row(302, 403, 403, 403, 404, 404, 403, 403),
    ),
    "referrals:consent_revoke": ("post", _consent, row(302, 403, 403, 403, 302, 302, 403, 403)),
    "referrals:detail": ("get", _draft, row(302, 403, 403, 403, 200, 200, 404, 200)),
    "referrals:edit": ("get", _draft, row(302, 403, 403, 403, 200, 200, 403, 403)),
    # An empty form is refused with 400 (and the page), not a crash.
    "referrals:transition": ("post", _draft, row(302, 403, 403, 403, 400, 400, 403, 403)),
    "referrals:outcome": ("get", _sent, row(302, 403, 403, 403, 200, 200, 403, 403)),
    "referrals:link_issue": ("post", _sent, row(302, 403, 403, 403, 200, 200, 403, 403)),
    "referrals:link_revoke": ("post", _sent, row(302, 403, 403, 403, 302, 302, 403, 403)),
    # The receiving organisation's page: no account, the token is the key.
    "referrals:receiver": ("get", _token, row(200, 200, 200, 200, 200, 200, 200, 200)),
}
