"""Races: concurrent placements and moves fighting for the same slots and people never double-book, and every
loser gets a clear refusal. Runs on SQLite and, in integration mode, on PostgreSQL (real threads, real
connections, real transactions)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import time

import pytest
from django.db import connection
from django.db.models import Count

from matchmaking.enums import EventPhase
from meetings.enums import ChangeAction, MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, ChangeLog, Meeting, Slot
from meetings.services import (
    PlacementError,
    WorkflowError,
    meeting_cancel,
    meeting_place_fast,
    meeting_request_accept,
    meeting_request_cancel,
    meeting_reschedule,
    slots_generate,
)
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
    TeamMemberFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def _run_concurrently(calls):
    """Start every call at once; return each call's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _no_double_booking(event):
    active = Meeting.objects.filter(ACTIVE_MEETING, event=event)
    assert not active.values("buyer", "slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not active.values("exhibitor", "slot", "exhibitor_seat").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_twenty_buyers_race_for_one_exhibitors_five_slots():
    event = EventFactory(phase=EventPhase.PUBLISHED)
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    exhibitor = ExhibitorFactory(event=event, parallel_meetings=1)
    requests = [
        MeetingRequestFactory(event=event, exhibitor=exhibitor, buyer=BuyerFactory(event=event), status="accepted")
        for _ in range(20)
    ]
    results = _run_concurrently([lambda r=r: meeting_place_fast(request=r) for r in requests])
    placed = [r for r in results if isinstance(r, Meeting)]
    refused = [r for r in results if isinstance(r, PlacementError)]
    assert len(placed) == 5 and len(refused) == 15, results
    assert all(r.reason for r in refused)
    _no_double_booking(event)
    assert Meeting.objects.filter(ACTIVE_MEETING, exhibitor=exhibitor).count() == 5


def test_organisers_racing_to_move_meetings_into_one_slot():
    event = EventFactory()
    EventDayFactory(event=event, opens=time(10), closes=time(17))
    slots_generate(event=event)
    slots = list(Slot.objects.filter(event=event))
    organiser = OrganiserFactory(event=event).user
    buyer = BuyerFactory(event=event)
    meetings = [
        MeetingFactory(
            request__event=event,
            request__buyer=buyer,
            request__status=RequestStatus.ACCEPTED,
            slot=slots[i + 1],
            status=MeetingStatus.CONFIRMED,
        )
        for i in range(8)
    ]
    target = slots[0]
    results = _run_concurrently(
        [lambda m=m: meeting_reschedule(meeting=m, slot=target, by_user=organiser) for m in meetings]
    )
    moved = [r for r in results if isinstance(r, Meeting)]
    refused = [r for r in results if isinstance(r, WorkflowError)]
    assert len(moved) == 1 and len(refused) == 7, results
    assert {r.code for r in refused} == {"slot_taken"}
    _no_double_booking(event)
    assert Meeting.objects.filter(ACTIVE_MEETING, buyer=buyer, slot=target).count() == 1


# --- The mixed scenario (issue #8): accepts, fast-path placements, reschedules and cancels all at once -----------
#
# Plain functions so bench/races.py runs the same scenario at a larger scale. `race_world` builds one published
# event whose people are over-subscribed; `race_operations` makes the fighting calls; `race_run` starts them on
# real threads (each with its own database connection); `race_check` lists every broken guarantee.

RACE_ERRORS = (WorkflowError, PlacementError)


class RaceWorld:
    """One published event: `exhibitors` × `buyers` pairs split into placed meetings, pending and accepted
    requests; everyone has far fewer free slots than pairs, so the operations fight for slots and people."""

    def __init__(self, *, exhibitors: int = 4, buyers: int = 12, closes: int = 13) -> None:
        self.event = EventFactory(phase=EventPhase.PUBLISHED)
        EventDayFactory(event=self.event, opens=time(10), closes=time(closes))
        slots_generate(event=self.event)
        self.slots = list(Slot.objects.filter(event=self.event).order_by("starts_at"))
        self.organiser = OrganiserFactory(event=self.event).user
        self.exhibitors = [ExhibitorFactory(event=self.event, parallel_meetings=1) for _ in range(exhibitors)]
        self.buyers = [BuyerFactory(event=self.event) for _ in range(buyers)]
        self.exhibitor_users = {e.pk: TeamMemberFactory(exhibitor=e).user for e in self.exhibitors}
        self.buyer_users = {b.pk: TeamMemberFactory(exhibitor=None, buyer=b).user for b in self.buyers}
        pairs = [(b, e) for b in self.buyers for e in self.exhibitors]
        self.meetings: list[Meeting] = []
        self.pending: list = []
        self.accepted: list = []
        for i, (buyer, exhibitor) in enumerate(pairs):
            kind = i % 3
            if kind == 0:
                req = MeetingRequestFactory(
                    event=self.event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.ACCEPTED
                )
                try:
                    self.meetings.append(meeting_place_fast(request=req))
                except PlacementError:
                    self.accepted.append(req)
            elif kind == 1:
                self.pending.append(MeetingRequestFactory(event=self.event, buyer=buyer, exhibitor=exhibitor))
            else:
                self.accepted.append(
                    MeetingRequestFactory(event=self.event, buyer=buyer, exhibitor=exhibitor, status="accepted")
                )
        self.initial = {m.pk: (m.slot_id, m.version) for m in Meeting.objects.filter(event=self.event)}
        self.since = ChangeLog.objects.latest("id").pk


def race_operations(world: RaceWorld, *, total: int = 200, seed: int = 8) -> list[tuple[str, int, Callable]]:
    """`total` calls, (kind, object id, call): a quarter each of accepts (several per pending request),
    fast-path placements (several per accepted request), organiser reschedules into random slots, and cancels
    (half of meetings, half of accepted requests that are also being placed)."""
    rng = random.Random(seed)
    quarter = total // 4
    ops: list[tuple[str, int, Callable]] = []
    for i in range(quarter):
        req = world.pending[i % len(world.pending)]
        user = world.exhibitor_users[req.exhibitor_id]
        ops.append(("accept", req.pk, lambda r=req, u=user: meeting_request_accept(request=r, by_user=u)))
    for i in range(quarter):
        req = world.accepted[i % len(world.accepted)]
        ops.append(("place", req.pk, lambda r=req: meeting_place_fast(request=r)))
    for _ in range(quarter):
        meeting, slot = rng.choice(world.meetings), rng.choice(world.slots)
        ops.append(
            (
                "reschedule",
                meeting.pk,
                lambda m=meeting, s=slot: meeting_reschedule(meeting=m, slot=s, by_user=world.organiser),
            )
        )
    for i in range(total - len(ops)):
        if i % 2:
            meeting = world.meetings[i % len(world.meetings)]
            user = world.buyer_users[meeting.buyer_id]
            ops.append(("cancel", meeting.pk, lambda m=meeting, u=user: meeting_cancel(meeting=m, by_user=u)))
        else:
            req = world.accepted[i % len(world.accepted)]
            user = world.buyer_users[req.buyer_id]
            ops.append(("cancel_request", req.pk, lambda r=req, u=user: meeting_request_cancel(request=r, by_user=u)))
    rng.shuffle(ops)
    return ops


def race_run(ops: list[tuple[str, int, Callable]], *, threads: int = 40) -> list[object]:
    """Run every call on `threads` real threads (each its own connection), all starting together; returns each
    call's result or exception, in `ops` order."""
    results: list[object] = [None] * len(ops)
    queue = list(enumerate(ops))
    lock = threading.Lock()
    barrier = threading.Barrier(min(threads, len(ops)))

    def worker() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    i, (_kind, _pk, call) = queue.pop()
                try:
                    results[i] = call()
                except Exception as exc:  # collected and judged by race_check
                    results[i] = exc
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(min(threads, len(ops)))]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=300)
    return results


def race_check(world: RaceWorld, ops: list[tuple[str, int, Callable]], results: list[object]) -> dict:
    """Counts (ops, successes, conflicts, errors, double bookings) and `problems`: every broken guarantee."""
    problems: list[str] = []
    errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, RACE_ERRORS)]
    problems += [f"raw error: {type(r).__name__}: {r}" for r in errors]
    conflicts = [r for r in results if isinstance(r, RACE_ERRORS)]
    problems += [f"refusal without a code or message: {r!r}" for r in conflicts if not (r.code and str(r))]
    active = Meeting.objects.filter(ACTIVE_MEETING, event=world.event)
    doubles = sum(
        rows.values(*fields).annotate(n=Count("pk")).filter(n__gt=1).count()
        for rows, fields in (
            (active, ("buyer", "slot")),
            (active, ("exhibitor", "slot", "exhibitor_seat")),
            (active.filter(exhibitor_member__isnull=False), ("exhibitor_member", "slot")),
            (active.filter(location__isnull=False), ("location", "slot")),
        )
    )
    if doubles:
        problems.append(f"{doubles} double bookings")
    log = list(ChangeLog.objects.filter(event=world.event, id__gt=world.since).order_by("id"))
    succeeded: dict[tuple[str, int], int] = {}
    for (kind, pk, _call), result in zip(ops, results, strict=True):
        if not isinstance(result, Exception):
            succeeded[(kind, pk)] = succeeded.get((kind, pk), 0) + 1
    # Accepts: one winner per pending request, logged once; the others were told it is no longer pending.
    for req in world.pending:
        answered = [c for c in log if c.action == ChangeAction.REQUEST_ANSWERED and c.object_id == req.pk]
        wins = succeeded.get(("accept", req.pk), 0)
        tried = any(kind == "accept" and pk == req.pk for kind, pk, _ in ops)
        if tried and (wins != 1 or len(answered) != 1):
            problems.append(f"request {req.pk}: {wins} accepts succeeded, {len(answered)} logged")
    # Request cancels: at most one winner each, and the request is cancelled exactly when one won.
    for req in world.accepted:
        req.refresh_from_db()
        wins = succeeded.get(("cancel_request", req.pk), 0)
        if wins > 1 or (wins == 1) != (req.status == RequestStatus.CANCELLED):
            problems.append(f"request {req.pk}: {wins} cancels succeeded, status {req.status}")
        if req.status == RequestStatus.CANCELLED and Meeting.objects.filter(ACTIVE_MEETING, request=req).exists():
            problems.append(f"request {req.pk} is cancelled but still has an active meeting")
    # Meetings: every change bumped the version once (none lost), and the moves form one chain from the
    # initial slot to the final one (no move was based on a stale slot).
    for meeting in Meeting.objects.filter(pk__in=world.initial):
        first_slot, first_version = world.initial[meeting.pk]
        mine = [c for c in log if c.object_type == "meeting" and c.object_id == meeting.pk]
        if meeting.version != first_version + len(mine):
            problems.append(f"meeting {meeting.pk}: version {meeting.version} after {len(mine)} changes")
        slot = first_slot
        for change in mine:
            if change.action == ChangeAction.MEETING_RESCHEDULED:
                if change.data.get("from_slot") != slot:
                    problems.append(f"meeting {meeting.pk}: moved from {change.data.get('from_slot')}, was in {slot}")
                slot = change.data.get("to_slot")
        if slot != meeting.slot_id:
            problems.append(f"meeting {meeting.pk}: log ends in slot {slot}, row is in {meeting.slot_id}")
        cancels = sum(1 for c in mine if c.action == ChangeAction.MEETING_CANCELLED)
        if cancels > 1:
            problems.append(f"meeting {meeting.pk} cancelled {cancels} times")
    # New meetings: each proposed exactly once.
    for meeting in Meeting.objects.filter(event=world.event).exclude(pk__in=world.initial):
        proposed = [c for c in log if c.action == ChangeAction.MEETING_PROPOSED and c.object_id == meeting.pk]
        if len(proposed) != 1:
            problems.append(f"new meeting {meeting.pk} proposed {len(proposed)} times")
    return {
        "ops": len(ops),
        "succeeded": sum(succeeded.values()),
        "conflicts": len(conflicts),
        "errors": len(errors),
        "double_bookings": doubles,
        "problems": problems,
    }


def test_two_hundred_mixed_operations_fight_for_the_same_slots_and_people():
    world = RaceWorld()
    ops = race_operations(world, total=200)
    results = race_run(ops, threads=40)
    report = race_check(world, ops, results)
    assert report["problems"] == []
    assert report["errors"] == 0 and report["double_bookings"] == 0
    # The fight was real: many lost, and every kind of operation had winners.
    assert report["conflicts"] >= 50, report
    won = {kind for (kind, _pk, _call), r in zip(ops, results, strict=True) if not isinstance(r, Exception)}
    assert won == {"accept", "place", "reschedule", "cancel", "cancel_request"}
    _no_double_booking(world.event)
