"""Races: concurrent placements and moves fighting for the same slots and people never double-book, and every
loser gets a clear refusal. Runs on SQLite and, in integration mode, on PostgreSQL (real threads, real
connections, real transactions)."""

from __future__ import annotations

import threading
from datetime import time

import pytest
from django.db import connection
from django.db.models import Count

from matchmaking.enums import EventPhase
from meetings.enums import MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, Meeting, Slot
from meetings.services import PlacementError, WorkflowError, meeting_place_fast, meeting_reschedule, slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingFactory,
    MeetingRequestFactory,
    OrganiserFactory,
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
