"""The organiser dashboard's aggregations: right figures, and a fixed number of queries whatever the size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meetings import dashboard
from meetings.enums import LocationKind, MeetingStatus, RequestStatus
from meetings.models import MeetingRequest
from tests.factories import (
    BuyerFactory,
    EventFactory,
    ExhibitorFactory,
    LocationFactory,
    MeetingFactory,
    MeetingRequestFactory,
    RecommendationFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 10, day, hour, 0, tzinfo=UTC)


def test_request_figures_count_per_local_day_and_status_with_empty_days_filled():
    event = EventFactory()
    # 20:00 UTC on 1 Oct is 01:00 on 2 Oct in Tashkent (UTC+5): it belongs to 2 Oct.
    for created, status in [
        (_at(1, 10), RequestStatus.PENDING),
        (_at(1, 20), RequestStatus.ACCEPTED),
        (_at(2, 9), RequestStatus.DECLINED),
        (_at(4, 9), RequestStatus.ACCEPTED),
        (_at(4, 9), RequestStatus.CANCELLED),
    ]:
        r = MeetingRequestFactory(event=event, status=status)
        MeetingRequest.objects.filter(pk=r.pk).update(created_at=created)
    figures = dashboard.request_figures(event)
    assert [(d.day.day, d.total) for d in figures.per_day] == [(1, 1), (2, 2), (3, 0), (4, 2)]
    assert figures.per_day[1].counts["accepted"] == 1 and figures.per_day[1].counts["declined"] == 1
    assert figures.by_status == {"pending": 1, "accepted": 2, "declined": 1, "cancelled": 1, "expired": 0}
    assert (figures.total, figures.answered, figures.accepted) == (5, 3, 2)
    assert figures.acceptance_rate == pytest.approx(2 / 3)
    assert figures.response_rate == pytest.approx(3 / 4)  # the cancelled one is not counted


def test_request_figures_without_requests_have_no_rates():
    figures = dashboard.request_figures(EventFactory())
    assert (figures.per_day, figures.total, figures.acceptance_rate, figures.response_rate) == ([], 0, None, None)


def test_meeting_figures_count_active_meetings_per_slot_and_day_including_empty_slots():
    event = EventFactory()
    s1, s2, s3 = (SlotFactory(event=event) for _ in range(3))
    table = LocationFactory(event=event, kind=LocationKind.LOUNGE_TABLE)
    MeetingFactory(request__event=event, slot=s1, location=table)
    MeetingFactory(request__event=event, slot=s1)
    MeetingFactory(request__event=event, slot=s2, status=MeetingStatus.PROPOSED)
    MeetingFactory(request__event=event, slot=s2, status=MeetingStatus.CANCELLED)
    figures = dashboard.meeting_figures(event)
    assert [(s.slot_id, s.meetings, s.lounge_meetings) for s in figures.per_slot] == [
        (s1.pk, 2, 1),
        (s2.pk, 1, 0),
        (s3.pk, 0, 0),
    ]
    assert figures.active == 3
    assert figures.per_day == [(s1.day.date, 3)]
    assert figures.busiest_slot.slot_id == s1.pk
    assert figures.by_status["cancelled"] == 1 and figures.by_status["confirmed"] == 2


def test_utilisation_is_used_place_slots_over_places_times_slots():
    event = EventFactory()
    slots = [SlotFactory(event=event) for _ in range(4)]
    tables = [LocationFactory(event=event) for _ in range(2)]
    MeetingFactory(request__event=event, slot=slots[0], location=tables[0])
    MeetingFactory(request__event=event, slot=slots[0], location=tables[1])
    MeetingFactory(request__event=event, slot=slots[1], location=tables[0])
    lounge, booth = dashboard.utilisation(event, dashboard.meeting_figures(event))
    assert (lounge.kind, lounge.places, lounge.capacity, lounge.used, lounge.peak) == ("lounge_table", 2, 8, 3, 2)
    assert lounge.share == pytest.approx(3 / 8) and lounge.peak_share == 1.0
    assert (booth.places, booth.capacity, booth.used, booth.share) == (0, 0, 0, 0.0)


@pytest.mark.parametrize(
    ("values", "expected"), [([], 0.0), ([0, 0], 0.0), ([3, 3, 3], 0.0), ([0, 0, 0, 4], 0.75), ([1, 3], 0.25)]
)
def test_gini_is_zero_for_even_counts_and_grows_with_concentration(values, expected):
    assert dashboard.gini(values) == pytest.approx(expected)


def test_exhibitor_spreads_count_every_exhibitor_including_those_without_any():
    event = EventFactory()
    busy = ExhibitorFactory(event=event, company="Busy LLC")
    quiet = ExhibitorFactory(event=event, company="Quiet LLC")
    ExhibitorFactory(event=event, company="Nobody LLC")
    for _ in range(3):
        MeetingFactory(request__event=event, request__exhibitor=busy)
    MeetingFactory(request__event=event, request__exhibitor=quiet)
    MeetingFactory(request__event=event, request__exhibitor=quiet, status=MeetingStatus.CANCELLED)
    RecommendationFactory(event=event, exhibitor=busy, buyer_rank=1)
    RecommendationFactory(event=event, exhibitor=busy, buyer_rank=None)  # only in the exhibitor's own list
    recs, meets = dashboard.exhibitor_spreads(event)
    assert meets.sorted_counts == [("Busy LLC", 3), ("Quiet LLC", 1), ("Nobody LLC", 0)]
    assert (meets.total, meets.zero, meets.min_count, meets.max_count) == (4, 1, 0, 3)
    assert meets.min_share == 0.0
    assert meets.histogram[0] == ("0", 1)
    assert sum(n for _label, n in meets.histogram) == 3
    assert (recs.total, recs.zero) == (1, 2)


def test_attendance_counts_held_no_shows_and_check_ins():
    event = EventFactory()
    MeetingFactory(request__event=event, status=MeetingStatus.COMPLETED, buyer_checked_in_at=_at(1, 1))
    MeetingFactory(request__event=event, status=MeetingStatus.NO_SHOW, exhibitor_checked_in_at=_at(1, 1))
    MeetingFactory(request__event=event, status=MeetingStatus.CONFIRMED)
    figures = dashboard.attendance(event)
    assert (figures.held, figures.no_shows, figures.confirmed) == (1, 1, 1)
    assert (figures.buyer_check_ins, figures.exhibitor_check_ins) == (1, 1)
    assert figures.no_show_rate == 0.5


def _populate(event, n: int) -> None:
    slots = [SlotFactory(event=event) for _ in range(n)]
    table = LocationFactory(event=event)
    for i in range(n):
        buyer = BuyerFactory(event=event)
        exhibitor = ExhibitorFactory(event=event)
        MeetingFactory(
            request__event=event, request__buyer=buyer, request__exhibitor=exhibitor, slot=slots[i], location=table
        )
        MeetingRequestFactory(event=event, buyer=buyer, exhibitor=exhibitor, status=RequestStatus.DECLINED)
        RecommendationFactory(event=event, buyer=buyer, exhibitor=exhibitor, buyer_rank=1)


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_does_not_grow_with_the_event(django_assert_num_queries, n):
    event = EventFactory()
    _populate(event, n)
    with django_assert_num_queries(11):
        d = dashboard.dashboard(event)
    assert (d.exhibitors, d.buyers, d.slots, d.meetings.active) == (n, n, n, n)
    assert d.requests.total == 2 * n
