"""The scheduler adapter and services on the database: round trip, locks, failure leaves the schedule intact,
the fast path, runs through the task queue and the operator command."""

from datetime import time

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from meetings import scheduling as core
from meetings.enums import ChangeAction, LocationKind, MeetingStatus, RequestStatus, ScheduleRunStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, ChangeLog, Meeting, ScheduleRun, Slot
from meetings.scheduler import instance_build
from meetings.services import (
    PlacementError,
    ScheduleConflict,
    locations_sync,
    meeting_place_fast,
    schedule_apply,
    schedule_run_cancel,
    schedule_run_execute,
    schedule_run_start,
    slots_generate,
)
from meetings.services.schedule import ScheduleRunBusy
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """One morning, 10:00–12:00: five 20-minute slots."""
    event = EventFactory(meetings_per_day_cap=8)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    event.day = day
    return event


def _accepted(event, buyer=None, exhibitor=None, **kw):
    return MeetingRequestFactory(
        event=event,
        buyer=buyer or BuyerFactory(event=event),
        exhibitor=exhibitor or ExhibitorFactory(event=event),
        status=RequestStatus.ACCEPTED,
        **kw,
    )


def _assert_no_double_booking(event):
    active = Meeting.objects.filter(ACTIVE_MEETING, event=event)
    assert not active.values("buyer", "slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not active.values("exhibitor", "slot", "exhibitor_seat").annotate(n=Count("pk")).filter(n__gt=1).exists()
    for m in active.select_related("exhibitor"):
        assert 1 <= m.exhibitor_seat <= m.exhibitor.parallel_meetings


def test_instance_build_maps_requests_availability_and_locks(event):
    slots = list(Slot.objects.filter(event=event))
    buyer = BuyerFactory(event=event)
    buyer.days_attending.add(event.day)
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=2)
    AvailabilityBlock.objects.create(slot=slots[0], buyer=buyer)
    locked = MeetingFactory(request__event=event, request__buyer=buyer, slot=slots[2], status=MeetingStatus.CONFIRMED)
    new = _accepted(event, buyer=buyer, exhibitor=exhibitor, priority=3)
    MeetingRequestFactory(event=event, buyer=buyer, status=RequestStatus.PENDING)  # not part of the problem
    built = instance_build(event)
    ids = {m.id: m for m in built.instance.meetings}
    assert set(ids) == {f"r{locked.request_id}", f"r{new.pk}"}
    assert ids[f"r{locked.request_id}"].locked and ids[f"r{locked.request_id}"].fixed_slot == f"s{slots[2].pk}"
    assert (ids[f"r{new.pk}"].weight, ids[f"r{locked.request_id}"].weight) == (40, 20)  # must-meet vs normal
    parties = {p.id: p for p in built.instance.parties}
    assert parties[f"b{buyer.pk}"].unavailable == frozenset({f"s{slots[0].pk}"})
    assert parties[f"b{buyer.pk}"].daily_cap == 8
    assert parties[f"e{exhibitor.pk}"].capacity == 2
    assert [s.session for s in built.instance.slots] == [f"{event.day.date.isoformat()}/1"] * 5


def test_run_round_trip_places_every_request_without_double_booking(event):
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=2, booth="A1")
    TeamMemberFactory(exhibitor=exhibitor)
    TeamMemberFactory(exhibitor=exhibitor)
    locations_sync(event=event, lounge_tables=2)
    requests = [_accepted(event, exhibitor=exhibitor) for _ in range(8)]
    run = ScheduleRun.objects.create(event=event, parameters={"time_limit": 5})
    run = schedule_run_execute(run=run)
    assert run.status == ScheduleRunStatus.SUCCEEDED, run.error
    assert run.report["scheduled"] == 8 and run.report["unscheduled"] == []
    assert run.report["upper_bound"] >= run.report["weight"] > 0
    meetings = Meeting.objects.filter(ACTIVE_MEETING, event=event)
    assert meetings.count() == 8
    assert set(meetings.values_list("request_id", flat=True)) == {r.pk for r in requests}
    assert set(meetings.values_list("status", flat=True)) == {MeetingStatus.PROPOSED}
    _assert_no_double_booking(event)
    for m in meetings.select_related("location", "exhibitor_member"):
        assert m.location.kind == LocationKind.BOOTH_SEAT and m.location.number == m.exhibitor_seat
        assert m.exhibitor_member is not None and m.exhibitor_member.exhibitor_id == exhibitor.pk
    assert ChangeLog.objects.filter(event=event, action=ChangeAction.MEETING_PROPOSED).count() == 8
    assert ChangeLog.objects.filter(event=event, action=ChangeAction.SCHEDULE_PUBLISHED).count() == 1


def test_run_reports_every_unplaceable_request_with_a_reason(event):
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=1, company="Popular Cameras LLC")
    for _ in range(7):  # five slots, one table: two cannot be placed
        _accepted(event, exhibitor=exhibitor)
    run = schedule_run_execute(run=ScheduleRun.objects.create(event=event, parameters={"time_limit": 5}))
    assert run.status == ScheduleRunStatus.SUCCEEDED
    assert run.report["scheduled"] == 5
    assert len(run.report["unscheduled"]) == 2
    for item in run.report["unscheduled"]:
        assert item["exhibitor_name"] == "Popular Cameras LLC"
        assert "Popular Cameras LLC" in item["reason"] and " e" not in item["reason"].split("exhibitor")[-1][:3]


def test_rerun_keeps_confirmed_meetings_untouched(event):
    slots = list(Slot.objects.filter(event=event))
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=1)
    confirmed = MeetingFactory(
        request__event=event, request__exhibitor=exhibitor, slot=slots[3], status=MeetingStatus.CONFIRMED, locked=True
    )
    before = Meeting.objects.filter(pk=confirmed.pk).values().get()
    for _ in range(4):
        _accepted(event, exhibitor=exhibitor)
    run = schedule_run_execute(run=ScheduleRun.objects.create(event=event, parameters={"time_limit": 5}))
    assert run.status == ScheduleRunStatus.SUCCEEDED
    assert Meeting.objects.filter(pk=confirmed.pk).values().get() == before
    assert run.report["changes"]["locked"] == 1
    assert not Meeting.objects.filter(ACTIVE_MEETING, exhibitor=exhibitor, slot=slots[3]).exclude(pk=confirmed.pk)
    _assert_no_double_booking(event)


def test_apply_refuses_a_stale_result_and_writes_nothing(event):
    request = _accepted(event)
    built = instance_build(event)
    solution = core.solve(built.instance, time_limit=2)
    _accepted(event)  # someone accepts a request while the solver runs
    with pytest.raises(ScheduleConflict):
        schedule_apply(event=event, built=built, assignment=solution.assignment)
    assert not Meeting.objects.filter(request=request).exists()
    assert not ChangeLog.objects.filter(event=event).exists()


def test_failed_run_leaves_the_previous_schedule_untouched(event):
    slots = list(Slot.objects.filter(event=event))
    existing = MeetingFactory(request__event=event, slot=slots[1], status=MeetingStatus.PROPOSED)
    buyer = BuyerFactory(event=event)
    # A confirmed meeting in a slot its buyer has since blocked: the locked meetings cannot all be held.
    blocked = MeetingFactory(request__event=event, request__buyer=buyer, slot=slots[0], status=MeetingStatus.CONFIRMED)
    AvailabilityBlock.objects.create(slot=slots[0], buyer=buyer)
    before = list(Meeting.objects.order_by("pk").values())
    run = schedule_run_execute(run=ScheduleRun.objects.create(event=event, parameters={"time_limit": 3}))
    assert run.status == ScheduleRunStatus.FAILED
    assert "No schedule was written" in run.error
    assert list(Meeting.objects.order_by("pk").values()) == before
    assert existing.pk and blocked.pk


def test_cancelled_run_is_not_executed(event):
    _accepted(event)
    run = ScheduleRun.objects.create(event=event)
    schedule_run_cancel(run=run, by_user=None)
    run = schedule_run_execute(run=run)
    assert run.status == ScheduleRunStatus.CANCELLED
    assert not Meeting.objects.exists()


def test_run_start_queues_a_task_and_refuses_a_second_run(event, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        run = schedule_run_start(event=event, by_user=None, time_limit=5)
    assert run.status == ScheduleRunStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert (task.queue_name, task.args_kwargs["args"]) == ("scheduler", [run.pk])
    with pytest.raises(ScheduleRunBusy):
        schedule_run_start(event=event, by_user=None)
    with pytest.raises(ValueError):
        schedule_run_start(event=EventFactory(), by_user=None, time_limit=0)


def test_fast_path_places_in_the_best_common_free_slot(event):
    slots = list(Slot.objects.filter(event=event))
    buyer = BuyerFactory(event=event)
    exhibitor = ExhibitorFactory(event=event)
    MeetingFactory(request__event=event, request__buyer=buyer, slot=slots[2], status=MeetingStatus.CONFIRMED)
    AvailabilityBlock.objects.create(slot=slots[1], exhibitor=exhibitor)
    request = _accepted(event, buyer=buyer, exhibitor=exhibitor)
    meeting = meeting_place_fast(request=request)
    # Next to the buyer's 10:50 meeting, and not in the exhibitor's blocked 10:25: 11:15.
    assert meeting.slot_id == slots[3].pk
    assert meeting.status == MeetingStatus.PROPOSED
    assert meeting_place_fast(request=request).pk == meeting.pk  # idempotent
    assert ChangeLog.objects.filter(action=ChangeAction.MEETING_PROPOSED, object_id=meeting.pk).exists()


def test_fast_path_says_why_no_slot_fits(event):
    slots = list(Slot.objects.filter(event=event))
    exhibitor = ExhibitorFactory(event=event, company="Full Booth LLC")
    for slot in slots:
        MeetingFactory(request__event=event, request__exhibitor=exhibitor, slot=slot)
    request = _accepted(event, exhibitor=exhibitor)
    with pytest.raises(PlacementError) as info:
        meeting_place_fast(request=request)
    assert info.value.reason == "exhibitor Full Booth LLC is fully booked in every slot both are available"
    assert not Meeting.objects.filter(request=request).exists()


def test_fast_path_refuses_a_request_that_is_not_accepted(event):
    request = MeetingRequestFactory(event=event, status=RequestStatus.PENDING)
    with pytest.raises(PlacementError):
        meeting_place_fast(request=request)


def test_run_scheduler_command_prints_the_report(event, capsys):
    _accepted(event)
    call_command("run_scheduler", "--event", event.slug, "--time-limit", "3")
    out = capsys.readouterr().out
    assert "1/1 requests scheduled" in out
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--event", "no-such-show")


def test_a_run_whose_worker_died_is_marked_failed_and_a_new_run_can_start(event, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    stale = ScheduleRun.objects.create(
        event=event,
        status=ScheduleRunStatus.RUNNING,
        parameters={"time_limit": 10},
        started_at=timezone.now() - timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=False):
        new = schedule_run_start(event=event, by_user=None)
    stale.refresh_from_db()
    assert stale.status == ScheduleRunStatus.FAILED and "worker stopped" in stale.error
    assert new.status == ScheduleRunStatus.QUEUED
