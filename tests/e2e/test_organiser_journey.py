"""The organiser's console in a real browser, on a small seeded Securex event: tune a rule and watch the preview
change; start a scheduler run (executed by a real task worker process) and watch its progress bar turn into the
report; upload a bad import file and read the row errors. Full-page screenshots at desktop and phone width go
to docs/screenshots/."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from matchmaking.models import Event, Exhibitor, User
from meetings.demo import DEMO_ORGANISER, DEMO_SLUG, seed_demo
from meetings.models import ACTIVE_MEETING, Meeting, MeetingRequest, ScheduleRun, Slot
from meetings.services import availability_block
from tests.daphne_server import ROOT, database_env
from tests.e2e.screens import DESKTOP, PHONE, fits_and_shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD_IMPORT = (
    "key,company,organisation_type,country,contact_email,categories\n"
    "x1,CamCo LLC,manufacturer,Uzbekistan,cam@co.example,1.1\n"
    "x2,SafeGate Integration LLC,integrator,UZ,not-an-email,1.2\n"
    "x3,,manufacturer,UZ,ok@gate.example,99.9\n"
)


@contextlib.contextmanager
def task_worker() -> Iterator[None]:
    """The real task worker (django-tasks' db_worker) in a child process on the test database, as `make run`
    starts it; only the scheduler queue, so a rules publish in another test cannot keep it busy."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(database_env())
    env.update({"DJANGO_SETTINGS_MODULE": "expomatch.settings", "PYTHONUNBUFFERED": "1"})
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in the finally block
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "scheduler", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def server(live_server):
    # pytest-django's live server (a WSGI thread on the test database): the pages poll for live changes when
    # no WebSocket is there (docs/live.md), and the scheduler run's progress comes from the run row anyway.
    return live_server.url


@pytest.fixture
def demo():
    """The Securex demo event, small, requests open. Requests are spread over the last twelve days (the seed
    writes them all "now"), so the dashboard shows a request window as it looks a week before the show."""
    seed_demo(exhibitors=30, buyers=150, with_matches=True)
    event = Event.objects.get(slug=DEMO_SLUG)
    now = timezone.now()
    for pk in MeetingRequest.objects.filter(event=event).values_list("pk", flat=True):
        MeetingRequest.objects.filter(pk=pk).update(created_at=now - timedelta(days=(pk * 7) % 12, hours=pk % 9))
    event.requests_open_at = now - timedelta(days=14)
    event.save(update_fields=["requests_open_at"])
    # The busiest exhibitor holds a press conference from the first day's lunch on: some of its accepted
    # requests cannot be placed, so the run's report has unscheduled meetings with their reasons.
    busiest = Exhibitor.objects.filter(event=event).annotate(n=Count("meeting_requests")).order_by("-n").first()
    lead = busiest.team.select_related("user").first().user
    taken = set(Meeting.objects.filter(ACTIVE_MEETING, exhibitor=busiest).values_list("slot_id", flat=True))
    free = [s for s in Slot.objects.filter(event=event).order_by("starts_at")[6:] if s.pk not in taken]
    availability_block(profile=busiest, slots=free, by_user=lead, note="Press conference")
    return event


def _page(browser: Browser, base_url: str, user: User, viewport: dict) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, viewport=viewport)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context.new_page()


def test_organiser_tunes_rules_runs_the_scheduler_and_reads_import_errors(browser: Browser, server, demo):
    organiser = User.objects.get(email=DEMO_ORGANISER)
    page = _page(browser, server, organiser, DESKTOP)
    base = f"/e/{DEMO_SLUG}/organiser"

    # Dashboard: live, with its charts and figures.
    page.goto(f"{base}/")
    expect(page.locator("[data-live-status]")).to_be_visible()
    expect(page.get_by_role("navigation", name="Organiser pages")).to_be_visible()
    expect(page.get_by_role("img", name="Requests by status per day")).to_be_visible()

    # Rules: the preview of the stored rules appears, then follows an edit without saving anything.
    page.get_by_role("link", name="Match rules").click()
    preview = page.locator("#rules-preview [data-preview=ok]")
    expect(preview).to_be_visible(timeout=20000)
    before = preview.get_attribute("data-coverage")
    page.get_by_label("Recommendations per person").fill("3")
    expect(page.locator("#rules-preview [data-preview=ok]")).not_to_have_attribute(
        "data-coverage", before, timeout=20000
    )
    expect(page.locator("#rules-preview")).to_contain_text("would get at least 3 matches")
    # A bad value: the preview names it, and saving shows the error beside the field.
    page.get_by_label("Minimum relevance").fill("7")
    expect(page.locator("#rules-preview [data-preview=invalid]")).to_contain_text("Minimum relevance")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("#id_min_score_error")).to_contain_text("between 0 and 1")
    expect(page.get_by_label("Minimum relevance")).to_have_value("7")  # what was typed is kept
    page.get_by_label("Minimum relevance").fill("0.05")
    page.get_by_label("What changed (for the history)").fill("Three recommendations each")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("tr[data-version='1']")).to_contain_text("Three recommendations each")

    # Scheduler: start a run; the worker solves it; the progress bar gives way to the report.
    with task_worker():
        page.get_by_role("link", name="Scheduler").click()
        page.get_by_label("Time limit (seconds)").fill("4")
        page.get_by_role("button", name="Start a run").click()
        expect(page.locator("progress[data-run-progress]")).to_be_visible()
        run = ScheduleRun.objects.get(event=demo)
        expect(page.locator("[data-report=run]")).to_be_visible(timeout=60000)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    expect(page.locator("[data-figure=scheduled]")).to_have_text(
        f"{run.report['scheduled']} / {run.report['requests']}"
    )
    expect(page.get_by_role("button", name="Start a run")).to_be_enabled()

    # Import: a bad file is refused with one line per problem.
    page.get_by_role("link", name="Import").click()
    page.get_by_label("What the file holds").select_option("exhibitors")
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        files=[{"name": "exhibitors.csv", "mimeType": "text/csv", "buffer": BAD_IMPORT.encode()}]
    )
    page.get_by_role("button", name="Check and import").click()
    report = page.locator("[data-report=refused]")
    expect(report).to_be_visible()
    expect(report.locator("tbody tr")).to_have_count(4)
    expect(report).to_contain_text("country")

    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        shots = page if size == "desktop" else _page(browser, server, organiser, viewport)
        for name, path in (("dashboard", "/"), ("rules", "/rules/"), ("scheduler", "/scheduler/"), ("grid", "/grid/")):
            shots.goto(base + path)
            if name == "rules":
                expect(shots.locator("#rules-preview [data-preview=ok]")).to_be_visible(timeout=20000)
            if name == "scheduler":
                expect(shots.locator("[data-report=run]")).to_be_visible()
            if name == "dashboard":
                expect(shots.locator("[data-live-status]")).to_be_visible()
            fits_and_shoot(shots, f"organiser-{name}-{size}")
        shots.goto(base + "/import/")
        shots.get_by_label("What the file holds").select_option("exhibitors")
        shots.get_by_label("File (CSV or XLSX)").set_input_files(
            files=[{"name": "exhibitors.csv", "mimeType": "text/csv", "buffer": BAD_IMPORT.encode()}]
        )
        shots.get_by_role("button", name="Check and import").click()
        expect(shots.locator("[data-report=refused]")).to_be_visible()
        fits_and_shoot(shots, f"organiser-import-{size}")
