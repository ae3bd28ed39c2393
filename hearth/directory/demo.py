"""Demo data for this app, loaded by ``seed_demo`` for the Riverbend organisation: the
official HSDS 3.0 example package (when ../shared/hsds is beside the checkout) and the
local Riverbend services in English and Spanish (hearth/directory/demo_listings.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from hearth.directory.demo_listings import listings, service_id
from hearth.directory.hsds.load import import_source
from hearth.directory.hsds.read import read_json_document, read_source
from hearth.directory.models import SavedResource, Service


def official_examples() -> Path | None:
    base = Path(settings.BASE_DIR)
    for candidate in (base.parent / "shared", base.parent.parent / "shared"):
        package = candidate / "hsds" / "examples" / "csv"
        if package.is_dir():
            return package
    return None


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: imports update by id)."""
    before = Service.objects.count()
    package = official_examples()
    if package is not None:
        report = import_source(read_source(package))
        assert report.ok, [str(p) for p in report.rejected]
    report = import_source(read_json_document(listings()))
    assert report.ok, [str(p) for p in report.rejected]
    created["directory services"] = Service.objects.count() - before
    _saved_list(org, accounts)


def _saved_list(org, accounts) -> None:
    """Two saved services for the first participant on the demo specialist's caseload."""
    from hearth.core.policy import Role
    from hearth.participants.models import Participant

    specialist = (
        next(
            (a for a in accounts.values() if getattr(a, "role", None) == Role.PEER_SPECIALIST),
            None,
        )
        if isinstance(accounts, dict)
        else None
    )
    if specialist is None:
        return
    participant = (
        Participant.objects.filter(
            organisation=org, assignments__specialist=specialist, assignments__ended_at=None
        )
        .order_by("pk")
        .first()
    )
    if participant is None:
        return
    for name in ("Riverbend Peer Recovery Community Center", "Northside Community Food Pantry"):
        SavedResource.objects.get_or_create(
            participant=participant,
            service_id=service_id(name),
            defaults={"organisation": org, "added_by": specialist},
        )
