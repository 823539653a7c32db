"""Read-only aggregations for the organiser's dashboard.

Every function runs a fixed number of queries whatever the size of the event (grouped counts, never one query
per row), returns plain dataclasses and writes nothing. Days are the event's local days (Event.tz).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from matchmaking.models import Event, Exhibitor, Recommendation
from meetings.enums import LocationKind, MeetingStatus, RequestStatus
from meetings.models import ACTIVE_MEETING, Location, Meeting, MeetingRequest, Slot

# A request window longer than this is shown as its last MAX_DAYS days (a chart of 400 bars helps nobody).
MAX_DAYS = 62


@dataclass(frozen=True)
class DayCounts:
    """Requests created on one local day, by status (every RequestStatus value is a key)."""

    day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RequestFigures:
    per_day: list[DayCounts]
    by_status: dict[str, int]
    total: int
    answered: int
    accepted: int
    # accepted / answered (accepted + declined), or None before any answer.
    acceptance_rate: float | None
    # answered / (everything that was not withdrawn by its sender), or None without requests.
    response_rate: float | None


@dataclass(frozen=True)
class SlotLoad:
    slot_id: int
    day: date
    starts_at: datetime
    meetings: int
    lounge_meetings: int


@dataclass(frozen=True)
class MeetingFigures:
    by_status: dict[str, int]
    active: int
    per_day: list[tuple[date, int]]
    per_slot: list[SlotLoad]
    busiest_slot: SlotLoad | None


@dataclass(frozen=True)
class Utilisation:
    """How much of the places' capacity (places × slots) the active meetings use, per kind of place."""

    kind: str
    label: str
    places: int
    capacity: int
    used: int
    peak: int  # most meetings of this kind in one slot

    @property
    def share(self) -> float:
        return self.used / self.capacity if self.capacity else 0.0

    @property
    def peak_share(self) -> float:
        return self.peak / self.places if self.places else 0.0


@dataclass(frozen=True)
class Spread:
    """How a count (recommendations or meetings) spreads over the event's exhibitors.

    `sorted_counts` is (company, count) per exhibitor, largest first; `histogram` maps a count range label to
    the number of exhibitors in it; `gini` is 0 for a perfectly even spread and approaches 1 when one exhibitor
    gets everything; `min_share` is the smallest count over the average (1.0 = everyone gets the average).
    """

    total: int
    exhibitors: int
    zero: int
    sorted_counts: list[tuple[str, int]]
    histogram: list[tuple[str, int]]
    gini: float
    min_count: int
    max_count: int
    mean: float
    min_share: float


@dataclass(frozen=True)
class Attendance:
    held: int
    no_shows: int
    buyer_check_ins: int
    exhibitor_check_ins: int
    confirmed: int

    @property
    def no_show_rate(self) -> float | None:
        done = self.held + self.no_shows
        return self.no_shows / done if done else None


@dataclass(frozen=True)
class Dashboard:
    exhibitors: int
    buyers: int
    slots: int
    requests: RequestFigures
    meetings: MeetingFigures
    utilisation: list[Utilisation]
    recommendation_spread: Spread
    meeting_spread: Spread
    attendance: Attendance


def request_figures(event: Event) -> RequestFigures:
    """Requests per local day of creation and status, plus acceptance and response rates. One query."""
    rows = (
        MeetingRequest.objects.filter(event=event)
        .annotate(day=TruncDate("created_at", tzinfo=event.tz))
        .values("day", "status")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    statuses = [s.value for s in RequestStatus]
    days: dict[date, dict[str, int]] = {}
    by_status = dict.fromkeys(statuses, 0)
    for row in rows:
        days.setdefault(row["day"], dict.fromkeys(statuses, 0))[row["status"]] += row["n"]
        by_status[row["status"]] += row["n"]
    per_day: list[DayCounts] = []
    if days:
        first, last = min(days), max(days)
        if event.requests_open_at is not None:  # the window's quiet first days are part of the picture
            first = min(first, event.requests_open_at.astimezone(event.tz).date())
        first = max(first, last - timedelta(days=MAX_DAYS - 1))
        per_day = [
            DayCounts(day=d, counts=days.get(d, dict.fromkeys(statuses, 0)))
            for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
        ]
    accepted = by_status[RequestStatus.ACCEPTED]
    answered = accepted + by_status[RequestStatus.DECLINED]
    total = sum(by_status.values())
    considered = total - by_status[RequestStatus.CANCELLED]
    return RequestFigures(
        per_day=per_day,
        by_status=by_status,
        total=total,
        answered=answered,
        accepted=accepted,
        acceptance_rate=accepted / answered if answered else None,
        response_rate=answered / considered if considered else None,
    )


def meeting_figures(event: Event) -> MeetingFigures:
    """Meetings by status, and active meetings per local day and per slot (every slot, empty ones too).
    Three queries."""
    by_status = dict.fromkeys([s.value for s in MeetingStatus], 0)
    for row in Meeting.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by():
        by_status[row["status"]] = row["n"]
    loads = {
        row["slot_id"]: row
        for row in Meeting.objects.filter(ACTIVE_MEETING, event=event, slot__isnull=False)
        .values("slot_id")
        .annotate(n=Count("pk"), lounge=Count("pk", filter=Q(location__kind=LocationKind.LOUNGE_TABLE)))
        .order_by()
    }
    per_slot = [
        SlotLoad(
            slot_id=pk,
            day=day,
            starts_at=starts_at,
            meetings=loads[pk]["n"] if pk in loads else 0,
            lounge_meetings=loads[pk]["lounge"] if pk in loads else 0,
        )
        for pk, day, starts_at in Slot.objects.filter(event=event)
        .order_by("starts_at")
        .values_list("pk", "day__date", "starts_at")
    ]
    per_day: dict[date, int] = {}
    for load in per_slot:
        per_day[load.day] = per_day.get(load.day, 0) + load.meetings
    busiest = max(per_slot, key=lambda s: s.meetings, default=None)
    return MeetingFigures(
        by_status=by_status,
        active=sum(s.meetings for s in per_slot),
        per_day=sorted(per_day.items()),
        per_slot=per_slot,
        busiest_slot=busiest if busiest is not None and busiest.meetings else None,
    )


def utilisation(event: Event, meetings: MeetingFigures) -> list[Utilisation]:
    """Lounge tables and booth seats: capacity used by active meetings, and the peak slot. Two queries."""
    places = {
        row["kind"]: row["n"]
        for row in Location.objects.filter(event=event, is_active=True)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    used = {
        row["location__kind"]: row["n"]
        for row in Meeting.objects.filter(ACTIVE_MEETING, event=event, location__isnull=False)
        .values("location__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    slots = len(meetings.per_slot)
    peaks = {
        LocationKind.LOUNGE_TABLE.value: max((s.lounge_meetings for s in meetings.per_slot), default=0),
        LocationKind.BOOTH_SEAT.value: max((s.meetings - s.lounge_meetings for s in meetings.per_slot), default=0),
    }
    return [
        Utilisation(
            kind=kind.value,
            label=str(kind.label),
            places=places.get(kind.value, 0),
            capacity=places.get(kind.value, 0) * slots,
            used=used.get(kind.value, 0),
            peak=peaks[kind.value],
        )
        for kind in (LocationKind.LOUNGE_TABLE, LocationKind.BOOTH_SEAT)
    ]


def gini(values: list[int]) -> float:
    """Gini coefficient of non-negative counts: 0 when all are equal (or all zero)."""
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    ordered = sorted(values)
    weighted = sum(i * x for i, x in enumerate(ordered, start=1))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 4)


def _histogram(counts: list[int], bins: int = 8) -> list[tuple[str, int]]:
    """Exhibitors per count range: "0", then equal-width ranges up to the largest count."""
    if not counts:
        return []
    top = max(counts)
    out = [("0", sum(1 for c in counts if c == 0))]
    if top == 0:
        return out
    width = max(1, -(-top // bins))  # ceiling division
    for low in range(1, top + 1, width):
        high = min(top, low + width - 1)
        label = str(low) if low == high else f"{low}–{high}"
        out.append((label, sum(1 for c in counts if low <= c <= high)))
    return out


def spread(names: dict[int, str], counts: dict[int, int]) -> Spread:
    """A Spread over every exhibitor in `names` (pk → company); missing counts are 0."""
    values = {pk: counts.get(pk, 0) for pk in names}
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], names[kv[0]]))
    numbers = list(values.values())
    total = sum(numbers)
    mean = total / len(numbers) if numbers else 0.0
    low = min(numbers, default=0)
    return Spread(
        total=total,
        exhibitors=len(numbers),
        zero=sum(1 for c in numbers if c == 0),
        sorted_counts=[(names[pk], c) for pk, c in ordered],
        histogram=_histogram(numbers),
        gini=gini(numbers),
        min_count=low,
        max_count=max(numbers, default=0),
        mean=round(mean, 2),
        min_share=round(low / mean, 3) if mean else 0.0,
    )


def exhibitor_spreads(event: Event) -> tuple[Spread, Spread]:
    """(recommendations, active meetings) per exhibitor: how evenly buyers' attention spreads. Three queries.

    A recommendation counts when the exhibitor is in a buyer's ranked list (buyer_rank set).
    """
    names = dict(Exhibitor.objects.filter(event=event).values_list("pk", "company"))
    recs = dict(
        Recommendation.objects.filter(event=event, buyer_rank__isnull=False)
        .values("exhibitor_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("exhibitor_id", "n")
    )
    meets = dict(
        Meeting.objects.filter(ACTIVE_MEETING, event=event)
        .values("exhibitor_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("exhibitor_id", "n")
    )
    return spread(names, recs), spread(names, meets)


def attendance(event: Event) -> Attendance:
    """Held meetings, no-shows and check-ins by each side. One query."""
    figures = Meeting.objects.filter(event=event).aggregate(
        held=Count("pk", filter=Q(status=MeetingStatus.COMPLETED)),
        no_shows=Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
        confirmed=Count("pk", filter=Q(status=MeetingStatus.CONFIRMED)),
        buyer_check_ins=Count("pk", filter=Q(buyer_checked_in_at__isnull=False)),
        exhibitor_check_ins=Count("pk", filter=Q(exhibitor_checked_in_at__isnull=False)),
    )
    return Attendance(**figures)


def dashboard(event: Event) -> Dashboard:
    """Everything the organiser's dashboard shows, in a fixed number of queries (11)."""
    meetings = meeting_figures(event)
    recs, meets = exhibitor_spreads(event)
    return Dashboard(
        exhibitors=len(recs.sorted_counts),
        buyers=event.buyers.count(),
        slots=len(meetings.per_slot),
        requests=request_figures(event),
        meetings=meetings,
        utilisation=utilisation(event, meetings),
        recommendation_spread=recs,
        meeting_spread=meets,
        attendance=attendance(event),
    )
