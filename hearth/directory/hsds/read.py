"""Read HSDS 3.0 sources into flat records, one per table row, before any checking.

Two sources: a tabular data package (a directory of ``<table>.csv`` files, normally with a
``datapackage.json``) and HSDS JSON (one service, a list of services, a paginated API response
with ``contents``, or the tabular-as-JSON shape ``{"services.csv": [...], ...}``). Nested JSON
objects become their own records, with the reference to their parent filled in when the
publisher left it out.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hearth.directory.hsds.tables import table_for_file, tables


@dataclass
class Record:
    table: str
    where: str  # "services.csv row 3" or "contents[2].phones[0]"
    data: dict[str, Any]


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.field}: {self.message}"
            if self.field
            else (f"{self.where}: {self.message}")
        )


@dataclass
class Source:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    from_csv: bool = False


class SourceError(Exception):
    """The source cannot be read at all (missing path, not JSON, no HSDS tables)."""


# Children nested in each object: key -> (child table, column in the child naming the parent).
_CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}
# Single nested objects the parent refers to: key -> (table, column in the parent).
_PARENTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {"location": ("location", "location_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}


def read_source(path: str | Path) -> Source:
    path = Path(path)
    if path.is_dir():
        return _read_package(path)
    if path.is_file():
        return _read_json(path)
    raise SourceError(_("%(path)s does not exist.") % {"path": path})


# --- Tabular data package ---------------------------------------------------------------


def _package_files(directory: Path, source: Source) -> list[tuple[str, Path]]:
    """(table, path) for each table file, from datapackage.json when it is usable."""
    found: list[tuple[str, Path]] = []
    descriptor = directory / "datapackage.json"
    resources = None
    if descriptor.is_file():
        try:
            resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources")
        except (ValueError, AttributeError, UnicodeDecodeError):
            source.warnings.append(
                Problem(
                    "datapackage.json",
                    "",
                    _("is not a readable data package; reading the CSV files by their names"),
                )
            )
    if isinstance(resources, list):
        by_name = tables()
        for resource in resources:
            if not isinstance(resource, dict):
                continue
            table = by_name.get(str(resource.get("name", "")))
            rel = str(resource.get("path") or (table.file if table else ""))
            table = table or table_for_file(Path(rel).name)
            target = (directory / rel).resolve()
            if table and target.is_file() and directory.resolve() in target.parents:
                found.append((table.name, target))
        if found:
            return found
    for csv_path in sorted(directory.glob("*.csv")):
        table = table_for_file(csv_path.name)
        if table is None:
            source.warnings.append(Problem(csv_path.name, "", _("is not an HSDS table; skipped")))
            continue
        found.append((table.name, csv_path))
    return found


def _read_package(directory: Path) -> Source:
    source = Source(from_csv=True)
    files = _package_files(directory, source)
    if not files:
        raise SourceError(
            _("%(path)s has no HSDS tables (services.csv, organizations.csv, ...).")
            % {"path": directory}
        )
    for table_name, csv_path in files:
        table = tables()[table_name]
        known = set(table.column_names)
        try:
            with csv_path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                header = reader.fieldnames or []
                if "id" not in header:
                    source.problems.append(
                        Problem(csv_path.name, "id", _("the file has no id column"))
                    )
                    continue
                unknown = [c for c in header if c not in known]
                if unknown:
                    source.warnings.append(
                        Problem(
                            csv_path.name,
                            ", ".join(unknown),
                            _("unknown columns, ignored"),
                        )
                    )
                for number, row in enumerate(reader, start=2):
                    if None in row:
                        source.problems.append(
                            Problem(
                                f"{csv_path.name} row {number}",
                                "",
                                _("has more values than the header has columns"),
                            )
                        )
                        continue
                    data = {k: v for k, v in row.items() if k in known}
                    source.records.append(Record(table_name, f"{csv_path.name} row {number}", data))
        except (UnicodeDecodeError, csv.Error) as exc:
            source.problems.append(
                Problem(csv_path.name, "", _("cannot be read as UTF-8 CSV: %(e)s") % {"e": exc})
            )
    return source


# --- JSON -------------------------------------------------------------------------------


def _read_json(path: Path) -> Source:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(
            _("%(path)s is not valid JSON: %(e)s") % {"path": path.name, "e": exc}
        ) from exc
    return read_json_document(document)


def read_json_document(document: Any) -> Source:
    source = Source()
    if isinstance(document, dict) and _is_tabular(document):
        for key, rows in document.items():
            table = tables().get(key) or table_for_file(key)
            if table is None or not isinstance(rows, list):
                source.warnings.append(Problem(key, "", _("is not an HSDS table; skipped")))
                continue
            for i, row in enumerate(rows):
                flatten(table.name, row, f"{key}[{i}]", source)
        return source
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items, prefix = document["contents"], "contents"
    elif isinstance(document, list):
        items, prefix = document, ""
    elif isinstance(document, dict):
        items, prefix = [document], None
    else:
        raise SourceError(_("expected a service, a list of services or a page of services"))
    for i, item in enumerate(items):
        where = "service" if prefix is None else f"{prefix}[{i}]"
        flatten("service", item, where, source)
    return source


def _is_tabular(document: dict) -> bool:
    keys = [k for k in document if isinstance(document[k], list)]
    return bool(keys) and all(k in tables() or table_for_file(k) for k in keys)


def flatten(table: str, obj: Any, where: str, source: Source) -> None:
    """Add ``obj`` (an HSDS object of ``table``) and everything nested in it as records."""
    if not isinstance(obj, dict):
        source.problems.append(Problem(where, "", _("expected an object")))
        return
    columns = set(tables()[table].column_names)
    data = {k: v for k, v in obj.items() if k in columns}
    own_id = obj.get("id")
    for key, (parent_table, column) in _PARENTS.get(table, {}).items():
        nested = obj.get(key)
        if isinstance(nested, dict):
            if not data.get(column) and nested.get("id"):
                data[column] = nested["id"]
            flatten(parent_table, nested, f"{where}.{key}", source)
    source.records.append(Record(table, where, data))
    children = dict(_CHILDREN.get(table, {}))
    children["attributes"] = ("attribute", "link_id")
    if table != "metadata":
        children["metadata"] = ("metadata", "resource_id")
    for key, (child_table, column) in children.items():
        nested = obj.get(key)
        if nested is None:
            continue
        if not isinstance(nested, list):
            source.problems.append(Problem(f"{where}.{key}", "", _("expected a list")))
            continue
        for i, child in enumerate(nested):
            if isinstance(child, dict) and own_id and not child.get(column):
                child = {**child, column: own_id}
                if child_table == "attribute" and not child.get("link_entity"):
                    child["link_entity"] = table
                if child_table == "metadata" and not child.get("resource_type"):
                    child["resource_type"] = table
            flatten(child_table, child, f"{where}.{key}[{i}]", source)
