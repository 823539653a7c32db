"""Read queries of the meetings app."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from matchmaking.models import Buyer, Event, Exhibitor, User
from meetings import realtime
from meetings.models import ACTIVE_MEETING, ChangeLog, Meeting, MeetingRequest, Slot


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
        qs = qs.filter(Q(buyer_id__in=audience.buyer_ids) | Q(exhibitor_id__in=audience.exhibitor_ids))
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
