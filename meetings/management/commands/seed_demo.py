"""manage.py seed_demo — write the Securex Uzbekistan 2026 demo event (thin wrapper over meetings.demo)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from meetings import demo


class Command(BaseCommand):
    help = "Create the Securex Uzbekistan 2026 demo event with participants, requests and meetings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--exhibitors", type=int, default=120, help="number of exhibitors (default 120)")
        parser.add_argument("--buyers", type=int, default=600, help="number of buyers (default 600)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed; the same seed gives the same data")
        parser.add_argument("--reset", action="store_true", help="replace the demo event if it exists")
        parser.add_argument("--no-matches", action="store_true", help="skip computing recommendations")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (successfully) when the demo event already exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["exhibitors"] < 1 or options["buyers"] < 1:
            self.stderr.write("--exhibitors and --buyers must be at least 1.")
            raise SystemExit(2)
        started = time.perf_counter()
        try:
            summary = demo.seed_demo(
                seed=options["seed"],
                exhibitors=options["exhibitors"],
                buyers=options["buyers"],
                reset=options["reset"],
                with_matches=not options["no_matches"],
            )
        except demo.DemoExists as exc:
            if options["if_empty"]:
                self.stdout.write(f"{exc} Nothing to do.")
                return
            self.stderr.write(f"{exc} Use --reset to replace it.")
            raise SystemExit(1) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded “{summary.event}” in {time.perf_counter() - started:.1f} s: {summary.exhibitors} exhibitors, "
                f"{summary.buyers} buyers, {summary.users} users, {summary.slots} slots, "
                f"{summary.requests} requests, {summary.meetings} meetings."
            )
        )
        self.stdout.write(
            f"Demo logins (password “{demo.DEMO_PASSWORD}”): organiser {demo.DEMO_ORGANISER}, "
            f"buyer {demo.DEMO_BUYER}, exhibitor {demo.DEMO_EXHIBITOR}"
        )
