"""manage.py compute_matches --event SLUG — recompute an event's recommendations now (operator's tool)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.models import Event
from matchmaking.services import recommendations_compute


class Command(BaseCommand):
    help = "Recompute all recommendations of an event with its published match rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", required=True, help="event slug, e.g. securex-2026")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with slug “{options['event']}”.")
        stats = recommendations_compute(event=event)
        rules = f"rules v{stats.rules_version}" if stats.rules_version else "default rules"
        self.stdout.write(
            self.style.SUCCESS(
                f"{stats.pairs} recommendations ({rules}) in {stats.seconds:.1f} s: "
                f"{stats.buyers_with_matches} buyers and {stats.exhibitors_with_matches} exhibitors have matches."
            )
        )
