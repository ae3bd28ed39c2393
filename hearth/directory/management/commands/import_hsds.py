"""python manage.py import_hsds PATH — import an HSDS 3.0 tabular data package (a directory
with datapackage.json and CSVs) or an HSDS JSON file (a service, a list, or a page of an API
response). All or nothing: if any row is rejected, nothing is imported and every rejected
row is listed with its file, row, field and reason."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from hearth.directory.hsds.load import import_source
from hearth.directory.hsds.read import SourceError, read_source


class Command(BaseCommand):
    help = "Import an HSDS 3.0 data package or JSON file into the resource directory."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="a directory with datapackage.json + CSVs, or a .json file"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path: str, dry_run: bool, no_progress: bool, **options):
        bars: list[tqdm] = []

        def progress(label: str, total: int):
            bar = tqdm(
                total=total,
                desc={"check": "Checking", "write": "Importing"}[label],
                unit="row",
                file=sys.stderr,
                disable=no_progress,
                leave=False,
            )
            bars.append(bar)
            return bar.update

        try:
            source = read_source(path)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = import_source(source, dry_run=dry_run, progress=progress)
        finally:
            for bar in bars:
                bar.close()
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.ok:
            for problem in report.rejected:
                self.stderr.write(f"rejected: {problem}")
            raise CommandError(
                f"Nothing was imported: {report.rejected_rows} of {report.rows} rows rejected "
                f"({len(report.rejected)} problems)."
            )
        if dry_run:
            self.stdout.write(f"Checked {report.rows} rows: all can be imported (dry run).")
            return
        created = sum(report.created.values())
        updated = sum(report.updated.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.rows} rows: {created} new, {updated} updated "
                f"({report.created.get('service', 0) + report.updated.get('service', 0)} services)."
            )
        )
