"""import_hsds / export_hsds: the official examples round-trip, exports validate against
the compiled HSDS schemas, and malformed data is rejected row by row with nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from hearth.directory.hsds.dump import export_json, export_tabular_files, services_full
from hearth.directory.hsds.load import import_source
from hearth.directory.hsds.read import read_json_document, read_source
from hearth.directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tests.directory.helpers import COMPILED, EXAMPLES, uid

pytestmark = pytest.mark.django_db

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def _schema(name):
    return json.loads((COMPILED / name).read_text())


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _normalise(value: str) -> str:
    """CSV cells compared by meaning: 35 == 35.0, 10:00 == 10:00:00."""
    try:
        number = float(value)
        return str(int(number)) if number.is_integer() else str(number)
    except ValueError:
        return value


def test_import_official_tabular_package_creates_every_table():
    call_command(
        "import_hsds",
        str(EXAMPLES / "csv"),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name == "Community Counselling"
    assert service.organization.name == "Example Organization Inc."
    assert ServiceAtLocation.objects.filter(service=service).count() == 1
    assert Phone.objects.get(pk="1554f2e2-a373-45db-a3fa-9fc48a61c15e").extension == 100
    # The example's placeholder coordinates (100, 101) are out of range: kept out, reported.
    assert Location.objects.get().latitude is None


def test_tabular_round_trip_gives_back_the_official_rows(tmp_path):
    call_command(
        "import_hsds",
        str(EXAMPLES / "csv"),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    files = export_tabular_files()
    for original in sorted((EXAMPLES / "csv").glob("*.csv")):
        exported = _csv_rows(files[original.name])
        source = _csv_rows(original.read_text(encoding="utf-8-sig"))
        assert len(exported) == len(source), original.name
        for before, after in zip(source, exported, strict=True):
            for column, value in before.items():
                if original.name == "locations.csv" and column in ("latitude", "longitude"):
                    assert after[column] == ""  # out of range in the example, not imported
                    continue
                assert _normalise(after[column]) == _normalise(value), (original.name, column)


def test_tabular_export_validates_against_compiled_tabular_schema():
    call_command(
        "import_hsds",
        str(EXAMPLES / "csv"),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    files = export_tabular_files()
    package = json.loads(files["datapackage.json"])
    document = {}
    for resource in package["resources"]:
        kinds = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        rows = []
        for row in _csv_rows(files[resource["path"]]):
            typed = {}
            for column, value in row.items():
                if value == "":
                    continue
                if kinds[column] in ("number", "integer"):
                    number = float(value)
                    typed[column] = int(number) if number.is_integer() else number
                else:
                    typed[column] = value
            rows.append(typed)
        document[resource["name"]] = rows
    jsonschema.validate(document, _schema("tabular.json"))
    assert len(document["service"]) == 1


def test_tabular_export_reimports_to_the_same_rows(tmp_path):
    call_command(
        "import_hsds",
        str(EXAMPLES / "csv"),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    out = tmp_path / "package"
    call_command("export_hsds", str(out), "--format", "tabular", stdout=io.StringIO())
    before = export_tabular_files()
    Service.objects.all().delete()
    report = import_source(read_source(out))
    assert report.ok, [str(p) for p in report.rejected]
    assert export_tabular_files() == before


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_json_examples_import_and_export_validates(example):
    out = io.StringIO()
    call_command(
        "import_hsds", str(EXAMPLES / example), "--no-progress", stdout=out, stderr=io.StringIO()
    )
    assert "Imported" in out.getvalue()
    exported = services_full(Service.objects.all())
    assert exported
    jsonschema.validate(exported, _schema("service_package.json"))
    for item in exported:
        jsonschema.validate(item, _schema("service.json"))


def test_json_round_trip_keeps_every_field_of_the_full_example():
    original = json.loads((EXAMPLES / "service_full.json").read_text())
    report = import_source(read_json_document(original))
    assert report.ok
    exported = services_full(Service.objects.all())
    assert len(exported) == 1

    def records(document):
        source = read_json_document(document)
        out = {}
        for record in source.records:
            data = {k: _normalise(str(v)) for k, v in record.data.items() if v not in ("", None)}
            if record.table == "location":
                data.pop("latitude", None)
                data.pop("longitude", None)
            out.setdefault((record.table, data.get("id")), {}).update(data)
        return out

    before, after = records(original), records(exported[0])
    # The example nests a taxonomy under a term whose taxonomy_id names a different one, so
    # that taxonomy is not linked to the service and cannot come back inside it.
    before.pop(("taxonomy", "5c4d79d7-cc55-470e-9f1f-8cad074e4892"))
    for key, data in before.items():
        # Every record the example gives survives with the same values (the export may
        # add references the nesting implied).
        assert key in after, key
        for column, value in data.items():
            if column in ("last_modified", "assured_date"):
                continue
            assert after[key].get(column) == value, (key, column)


def test_json_export_file_validates_and_reimports(tmp_path):
    import_source(read_source(EXAMPLES / "service_full.json"))
    path = tmp_path / "out.json"
    call_command("export_hsds", str(path), stdout=io.StringIO())
    document = json.loads(path.read_text())
    jsonschema.validate(document, _schema("service_package.json"))
    Service.objects.all().delete()
    assert import_source(read_source(path)).ok
    assert Service.objects.filter(pk=SERVICE_ID).exists()


def test_reimport_updates_by_id(tmp_path):
    import_source(read_source(EXAMPLES / "service_full.json"))
    changed = json.loads((EXAMPLES / "service_full.json").read_text())
    changed["name"] = "Community Counselling (renamed)"
    report = import_source(read_json_document(changed))
    assert report.ok
    assert report.updated["service"] == 1 and report.created.get("service", 0) == 0
    assert Service.objects.get(pk=SERVICE_ID).name == "Community Counselling (renamed)"
    assert Service.objects.count() == 1


def _package(tmp_path, edits):
    """A copy of the official package with ``edits`` {file: (row index, column, value)}."""
    target = tmp_path / "pkg"
    shutil.copytree(EXAMPLES / "csv", target)
    (target / "datapackage.json").unlink()
    for name, changes in edits.items():
        rows = _csv_rows((target / name).read_text(encoding="utf-8-sig"))
        header = list(rows[0].keys())
        for index, column, value in changes:
            if index >= len(rows):
                rows.append(dict(rows[0]))  # a copy of the first row
            rows[index][column] = value
        with (target / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return target


def test_malformed_package_is_rejected_with_row_and_field_and_nothing_is_written(tmp_path):
    path = _package(
        tmp_path,
        {
            "services.csv": [(0, "name", ""), (0, "minimum_age", "twelve")],
            "locations.csv": [(0, "latitude", "north")],
            "service_at_location.csv": [(0, "service_id", uid("nobody"))],
            "phones.csv": [(0, "extension", "1.5")],
            "organizations.csv": [(0, "email", "not-an-email")],
        },
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_hsds", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    report = err.getvalue()
    assert "services.csv row 2: name: is required" in report
    assert "services.csv row 2: minimum_age: must be a number" in report
    assert "locations.csv row 2: latitude: must be a number" in report
    assert (
        f"service_at_location.csv row 2: service_id: {uid('nobody')} is not a known service"
        in report
    )
    assert "phones.csv row 2: extension: must be a whole number" in report
    assert "organizations.csv row 2: email: must be an email address" in report
    assert Service.objects.count() == Organization.objects.count() == Address.objects.count() == 0


def test_wrong_types_and_duplicate_ids_in_csv_are_rejected(tmp_path):
    path = _package(
        tmp_path,
        {
            "services.csv": [
                (0, "status", "sometimes"),
                (1, "id", "not-a-uuid"),
            ],
            "taxonomies.csv": [(1, "id", "5c4d79d7-cc55-470e-9f1f-8cad074e4892")],
        },
    )
    report = import_source(read_source(path))
    messages = [str(p) for p in report.rejected]
    assert any("services.csv row 2: status: must be one of active" in m for m in messages)
    assert any("services.csv row 3: id: must be a UUID" in m for m in messages)
    assert any("taxonomies.csv row 3: id:" in m and "already used in" in m for m in messages)
    assert TaxonomyTerm.objects.count() == 0


def test_json_with_wrong_shapes_is_rejected_not_crashing():
    document = {
        "contents": [
            {"id": uid("s1"), "name": "Ok", "status": "active", "phones": "555-1234"},
            "not an object",
            {"id": uid("s2"), "status": "active", "name": {"en": "x"}},
        ]
    }
    report = import_source(read_json_document(document))
    messages = [str(p) for p in report.rejected]
    assert "contents[0].phones: expected a list" in messages
    assert "contents[1]: expected an object" in messages
    assert "contents[2]: name: must be text" in messages
    assert Service.objects.count() == 0


def test_unreadable_sources_give_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_hsds", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_hsds", str(tmp_path / "nope"), stdout=io.StringIO())
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="has no HSDS tables"):
        call_command("import_hsds", str(empty), stdout=io.StringIO())


def test_dry_run_writes_nothing():
    out = io.StringIO()
    call_command(
        "import_hsds",
        str(EXAMPLES / "csv"),
        "--dry-run",
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "dry run" in out.getvalue()
    assert Service.objects.count() == 0


def test_export_json_streams_in_batches():
    for i in range(7):
        Service.objects.create(id=uid(f"svc{i}"), name=f"Service {i}", status="active")
    stream = io.StringIO()
    assert export_json(stream, batch=3) == 7
    document = json.loads(stream.getvalue())
    jsonschema.validate(document, _schema("service_package.json"))
    assert len(document) == 7
