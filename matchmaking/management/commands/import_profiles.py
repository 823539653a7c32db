"""manage.py import_profiles --event SLUG --kind exhibitors|buyers FILE — import participants (operator's tool).

Prints the report (warnings, one line per error, a summary) and exits with status 1 if anything was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.imports import MAX_BYTES, ImportKind, profiles_import
from matchmaking.models import Event


class Command(BaseCommand):
    help = "Import an event's exhibitors or buyers from a CSV or XLSX file (see docs/imports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", required=True, help="event slug, e.g. securex-2026")
        parser.add_argument("--kind", required=True, choices=ImportKind.values, help="what the file holds")
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="import the valid rows even if other rows have errors (those are reported and skipped)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with slug “{options['event']}”.")
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for the service to refuse the file; never read a huge one whole.
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        report = profiles_import(
            event=event,
            kind=options["kind"],
            filename=path.name,
            data=data,
            by_user=None,
            valid_rows_only=options["valid_rows_only"],
            dry_run=options["dry_run"],
        )
        for issue in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {issue}"))
        for issue in report.errors:
            self.stdout.write(str(issue))
        if report.refused:
            self.stdout.write(self.style.ERROR(report.summary()))
            raise CommandError(f"{len(report.errors)} error(s) in {path.name}.", returncode=1)
        self.stdout.write(self.style.SUCCESS(report.summary()))
