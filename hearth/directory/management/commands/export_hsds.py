"""python manage.py export_hsds PATH [--format json|tabular] — write the whole directory as
HSDS 3.0: a JSON array of full service objects, or a tabular data package directory."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from hearth.directory.hsds.dump import export_json, export_tabular


class Command(BaseCommand):
    help = "Export the resource directory as HSDS 3.0 (JSON or a tabular data package)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .json file, or a directory for --format tabular")
        parser.add_argument("--format", choices=["json", "tabular"], default=None)

    def handle(self, *args, path: str, format: str | None, **options):
        fmt = format or ("json" if path.endswith(".json") else "tabular")
        if fmt == "json":
            with open(path, "w", encoding="utf-8") as stream:
                count = export_json(stream)
            self.stdout.write(f"Wrote {count} services to {path}.")
        else:
            files = export_tabular(path)
            self.stdout.write(f"Wrote {len(files)} files to {path}.")
