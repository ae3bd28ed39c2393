"""/hsda/ routes × roles: public read-only data, the same answer for everyone."""

from __future__ import annotations

from hearth.directory.models import Location, ServiceAtLocation, Taxonomy, TaxonomyTerm
from tests.directory.helpers import org, service, uid
from tests.matrix import row

OPEN = row(200, 200, 200, 200, 200, 200, 200, 200)


def _service(world) -> dict:
    return {"id": service("matrix").id}


def _organization(world) -> dict:
    return {"id": org("matrix").id}


def _sal(world) -> dict:
    location = Location.objects.create(id=uid("matrix-loc"), location_type="physical")
    sal = ServiceAtLocation.objects.create(
        id=uid("matrix-sal"), service=service("matrix"), location=location
    )
    return {"id": sal.id}


def _taxonomy(world) -> dict:
    return {"id": Taxonomy.objects.create(id=uid("matrix-tax"), name="T", description="T").id}


def _term(world) -> dict:
    return {"id": TaxonomyTerm.objects.create(id=uid("matrix-term"), name="T", description="T").id}


ROWS = {
    "hsda:root": ("get", None, OPEN),
    "hsda:services": ("get", None, OPEN),
    "hsda:service": ("get", _service, OPEN),
    "hsda:service_at_locations": ("get", None, OPEN),
    "hsda:service_at_location": ("get", _sal, OPEN),
    "hsda:organizations": ("get", None, OPEN),
    "hsda:organization": ("get", _organization, OPEN),
    "hsda:taxonomies": ("get", None, OPEN),
    "hsda:taxonomy": ("get", _taxonomy, OPEN),
    "hsda:taxonomy_terms": ("get", None, OPEN),
    "hsda:taxonomy_term": ("get", _term, OPEN),
}
