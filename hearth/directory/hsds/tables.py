"""HSDS 3.0 tables: names, files, columns and types, derived from the models.

The models use HSDS field names, so the column list of each table is read off the model:
a foreign key ``organization`` is the HSDS column ``organization_id``. The one exception is
``taxonomy_term.taxonomy_id``, stored as ``taxonomy_detail`` because HSDS also has a
free-text ``taxonomy`` column on the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import models

from hearth.directory import models as m


@dataclass(frozen=True)
class Column:
    name: str  # HSDS column name
    attname: str  # model attribute to set
    kind: str  # str, text, number, integer, date, time, datetime, email, uri, enum, ref
    required: bool
    choices: tuple[str, ...] = ()
    target: str | None = None  # for refs: HSDS table name of the target
    hard: bool = False  # for refs: must exist
    max_length: int | None = None


@dataclass(frozen=True)
class Table:
    name: str  # HSDS name, singular ("service_at_location")
    file: str  # tabular file ("service_at_location.csv")
    model: type[models.Model]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


# Write order: a table comes after every table it has a hard reference to.
_TABLES = [
    ("taxonomy", "taxonomies.csv", m.Taxonomy),
    ("taxonomy_term", "taxonomy_terms.csv", m.TaxonomyTerm),
    ("organization", "organizations.csv", m.Organization),
    ("organization_identifier", "organization_identifiers.csv", m.OrganizationIdentifier),
    ("program", "programs.csv", m.Program),
    ("service", "services.csv", m.Service),
    ("funding", "funding.csv", m.Funding),
    ("cost_option", "cost_options.csv", m.CostOption),
    ("required_document", "required_documents.csv", m.RequiredDocument),
    ("service_area", "service_areas.csv", m.ServiceArea),
    ("location", "locations.csv", m.Location),
    ("service_at_location", "service_at_location.csv", m.ServiceAtLocation),
    ("address", "addresses.csv", m.Address),
    ("accessibility", "accessibility.csv", m.Accessibility),
    ("contact", "contacts.csv", m.Contact),
    ("phone", "phones.csv", m.Phone),
    ("language", "languages.csv", m.Language),
    ("schedule", "schedules.csv", m.Schedule),
    ("attribute", "attributes.csv", m.Attribute),
    ("metadata", "metadata.csv", m.Metadata),
    ("meta_table_description", "meta_table_descriptions.csv", m.MetaTableDescription),
]

_RENAMED = {("taxonomy_term", "taxonomy_detail"): "taxonomy_id"}


def _kind(field: models.Field) -> str:
    if field.choices:
        return "enum"
    for cls, kind in (
        (models.EmailField, "email"),
        (models.URLField, "uri"),
        (models.DateTimeField, "datetime"),
        (models.DateField, "date"),
        (models.TimeField, "time"),
        (models.FloatField, "number"),
        (models.IntegerField, "integer"),
        (models.TextField, "text"),
        (models.CharField, "str"),
    ):
        if isinstance(field, cls):
            return kind
    raise TypeError(field)


def _columns(name: str, model: type[models.Model]) -> tuple[Column, ...]:
    model_to_table = {mdl: tname for tname, _f, mdl in _TABLES}
    out = []
    for field in model._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            continue
        if isinstance(field, models.ForeignKey):
            hsds = _RENAMED.get((name, field.name), field.attname)
            out.append(
                Column(
                    name=hsds,
                    attname=field.attname,
                    kind="ref",
                    required=not field.null,
                    target=model_to_table[field.related_model],
                    hard=field.db_constraint,
                )
            )
            continue
        required = field.primary_key or not (field.blank or field.null)
        out.append(
            Column(
                name=field.name,
                attname=field.attname,
                kind="id" if field.primary_key else _kind(field),
                required=required,
                choices=tuple(str(c[0]) for c in field.choices or ()),
                max_length=getattr(field, "max_length", None),
            )
        )
    return tuple(out)


@cache
def tables() -> dict[str, Table]:
    return {name: Table(name, file, model, _columns(name, model)) for name, file, model in _TABLES}


def table_for_file(filename: str) -> Table | None:
    for table in tables().values():
        if table.file == filename:
            return table
    return None
