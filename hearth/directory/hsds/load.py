"""Check and write HSDS records: everything is checked first, then written in one
transaction, or nothing is written (docs/decisions/0031-hsds-import-all-or-nothing.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.directory.hsds.coerce import Invalid, coerce, coordinate_problem, is_empty
from hearth.directory.hsds.read import Problem, Source
from hearth.directory.hsds.tables import tables
from hearth.directory.search import reindex_services

CHUNK = 900  # below SQLite's bound-parameter limit for IN (...)

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def rejected_rows(self) -> int:
        return len({p.where for p in self.rejected})


@dataclass
class _Checked:
    table: str
    where: str
    values: dict[str, Any]  # attname -> value


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check(source: Source, report: ImportReport, progress: Progress | None = None) -> dict:
    """Coerce every record; returns {table: {id: _Checked}}. Problems go in ``report``."""
    report.rejected.extend(source.problems)
    report.warnings.extend(source.warnings)
    specs = tables()
    checked: dict[str, dict[str, _Checked]] = defaultdict(dict)
    for record in source.records:
        table = specs[record.table]
        values: dict[str, Any] = {}
        bad = False
        for column in table.columns:
            raw = record.data.get(column.name)
            try:
                values[column.attname] = coerce(column, raw)
            except Invalid as exc:
                report.rejected.append(Problem(record.where, column.name, str(exc)))
                bad = True
        if record.table == "location":
            cleared = False
            for name in ("latitude", "longitude"):
                why = coordinate_problem(name, values.get(name))
                if why:
                    report.warnings.append(Problem(record.where, name, why))
                    cleared = True
            if cleared:
                values["latitude"] = values["longitude"] = None
            elif (values.get("latitude") is None) != (values.get("longitude") is None):
                values["latitude"] = values["longitude"] = None
                report.warnings.append(
                    Problem(
                        record.where,
                        "latitude",
                        _("needs both latitude and longitude; the location is kept without them"),
                    )
                )
        if progress:
            progress(1)
        if bad:
            continue
        row_id = values["id"]
        earlier = checked[record.table].get(row_id)
        if earlier is None:
            checked[record.table][row_id] = _Checked(record.table, record.where, values)
        elif source.from_csv:
            report.rejected.append(
                Problem(
                    record.where,
                    "id",
                    _("%(id)s is already used in %(where)s")
                    % {"id": row_id, "where": earlier.where},
                )
            )
        else:
            # The same object nested twice in JSON (an organisation under each of its
            # services): the later copy fills in what the earlier one left empty.
            for key, value in values.items():
                if not is_empty(value):
                    earlier.values[key] = value
    report.rows = len(source.records)
    _check_references(checked, report)
    return checked


def _check_references(checked: dict, report: ImportReport) -> None:
    """Hard references must name a row in this run or already in the directory; soft
    references may point elsewhere (kept, with a warning)."""
    specs = tables()
    wanted: dict[str, set[str]] = defaultdict(set)
    for table_name, rows in checked.items():
        for column in specs[table_name].columns:
            if column.kind != "ref":
                continue
            for row in rows.values():
                target = row.values.get(column.attname)
                if target and target not in checked.get(column.target, {}):
                    wanted[column.target].add(target)
    existing: dict[str, set[str]] = {}
    for target, ids in wanted.items():
        model = specs[target].model
        found: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            found.update(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        existing[target] = found
    for table_name, rows in checked.items():
        for column in specs[table_name].columns:
            if column.kind != "ref":
                continue
            for row in list(rows.values()):
                target = row.values.get(column.attname)
                if not target or target in checked.get(column.target, {}):
                    continue
                if target in existing.get(column.target, set()):
                    continue
                message = _("%(id)s is not a known %(table)s") % {
                    "id": target,
                    "table": column.target,
                }
                if column.hard:
                    report.rejected.append(Problem(row.where, column.name, message))
                else:
                    report.warnings.append(
                        Problem(row.where, column.name, message + _(" (kept as given)"))
                    )


def write(checked: dict, report: ImportReport, progress: Progress | None = None) -> set[str]:
    """Upsert every checked row by HSDS id, in dependency order. Returns the ids of the
    services whose listing may have changed. Call inside a transaction."""
    specs = tables()
    for table_name, spec in specs.items():
        rows = checked.get(table_name)
        if not rows:
            continue
        model = spec.model
        ids = list(rows)
        existing: set[str] = set()
        for chunk in _chunks(ids):
            existing.update(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        _upsert(spec, [row.values for row in rows.values()], progress)
        report.updated[table_name] = len(existing)
        report.created[table_name] = len(ids) - len(existing)
    return affected_services(checked)


def _upsert(spec, rows: list[dict], progress: Progress | None) -> None:
    """INSERT ... ON CONFLICT (id) DO UPDATE, in batches, through the connection (both
    SQLite and PostgreSQL speak it). The ORM's bulk_create spends most of an import
    compiling SQL per batch; the values here are already checked and typed."""
    model = spec.model
    opts = model._meta
    now = timezone.now()
    fields = [opts.get_field(c.attname) for c in spec.columns]  # attname lookups work
    columns = [f.column for f in fields] + ["created_at", "updated_at"]
    typed = [f for f in fields if c_needs_prep(f)]
    quote = connection.ops.quote_name
    updates = ", ".join(
        f"{quote(col)} = excluded.{quote(col)}"
        for col in columns
        if col not in ("id", "created_at")
    )
    # Table and column names come from the model's metadata, never from the input.
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('id')}) DO UPDATE SET {updates}"
    )
    stamp_created = opts.get_field("created_at").get_db_prep_save(now, connection)
    stamp_updated = opts.get_field("updated_at").get_db_prep_save(now, connection)
    prep = {f.attname: f for f in typed}
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 1000):
            params = []
            for values in batch:
                row = []
                for name in attnames:
                    value = values.get(name)
                    if value is not None and name in prep:
                        value = prep[name].get_db_prep_save(value, connection)
                    row.append(value)
                row += [stamp_created, stamp_updated]
                params.append(row)
            cursor.executemany(sql, params)
            if progress:
                progress(len(batch))


def c_needs_prep(field) -> bool:
    """Dates and times need the backend's conversion; text and numbers go as they are."""
    return isinstance(field, models.DateField | models.TimeField)


def affected_services(checked: dict) -> set[str]:
    from hearth.directory.models import Service, ServiceAtLocation

    service_ids = set(checked.get("service", {}))
    locations: set[str] = set(checked.get("location", {}))
    organizations: set[str] = set(checked.get("organization", {}))
    for rows in checked.values():
        for row in rows.values():
            if row.values.get("service_id"):
                service_ids.add(row.values["service_id"])
            if row.values.get("location_id"):
                locations.add(row.values["location_id"])
            if row.table == "attribute" and row.values.get("link_id"):
                service_ids.add(row.values["link_id"])
    for chunk in _chunks(sorted(locations)):
        service_ids.update(
            ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
                "service_id", flat=True
            )
        )
    for chunk in _chunks(sorted(organizations)):
        service_ids.update(
            Service.objects.filter(organization_id__in=chunk).values_list("id", flat=True)
        )
    return service_ids


def import_source(
    source: Source,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], Progress] | None = None,
) -> ImportReport:
    """Check everything, then write everything in one transaction — or nothing at all if
    any row is rejected (or ``dry_run``). ``progress(label, total)`` returns a callback."""
    report = ImportReport()
    total = len(source.records)
    checked = check(source, report, progress("check", total) if progress else None)
    if not report.ok or dry_run:
        return report
    count = sum(len(rows) for rows in checked.values())
    with transaction.atomic():
        service_ids = write(checked, report, progress("write", count) if progress else None)
        from hearth.directory.models import Service

        known = set()
        for chunk in _chunks(sorted(service_ids)):
            known.update(Service.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        reindex_services(sorted(known))
    return report
