"""Write the directory out as HSDS 3.0: full service objects (JSON) or a tabular data
package (one CSV per table plus ``datapackage.json``).

Empty optional values are left out of JSON objects (HSDS types them as strings or numbers,
never null) and written as empty cells in CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db.models import Model, QuerySet

from hearth.directory import models as m
from hearth.directory.hsds.tables import Table, tables

CHUNK = 900


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        spec = (
            "seconds"
            if not value.microsecond
            else ("milliseconds" if value.microsecond % 1000 == 0 else "microseconds")
        )
        return value.isoformat(timespec=spec).replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def columns_of(obj: Model, table: Table) -> dict[str, Any]:
    """The HSDS columns of one row, empty values left out."""
    out: dict[str, Any] = {}
    for column in table.columns:
        value = getattr(obj, column.attname)
        if value is None or value == "":
            continue
        out[column.name] = _json_value(value)
    return out


def csv_value(value: Any) -> str:
    value = _json_value(value)
    return "" if value is None else str(value)


def taxonomy_term_full(term) -> dict:
    """A term with its taxonomy nested when that taxonomy is in the directory (soft link)."""
    out = columns_of(term, tables()["taxonomy_term"])
    detail = term.taxonomy_detail if term.taxonomy_detail_id else None
    if detail is not None:
        out["taxonomy_detail"] = columns_of(detail, tables()["taxonomy"])
    return out


class _Linked:
    """Attributes and metadata of a batch of rows, fetched once (they link by id)."""

    def __init__(self, ids: set[str]):
        self.attributes: dict[str, list] = defaultdict(list)
        self.metadata: dict[str, list] = defaultdict(list)
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            for attribute in m.Attribute.objects.filter(link_id__in=chunk).select_related(
                "taxonomy_term__taxonomy_detail"
            ):
                self.attributes[attribute.link_id].append(attribute)
            for meta in m.Metadata.objects.filter(resource_id__in=chunk):
                self.metadata[meta.resource_id].append(meta)

    def add(self, obj: Model, out: dict[str, Any]) -> dict[str, Any]:
        spec = tables()
        attributes = []
        for attribute in self.attributes.get(obj.pk, []):
            item = columns_of(attribute, spec["attribute"])
            if attribute.taxonomy_term_id and attribute.taxonomy_term:
                item["taxonomy_term"] = taxonomy_term_full(attribute.taxonomy_term)
            attributes.append(item)
        if attributes:
            out["attributes"] = attributes
        metadata = [columns_of(x, spec["metadata"]) for x in self.metadata.get(obj.pk, [])]
        if metadata:
            out["metadata"] = metadata
        return out


LOCATION_PREFETCH = (
    "addresses",
    "languages",
    "accessibility",
    "phones__languages",
    "schedules",
    "contacts__phones__languages",
)
ORGANIZATION_PREFETCH = (
    "funding",
    "contacts__phones__languages",
    "phones__languages",
    "programs",
    "organization_identifiers",
    *(f"locations__{p}" for p in LOCATION_PREFETCH),
)

FULL_PREFETCH = (
    "phones__languages",
    "schedules",
    "service_areas",
    "languages",
    "funding",
    "cost_options",
    "required_documents",
    "contacts__phones__languages",
    "service_at_locations__contacts__phones__languages",
    "service_at_locations__phones__languages",
    "service_at_locations__schedules",
    "service_at_locations__location__addresses",
    "service_at_locations__location__languages",
    "service_at_locations__location__accessibility",
    "service_at_locations__location__phones__languages",
    "service_at_locations__location__schedules",
    "service_at_locations__location__contacts__phones__languages",
    *(f"organization__{p}" for p in ORGANIZATION_PREFETCH),
)


def full_services_queryset(services: QuerySet) -> QuerySet:
    return services.select_related("organization", "program").prefetch_related(*FULL_PREFETCH)


def _location_ids(location) -> set[str]:
    ids = {location.pk}
    for rel in ("addresses", "languages", "accessibility", "phones", "schedules", "contacts"):
        ids.update(x.pk for x in getattr(location, rel).all())
    return ids


def _organization_ids(organization) -> set[str]:
    ids = {organization.pk}
    for rel in ("funding", "contacts", "phones", "programs", "organization_identifiers"):
        ids.update(x.pk for x in getattr(organization, rel).all())
    for location in organization.locations.all():
        ids.update(_location_ids(location))
    return ids


def _ids_in(services: list) -> set[str]:
    """Every id attributes/metadata may link to, across these services' trees."""
    ids: set[str] = set()
    for service in services:
        ids.add(service.pk)
        if service.organization_id:
            ids.update(_organization_ids(service.organization))
        for rel in (
            "phones",
            "schedules",
            "service_areas",
            "languages",
            "funding",
            "cost_options",
            "required_documents",
            "contacts",
        ):
            ids.update(x.pk for x in getattr(service, rel).all())
        for sal in service.service_at_locations.all():
            ids.add(sal.pk)
            ids.update(_location_ids(sal.location))
    return ids


def _phone(phone, linked: _Linked) -> dict:
    spec = tables()
    out = columns_of(phone, spec["phone"])
    out["languages"] = [
        linked.add(x, columns_of(x, spec["language"])) for x in phone.languages.all()
    ]
    return linked.add(phone, out)


def _contact(contact, linked: _Linked) -> dict:
    out = columns_of(contact, tables()["contact"])
    out["phones"] = [_phone(p, linked) for p in contact.phones.all()]
    return linked.add(contact, out)


def _location(location, linked: _Linked) -> dict:
    spec = tables()
    out = columns_of(location, spec["location"])
    for key, table in (
        ("addresses", "address"),
        ("languages", "language"),
        ("accessibility", "accessibility"),
        ("schedules", "schedule"),
    ):
        out[key] = [linked.add(x, columns_of(x, spec[table])) for x in getattr(location, key).all()]
    out["phones"] = [_phone(p, linked) for p in location.phones.all()]
    out["contacts"] = [_contact(c, linked) for c in location.contacts.all()]
    return linked.add(location, out)


def organization_full(organization, linked: _Linked) -> dict:
    spec = tables()
    out = columns_of(organization, spec["organization"])
    for key, table in (
        ("funding", "funding"),
        ("programs", "program"),
        ("organization_identifiers", "organization_identifier"),
    ):
        out[key] = [
            linked.add(x, columns_of(x, spec[table])) for x in getattr(organization, key).all()
        ]
    out["contacts"] = [_contact(c, linked) for c in organization.contacts.all()]
    out["phones"] = [_phone(p, linked) for p in organization.phones.all()]
    out["locations"] = [_location(x, linked) for x in organization.locations.all()]
    return linked.add(organization, out)


def organizations_full(organizations: QuerySet) -> list[dict]:
    organizations = list(organizations.prefetch_related(*ORGANIZATION_PREFETCH))
    ids: set[str] = set()
    for organization in organizations:
        ids.update(_organization_ids(organization))
    linked = _Linked(ids)
    return [organization_full(o, linked) for o in organizations]


def service_full(service, linked: _Linked) -> dict:
    """One service as HSDS's full service object (validates against compiled/service.json)."""
    spec = tables()
    out = columns_of(service, spec["service"])
    if service.organization_id:
        out["organization"] = organization_full(service.organization, linked)
    if service.program_id:
        out["program"] = columns_of(service.program, spec["program"])
    for key, table in (
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("languages", "language"),
        ("funding", "funding"),
        ("cost_options", "cost_option"),
        ("required_documents", "required_document"),
    ):
        out[key] = [linked.add(x, columns_of(x, spec[table])) for x in getattr(service, key).all()]
    out["phones"] = [_phone(p, linked) for p in service.phones.all()]
    out["contacts"] = [_contact(c, linked) for c in service.contacts.all()]
    sals = []
    for sal in service.service_at_locations.all():
        item = columns_of(sal, spec["service_at_location"])
        item["contacts"] = [_contact(c, linked) for c in sal.contacts.all()]
        item["phones"] = [_phone(p, linked) for p in sal.phones.all()]
        item["schedules"] = [
            linked.add(x, columns_of(x, spec["schedule"])) for x in sal.schedules.all()
        ]
        item["location"] = _location(sal.location, linked)
        sals.append(linked.add(sal, item))
    out["service_at_locations"] = sals
    return linked.add(service, out)


def services_full(services: QuerySet | list) -> list[dict]:
    """Full HSDS objects for ``services`` (a queryset gets the prefetches it needs)."""
    if isinstance(services, QuerySet):
        services = list(full_services_queryset(services))
    linked = _Linked(_ids_in(services))
    return [service_full(s, linked) for s in services]


def export_json(stream, services: QuerySet | None = None, *, batch: int = 500) -> int:
    """Write a JSON array of full services to ``stream`` in batches; returns the count."""
    services = services if services is not None else m.Service.objects.all()
    ids = list(services.order_by("id").values_list("id", flat=True))
    stream.write("[")
    for start in range(0, len(ids), batch):
        chunk = m.Service.objects.filter(pk__in=ids[start : start + batch]).order_by("id")
        for i, item in enumerate(services_full(chunk)):
            if start or i:
                stream.write(",\n")
            stream.write(json.dumps(item, ensure_ascii=False))
    stream.write("]\n")
    return len(ids)


def datapackage() -> dict:
    resources = []
    for table in tables().values():
        fields = []
        for column in table.columns:
            kind = {
                "number": "number",
                "integer": "integer",
                "date": "date",
                "time": "time",
                "datetime": "datetime",
            }.get(column.kind, "string")
            fields.append({"name": column.name, "type": kind})
        resources.append(
            {
                "name": table.name,
                "path": table.file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    return {
        "name": "hearth-directory",
        "profile": "tabular-data-package",
        "resources": resources,
    }


def table_rows(table: Table):
    for obj in table.model.objects.order_by("pk").iterator(chunk_size=2000):
        yield [csv_value(getattr(obj, c.attname)) for c in table.columns]


def export_tabular_files() -> dict[str, str]:
    """{filename: contents} for a tabular data package of the whole directory."""
    files = {"datapackage.json": json.dumps(datapackage(), indent=2) + "\n"}
    for table in tables().values():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows(table_rows(table))
        files[table.file] = buffer.getvalue()
    return files


def export_tabular(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in export_tabular_files().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
