"""Scheduler runs under faults: the task worker (a real `manage.py db_worker` process) is killed with SIGKILL in the
middle of a run, and the database refuses a write while a schedule is being written (a real trigger, not a mock).
Either way nothing of the run is written, the run says it failed, and the next run succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import time as clock
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from matchmaking.enums import EventPhase
from meetings.enums import MeetingStatus, RequestStatus, ScheduleRunStatus
from meetings.models import ChangeLog, Meeting, ScheduleRun, Slot
from meetings.services import schedule_run_execute, schedule_run_start, slots_generate
from meetings.services.schedule import ABANDONED_GRACE_SECONDS
from tests.daphne_server import ROOT, database_env
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _oversubscribed_event(*, exhibitors: int, buyers: int, per_buyer: int, placed: int):
    """An event in scheduling with more accepted requests than slots and `placed` of them already given a
    proposed (movable) meeting by an earlier run: the schedule a failed run must leave alone."""
    event = EventFactory(phase=EventPhase.SCHEDULING)
    EventDayFactory(event=event, opens=clock(10), closes=clock(14))
    slots_generate(event=event)
    slots = list(Slot.objects.filter(event=event).order_by("starts_at"))
    exhibitor_list = [ExhibitorFactory(event=event) for _ in range(exhibitors)]
    requests = []
    for b in range(buyers):
        buyer = BuyerFactory(event=event)
        for k in range(per_buyer):
            exhibitor = exhibitor_list[(b + k * 7) % exhibitors]
            requests.append(
                MeetingRequestFactory(event=event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.ACCEPTED)
            )
    for i, req in enumerate(requests[:placed]):
        MeetingFactory(request=req, slot=slots[i % len(slots)], status=MeetingStatus.PROPOSED)
    return event, OrganiserFactory(event=event).user


def _schedule(event) -> list[tuple]:
    return list(
        Meeting.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", "request_id", "slot_id", "status", "version", "exhibitor_seat", "location_id")
    )


WORKER_COMMAND = [sys.executable, "manage.py", "db_worker", "--queue-name", "scheduler", "--no-reload"]


class Worker:
    """`manage.py db_worker` for the scheduler queue in a child process, on the test database."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(database_env())
        env.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "expomatch.settings", "PYTHONUNBUFFERED": "1"})
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [*WORKER_COMMAND, "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _wait_for(run: ScheduleRun, worker: Worker, done, timeout: float) -> ScheduleRun:
    deadline = time.monotonic() + timeout
    while True:
        run.refresh_from_db()
        if done(run):
            return run
        assert worker.process.poll() is None, f"worker exited:\n{worker.output()}"
        assert time.monotonic() < deadline, f"run {run.pk} stuck at {run.status} / {run.stage}:\n{worker.output()}"
        time.sleep(0.05)


def test_worker_killed_mid_run_fails_the_run_and_keeps_the_previous_schedule():
    event, organiser = _oversubscribed_event(exhibitors=12, buyers=60, per_buyer=6, placed=20)
    before, log_before = _schedule(event), ChangeLog.objects.count()
    run = schedule_run_start(event=event, by_user=organiser, time_limit=60, workers=1)
    worker = Worker()
    try:
        run = _wait_for(run, worker, lambda r: r.stage.startswith("Solving"), timeout=60)
        worker.kill()
    finally:
        worker.stop()
    run.refresh_from_db()
    assert run.status == ScheduleRunStatus.RUNNING  # nobody is left to say otherwise...
    assert _schedule(event) == before and ChangeLog.objects.count() == log_before

    # ...until the run's time is up: then the next start marks it failed (the previous schedule is untouched).
    limit = run.parameters["time_limit"]
    ScheduleRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - timedelta(seconds=2 * limit + ABANDONED_GRACE_SECONDS + 1)
    )
    rerun = schedule_run_start(event=event, by_user=organiser, time_limit=3, workers=1)
    run.refresh_from_db()
    assert (run.status, run.stage) == (ScheduleRunStatus.FAILED, "Failed")
    assert "worker stopped" in run.error
    assert _schedule(event) == before

    worker = Worker()
    try:
        rerun = _wait_for(rerun, worker, lambda r: r.status not in ("queued", "running"), timeout=120)
    finally:
        worker.stop()
    assert rerun.status == ScheduleRunStatus.SUCCEEDED, (rerun.error, rerun.stage)
    assert Meeting.objects.filter(event=event, status=MeetingStatus.PROPOSED).count() > len(before)


def _install_failing_trigger(table: str) -> str:
    """A trigger that makes every INSERT into `table` fail inside the database; returns its name."""
    name = f"reliab_fail_{table}"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            )
        else:
            cursor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$"
            )
            cursor.execute(f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return name


def _drop_trigger(table: str, name: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


@pytest.mark.parametrize(
    "table",
    [
        Meeting._meta.db_table,  # fails on the new meetings, after the moved ones were released
        ChangeLog._meta.db_table,  # fails on the very last write, after every meeting row was written
    ],
)
def test_database_error_while_writing_a_schedule_writes_nothing(table):
    event, organiser = _oversubscribed_event(exhibitors=4, buyers=12, per_buyer=3, placed=8)
    before, log_before = _schedule(event), ChangeLog.objects.count()
    run = ScheduleRun.objects.create(event=event, created_by=organiser, parameters={"time_limit": 3, "workers": 1})
    trigger = _install_failing_trigger(table)
    try:
        run = schedule_run_execute(run=run)
    finally:
        _drop_trigger(table, trigger)
    assert run.status == ScheduleRunStatus.FAILED
    assert "injected fault" in run.error
    assert _schedule(event) == before
    assert ChangeLog.objects.count() == log_before

    again = schedule_run_execute(
        run=ScheduleRun.objects.create(event=event, created_by=organiser, parameters={"time_limit": 3, "workers": 1})
    )
    assert again.status == ScheduleRunStatus.SUCCEEDED, again.error
    assert _schedule(event) != before
