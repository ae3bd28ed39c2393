"""Paths to the official HSDS examples and small builders for directory tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from hearth.directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


def _hsds_root() -> Path:
    # ../shared/hsds beside the checkout (CI), or the shared folder on the dev machine.
    for candidate in (
        Path(settings.BASE_DIR).parent / "shared" / "hsds",
        Path(settings.BASE_DIR).parent.parent / "shared" / "hsds",
        Path("/work/shared/hsds"),
    ):
        if (candidate / "schema").is_dir():
            return candidate
    raise FileNotFoundError("HSDS schemas and examples (../shared/hsds) not found")


HSDS = _hsds_root()
EXAMPLES = HSDS / "examples"
COMPILED = HSDS / "schema" / "compiled"


def uid(label: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hearth-test:{label}"))


def org(label: str = "org", **kwargs) -> Organization:
    return Organization.objects.get_or_create(
        id=uid(label), defaults={"name": label.title(), "description": "A provider", **kwargs}
    )[0]


def service(label: str, *, name: str | None = None, organization=None, **kwargs) -> Service:
    return Service.objects.create(
        id=uid(label),
        organization=organization or org(),
        name=name or label.title(),
        **kwargs,
    )


def located(svc: Service, *, lat=None, lon=None, postcode=None, label=None) -> Location:
    label = label or svc.name
    loc = Location.objects.create(
        id=uid(f"loc:{label}"), location_type="physical", name=label, latitude=lat, longitude=lon
    )
    ServiceAtLocation.objects.create(id=uid(f"sal:{label}"), service=svc, location=loc)
    if postcode:
        Address.objects.create(
            id=uid(f"addr:{label}"),
            location=loc,
            address_1="1 Main St",
            city="Philadelphia",
            state_province="PA",
            postal_code=postcode,
            country="US",
            address_type="physical",
        )
    return loc


def tag(svc: Service, term_label: str) -> TaxonomyTerm:
    term = TaxonomyTerm.objects.get_or_create(
        id=uid(f"term:{term_label}"), defaults={"name": term_label, "description": term_label}
    )[0]
    Attribute.objects.create(
        id=uid(f"attr:{svc.id}:{term_label}"),
        link_id=svc.id,
        link_entity="service",
        link_type="service_category",
        taxonomy_term=term,
    )
    return term
