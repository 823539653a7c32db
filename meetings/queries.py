"""Read queries of the meetings app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from matchmaking.enums import SlotConfirmation
from matchmaking.models import Buyer, Event, EventDay, Exhibitor, User
from meetings import realtime
from meetings.enums import MeetingStatus
from meetings.models import ACTIVE_MEETING, AvailabilityBlock, ChangeLog, Meeting, MeetingRequest, Slot


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


# --- Live updates ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveAudience:
    """What one user may follow live at one event: their profiles' changes, or everything as an organiser."""

    event: Event
    buyer_ids: tuple[int, ...] = ()
    exhibitor_ids: tuple[int, ...] = ()
    organiser: bool = False

    def groups(self) -> list[str]:
        """The channel groups this user joins; the same filter as `changes_since`."""
        if self.organiser:
            return [realtime.group_organisers(self.event.pk)]
        return [realtime.group_buyer(self.event.pk, b) for b in self.buyer_ids] + [
            realtime.group_exhibitor(self.event.pk, e) for e in self.exhibitor_ids
        ]


def live_audience(*, user: User, slug: str) -> LiveAudience | None:
    """The user's audience at the event `slug`, or None when they hold no role there (or are not logged in).
    Superusers and the event's organisers follow the whole event."""
    if not user.is_authenticated or not user.is_active:
        return None
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        return None
    if user.is_superuser or event.organisers.filter(user=user).exists():
        return LiveAudience(event=event, organiser=True)
    buyers = tuple(Buyer.objects.filter(event=event, team__user=user).values_list("pk", flat=True))
    exhibitors = tuple(Exhibitor.objects.filter(event=event, team__user=user).values_list("pk", flat=True))
    if not buyers and not exhibitors:
        return None
    return LiveAudience(event=event, buyer_ids=buyers, exhibitor_ids=exhibitors)


def changes_since(*, audience: LiveAudience, since: int, limit: int = 500) -> list[ChangeLog]:
    """The audience's change-log rows with id > `since`, oldest first, at most `limit` + 1 of them (one more
    than the limit tells the caller there are too many to replay)."""
    qs = ChangeLog.objects.filter(event=audience.event, id__gt=since)
    if not audience.organiser:
        qs = qs.filter(
            Q(buyer_id__in=audience.buyer_ids)
            | Q(exhibitor_id__in=audience.exhibitor_ids)
            | Q(buyer__isnull=True, exhibitor__isnull=True, action__in=realtime.EVERYONE_ACTIONS)
        )
    return list(qs.order_by("id")[: limit + 1])


def changes_after(*, since: int, limit: int = 500) -> list[ChangeLog]:
    """Every event's change-log rows with id > `since`, oldest first (the one-process relay's feed)."""
    return list(ChangeLog.objects.filter(id__gt=since).order_by("id")[:limit])


def latest_version() -> int:
    """The newest change-log id (0 when empty): a page rendered now shows everything up to it."""
    return ChangeLog.objects.aggregate(v=Max("id"))["v"] or 0


CATCH_UP_LIMIT = 500


def live_catch_up(*, audience: LiveAudience, since: int, limit: int = CATCH_UP_LIMIT) -> list[dict]:
    """The messages that bring a client at version `since` up to date: one per missed change (the live
    payload), or {"type": "resync"} when more than `limit` were missed (re-fetch everything), then
    {"type": "caught_up", "version": v} with the version to resume from."""
    rows = changes_since(audience=audience, since=since, limit=limit)
    if len(rows) > limit:
        version = latest_version()
        return [{"type": "resync", "version": version}, {"type": "caught_up", "version": version}]
    messages: list[dict] = [realtime.Change.from_row(row).payload() for row in rows]
    messages.append({"type": "caught_up", "version": rows[-1].pk if rows else since})
    return messages


# --- Exhibitor portal ---------------------------------------------------------------------------------------


def exhibitor_incoming_requests(exhibitor: Exhibitor, *, limit: int = 50) -> list[MeetingRequest]:
    """Buyers' pending, unexpired requests to `exhibitor`, most wanted first, each with `.recommendation` (the
    pair's stored Recommendation or None). A fixed number of queries whatever the number of rows."""
    from django.utils import timezone

    from matchmaking.models import Recommendation
    from meetings.enums import RequestDirection, RequestStatus

    # Requests past their answer time cannot be accepted any more (the expiry sweep marks them soon).
    rows = list(
        exhibitor.meeting_requests.filter(status=RequestStatus.PENDING, direction=RequestDirection.BUYER_TO_EXHIBITOR)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("buyer", "sent_by")
        .order_by("-priority", "created_at")[:limit]
    )
    recs = {
        r.buyer_id: r
        for r in Recommendation.objects.filter(exhibitor=exhibitor, buyer_id__in=[row.buyer_id for row in rows])
    }
    for row in rows:
        row.recommendation = recs.get(row.buyer_id)  # type: ignore[attr-defined]
    return rows


def exhibitor_meetings(exhibitor: Exhibitor, *, status: str | None = None) -> QuerySet[Meeting]:
    """The exhibitor's active meetings in time order (only those in `status` when given), ready to display."""
    qs = _agenda(Meeting.objects.filter(exhibitor=exhibitor)).select_related("request")
    return qs.filter(status=status) if status else qs


def exhibitor_recommended_buyers(exhibitor: Exhibitor, *, limit: int = 50) -> list:
    """The buyers ranked for `exhibitor` (Recommendation rows, best first), each with `.open_request`: the open
    request between the two (either direction) or None."""
    from matchmaking.models import Recommendation
    from meetings.models import OPEN_REQUEST

    recs = list(
        Recommendation.objects.filter(exhibitor=exhibitor, exhibitor_rank__isnull=False)
        .select_related("buyer")
        .order_by("exhibitor_rank")[:limit]
    )
    open_requests = {
        r.buyer_id: r
        for r in MeetingRequest.objects.filter(
            OPEN_REQUEST, exhibitor=exhibitor, buyer_id__in=[rec.buyer_id for rec in recs]
        )
    }
    for rec in recs:
        rec.open_request = open_requests.get(rec.buyer_id)  # type: ignore[attr-defined]
    return recs


def exhibitor_invitations(exhibitor: Exhibitor, *, limit: int = 100) -> QuerySet[MeetingRequest]:
    """Invitations the exhibitor sent to buyers, newest first, with the buyer."""
    from meetings.enums import RequestDirection

    return (
        exhibitor.meeting_requests.filter(direction=RequestDirection.EXHIBITOR_TO_BUYER)
        .select_related("buyer")
        .order_by("-created_at")[:limit]
    )


def meeting_for_participant(*, user: User, slug: str, pk: int) -> Meeting | None:
    """Meeting `pk` at event `slug` if `user` is on the buyer's or the exhibitor's team, else None."""
    return (
        Meeting.objects.filter(pk=pk, event__slug=slug)
        .filter(Q(buyer__team__user=user) | Q(exhibitor__team__user=user))
        .select_related("event", "slot", "slot__event", "slot__day", "buyer", "exhibitor", "location")
        .select_related("exhibitor_member__user")
        .distinct()
        .first()
    )


# --- Buyer portal --------------------------------------------------------------------------------------------


def buyer_requests(buyer: Buyer) -> QuerySet[MeetingRequest]:
    """The buyer's requests and invitations, newest first, each with its exhibitor and (prefetched as
    `active_meetings`) its active meeting and slot: constant queries whatever the number of rows."""
    from django.db.models import Prefetch

    active = Meeting.objects.filter(ACTIVE_MEETING).select_related("slot", "location")
    return (
        MeetingRequest.objects.filter(buyer=buyer)
        .select_related("exhibitor")
        .prefetch_related(Prefetch("meetings", queryset=active, to_attr="active_meetings"))
        .order_by("-created_at", "-pk")
    )


def buyer_requests_by_exhibitor(*, buyer: Buyer, exhibitor_ids: list[int]) -> dict[int, MeetingRequest]:
    """For each of the exhibitors, the buyer's most relevant request with it: an open one (pending or accepted)
    if any, else the newest. Two queries whatever the number of exhibitors."""
    from meetings.enums import OPEN_REQUEST_STATUSES

    found: dict[int, MeetingRequest] = {}
    for req in buyer_requests(buyer).filter(exhibitor_id__in=exhibitor_ids):
        best = found.get(req.exhibitor_id)
        if best is None or (req.status in OPEN_REQUEST_STATUSES and best.status not in OPEN_REQUEST_STATUSES):
            found[req.exhibitor_id] = req
    return found


@dataclass(frozen=True)
class RequestQuota:
    """Where a buyer stands against the event's request and meeting limits (0 as a cap means no limit); the
    same counts `meetings.services.meeting_request_create` checks."""

    pending: int
    pending_cap: int
    accepted: int
    total_cap: int
    per_day_cap: int
    days: int

    @property
    def pending_left(self) -> int | None:
        return max(0, self.pending_cap - self.pending) if self.pending_cap else None

    @property
    def meetings_cap(self) -> int | None:
        """The most meetings the buyer may have: the total cap and the daily cap × days, whichever is lower."""
        caps = [c for c in (self.total_cap, self.per_day_cap * self.days if self.per_day_cap else 0) if c]
        return min(caps) if caps else None

    @property
    def meetings_left(self) -> int | None:
        cap = self.meetings_cap
        return max(0, cap - self.accepted) if cap is not None else None

    @property
    def can_request(self) -> bool:
        return self.pending_left != 0 and self.meetings_left != 0


def buyer_request_quota(buyer: Buyer) -> RequestQuota:
    """The buyer's pending requests sent, accepted requests and the event's caps (four queries)."""
    from meetings.enums import RequestDirection, RequestStatus

    event = buyer.event
    counts = requests_by_status(MeetingRequest.objects.filter(buyer=buyer))
    pending_sent = MeetingRequest.objects.filter(
        buyer=buyer, status=RequestStatus.PENDING, direction=RequestDirection.BUYER_TO_EXHIBITOR
    ).count()
    return RequestQuota(
        pending=pending_sent,
        pending_cap=event.pending_request_cap,
        accepted=counts.get(RequestStatus.ACCEPTED, 0),
        total_cap=event.meetings_total_cap,
        per_day_cap=event.meetings_per_day_cap,
        days=buyer.days_attending.count() or event.days.count(),
    )


# --- Availability grid ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridSlot:
    slot: Slot
    blocked: bool
    meeting: Meeting | None


@dataclass(frozen=True)
class GridDay:
    day: EventDay
    attending: bool
    slots: list[GridSlot]


def availability_grid(profile: Buyer | Exhibitor) -> list[GridDay]:
    """The event's slots per day for one participant: which are blocked, which hold one of their active
    meetings, and (buyers) whether they attend that day. Four queries whatever the number of slots."""
    side = "buyer" if isinstance(profile, Buyer) else "exhibitor"
    blocked = set(AvailabilityBlock.objects.filter(**{side: profile}).values_list("slot_id", flat=True))
    meetings = {
        m.slot_id: m
        for m in Meeting.objects.filter(ACTIVE_MEETING, **{side: profile}).select_related("buyer", "exhibitor")
    }
    attending = set(profile.days_attending.values_list("pk", flat=True)) if isinstance(profile, Buyer) else set()
    days: dict[int, GridDay] = {}
    for slot in event_slots(profile.event):
        grid_day = days.get(slot.day_id)
        if grid_day is None:
            grid_day = days[slot.day_id] = GridDay(
                day=slot.day, attending=not attending or slot.day_id in attending, slots=[]
            )
        grid_day.slots.append(GridSlot(slot=slot, blocked=slot.pk in blocked, meeting=meetings.get(slot.pk)))
    return list(days.values())


def exhibitor_recommendation(*, exhibitor: Exhibitor, buyer_id: int):  # -> Recommendation | None
    """The stored Recommendation between `exhibitor` and buyer `buyer_id`, or None."""
    from matchmaking.models import Recommendation

    return Recommendation.objects.filter(exhibitor=exhibitor, buyer_id=buyer_id).select_related("buyer").first()


def exhibitor_waiting_count(exhibitor: Exhibitor) -> int:
    """How many buyers' requests wait for the exhibitor's answer (pending and not past their answer time)."""
    from django.utils import timezone

    from meetings.enums import RequestDirection, RequestStatus

    return (
        exhibitor.meeting_requests.filter(status=RequestStatus.PENDING, direction=RequestDirection.BUYER_TO_EXHIBITOR)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .count()
    )


def exhibitor_member_load(exhibitor: Exhibitor) -> dict[int | None, int]:
    """{team member id (None: nobody assigned): number of the exhibitor's proposed or confirmed meetings}."""
    from meetings.enums import MeetingStatus

    rows = (
        Meeting.objects.filter(exhibitor=exhibitor, status__in=[MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED])
        .values("exhibitor_member")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["exhibitor_member"]: row["n"] for row in rows}


def buyer_invitations_waiting(buyer: Buyer) -> int:
    """How many exhibitors' invitations wait for the buyer's answer."""
    from meetings.enums import RequestDirection, RequestStatus

    return MeetingRequest.objects.filter(
        buyer=buyer, status=RequestStatus.PENDING, direction=RequestDirection.EXHIBITOR_TO_BUYER
    ).count()


def meeting_actions_for(*, meeting: Meeting, side: str, now: datetime) -> frozenset[str]:
    """What `side` ("buyer" or "exhibitor") may do with `meeting` at `now`, as the portal offers it: a subset of
    confirm, move, check_in, no_show, cancel, feedback. The services hold the same status rules and refuse what
    does not fit; this is the one place the portal asks, so no page re-implements them."""
    slot = meeting.slot
    if slot is None:
        return frozenset()
    status, start, end = meeting.status, slot.starts_at, slot.ends_at
    allowed: set[str] = set()
    if status == MeetingStatus.PROPOSED:
        own_confirmed = meeting.exhibitor_confirmed_at if side == "exhibitor" else meeting.buyer_confirmed_at
        asked = side == "exhibitor" or slot.event.slot_confirmation == SlotConfirmation.BOTH
        if asked and own_confirmed is None:
            allowed.add("confirm")
        if now < start:
            allowed.add("move")
    checked_in = meeting.exhibitor_checked_in_at if side == "exhibitor" else meeting.buyer_checked_in_at
    in_window = slot.check_in_open(now)
    active = status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED, MeetingStatus.COMPLETED)
    if active and checked_in is None and in_window:
        allowed.add("check_in")
    if status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED):
        if now >= start:
            allowed.add("no_show")
        if now < end:
            allowed.add("cancel")
    if status in (MeetingStatus.COMPLETED, MeetingStatus.NO_SHOW, MeetingStatus.CONFIRMED) and now >= end:
        allowed.add("feedback")
    return frozenset(allowed)
