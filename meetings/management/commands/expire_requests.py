"""manage.py expire_requests — expire every unanswered request past its expiry time (a safety sweep; each request
also has a task queued to run at its expiry time)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from meetings.services import meeting_requests_expire


class Command(BaseCommand):
    help = "Expire pending meeting requests whose answer time has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = meeting_requests_expire()
        self.stdout.write(self.style.SUCCESS(f"{count} request(s) expired."))
