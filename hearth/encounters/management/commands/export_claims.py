"""Write a period's claims (and, optionally, the rejects report) for one organisation.

    python manage.py export_claims --start 2025-05-01 --end 2025-05-31 \\
        [--organisation SLUG] [--payer NAME] [--format csv|json] [--output PATH] [--rejects PATH]

Without --output the claims go to standard output; a summary of what was left out, and
why, goes to standard error. The export is recorded in the organisation's audit trail."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hearth.audit.models import Channel
from hearth.encounters.billing_services import claims_export_record
from hearth.encounters.claims import (
    MEMBER_ID_NOTE,
    build_claims_report,
    validate_period,
    write_output,
)
from hearth.encounters.models import Payer
from hearth.organisations.models import Organisation


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date like 2025-05-31") from exc


class _Raw:
    """Write chunks to a command's stdout as they are (OutputWrapper adds line endings)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, chunk: str) -> None:
        self.wrapper.write(chunk, ending="")


class Command(BaseCommand):
    help = "Export a period's billable encounters as claim lines, with a rejects report."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="Last day (included), YYYY-MM-DD")
        parser.add_argument("--organisation", help="Organisation slug (needed if several)")
        parser.add_argument("--payer", help="Only this payer's encounters (its name)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", help="Claims file (default: standard output)")
        parser.add_argument("--rejects", help="Also write the rejects report to this file")

    def handle(self, *args, **options):
        start, end = _day(options["start"]), _day(options["end"])
        try:
            validate_period(start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        organisation = self._organisation(options["organisation"])
        payer = self._payer(organisation, options["payer"])
        fmt = options["format"]
        report = build_claims_report(organisation=organisation, start=start, end=end, payer=payer)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                write_output(report, out, what="claims", fmt=fmt)
        else:
            write_output(report, _Raw(self.stdout), what="claims", fmt=fmt)
        if options["rejects"]:
            with open(options["rejects"], "w", encoding="utf-8", newline="") as out:
                write_output(report, out, what="rejects", fmt=fmt)
        claims_export_record(
            actor=None,
            organisation_id=organisation.pk,
            rows=report.line_count,
            rejects=report.reject_count,
            channel=Channel.COMMAND,
        )
        self._summary(report)

    def _organisation(self, slug: str | None) -> Organisation:
        if slug:
            try:
                return Organisation.objects.get(slug=slug)
            except Organisation.DoesNotExist as exc:
                raise CommandError(f"No organisation with the short name {slug!r}") from exc
        organisations = list(Organisation.objects.all()[:2])
        if len(organisations) != 1:
            raise CommandError(
                "Say which organisation with --organisation SLUG"
                if organisations
                else "There are no organisations yet"
            )
        return organisations[0]

    def _payer(self, organisation: Organisation, name: str | None) -> Payer | None:
        if not name:
            return None
        payer = Payer.objects.filter(organisation=organisation, name__iexact=name.strip()).first()
        if payer is None:
            names = Payer.objects.filter(organisation=organisation).values_list("name", flat=True)
            known = ", ".join(names)
            raise CommandError(f"No payer named {name!r}. Payers: {known or 'none yet'}")
        return payer

    def _summary(self, report) -> None:
        err = self.stderr
        err.write(
            f"{report.line_count} claim lines ({report.units_total} units); "
            f"{report.reject_count} encounters left out."
        )
        for group in report.reasons_summary(sample=0):
            err.write(f"  {group['count']:>6}  {group['label']}")
        err.write(str(MEMBER_ID_NOTE))
