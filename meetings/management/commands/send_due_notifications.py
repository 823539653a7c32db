"""manage.py send_due_notifications — send every notification that is due and not yet sent: meeting reminders,
today's morning agendas, nudges about unanswered requests, e-mail retries; report e-mails a dead worker left
half-sent. Idempotent: run it every few minutes (cron, or `--every 60` beside the task worker); a second run
sends nothing twice."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from meetings.notifications.senders import due_notifications_send


class Command(BaseCommand):
    help = "Send due reminders, digests, nudges and e-mail retries (safe to run repeatedly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="Keep running, one sweep every SECONDS."
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            counts = due_notifications_send()
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Sent: {summary}."))
            if every <= 0:
                return
            time.sleep(every)
