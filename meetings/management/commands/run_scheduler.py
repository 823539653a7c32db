"""manage.py run_scheduler --event SLUG [--time-limit S] — schedule all accepted requests now (operator's tool)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.models import Event
from meetings.enums import ScheduleRunStatus
from meetings.models import ScheduleRun
from meetings.services.schedule import MAX_TIME_LIMIT, ScheduleRunBusy, schedule_run_execute


class Command(BaseCommand):
    help = "Run the scheduler for an event in this process and print its report (confirmed meetings stay put)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", required=True, help="event slug, e.g. securex-2026")
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds for the solver (default 10)")
        parser.add_argument("--workers", type=int, default=2, help="CP-SAT worker threads (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with slug “{options['event']}”.")
        if not 1 <= options["time_limit"] <= MAX_TIME_LIMIT:
            raise CommandError(f"--time-limit must be between 1 and {MAX_TIME_LIMIT:.0f} seconds.")
        if ScheduleRun.objects.filter(
            event=event, status__in=[ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING]
        ).exists():
            raise CommandError(str(ScheduleRunBusy("Another run of this event is queued or running.")))
        run = ScheduleRun.objects.create(
            event=event, parameters={"time_limit": options["time_limit"], "workers": options["workers"]}
        )
        run = schedule_run_execute(run=run)
        if run.status != ScheduleRunStatus.SUCCEEDED:
            raise CommandError(f"Run {run.pk} {run.status}: {run.error}")
        r = run.report
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk}: {r['scheduled']}/{r['requests']} requests scheduled, weight {r['weight']} of at most "
                f"{r['upper_bound']} (gap {r['gap_percent']} %), breaks {r['breaks_total']} (max {r['breaks_max']}), "
                f"{r['seconds']} s."
            )
        )
        changes = r["changes"]
        self.stdout.write(
            f"Changes: {changes['created']} new, {changes['moved']} moved, {changes['kept']} kept, "
            f"{changes['cancelled']} cancelled, {changes['locked']} locked meetings untouched."
        )
        for item in r["unscheduled"][:20]:
            self.stdout.write(f"  not placed: request {item['request']} ({item['exhibitor_name']}): {item['reason']}")
        if len(r["unscheduled"]) > 20:
            self.stdout.write(f"  … and {len(r['unscheduled']) - 20} more (see the run's report)")
