"""Read queries of the meetings app."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from matchmaking.models import Buyer, Event, Exhibitor
from meetings.models import ACTIVE_MEETING, Meeting, MeetingRequest, Slot


def _agenda(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return (
        qs.filter(ACTIVE_MEETING)
        .select_related("slot", "slot__event", "slot__day", "buyer", "exhibitor", "location", "exhibitor_member__user")
        .order_by("slot__starts_at")
    )


def agenda_for_buyer(buyer: Buyer) -> QuerySet[Meeting]:
    """The buyer's active meetings in time order, ready to display (no further queries per row)."""
    return _agenda(Meeting.objects.filter(buyer=buyer))


def agenda_for_exhibitor(exhibitor: Exhibitor) -> QuerySet[Meeting]:
    """The exhibitor's active meetings in time order, ready to display."""
    return _agenda(Meeting.objects.filter(exhibitor=exhibitor))


def requests_by_status(qs: QuerySet[MeetingRequest]) -> dict[str, int]:
    """{status: count} over the given requests."""
    return {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk")).order_by()}


def meetings_by_status(event: Event) -> dict[str, int]:
    return {
        row["status"]: row["n"]
        for row in Meeting.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    }


def event_slots(event: Event) -> QuerySet[Slot]:
    return Slot.objects.filter(event=event).select_related("day").order_by("starts_at")
