"""Permission-matrix rows for the billing and caseload pages (merged by
tests/core/test_permission_matrix.py)."""

from __future__ import annotations

from hearth.encounters.models import Intervention
from tests.encounters.claims_factories import make_payer
from tests.matrix import row


def _payer(world) -> dict:
    return {"pk": make_payer(world.org, name="Matrix Medicaid").public_id}


def _intervention(world) -> dict:
    item = Intervention.objects.create(organisation=world.org, name="Matrix advocacy")
    return {"pk": item.public_id}


ADMIN_ONLY = row(302, 403, 403, 403, 403, 403, 403, 200)
ROWS = {
    "billing:claims": ("get", None, row(302, 403, 403, 403, 403, 403, 200, 200)),
    "billing:payers": ("get", None, ADMIN_ONLY),
    "billing:payer_create": ("get", None, ADMIN_ONLY),
    "billing:payer_edit": ("get", _payer, ADMIN_ONLY),
    "billing:interventions": ("get", None, ADMIN_ONLY),
    "billing:intervention_edit": ("get", _intervention, ADMIN_ONLY),
    # A move is a POST that redirects back to the list.
    "billing:intervention_move": (
        "post",
        _intervention,
        row(302, 403, 403, 403, 403, 403, 403, 302),
    ),
    "caseload:mine": ("get", None, row(302, 403, 403, 403, 200, 200, 403, 403)),
    "caseload:team": ("get", None, row(302, 403, 403, 403, 403, 200, 200, 200)),
}
