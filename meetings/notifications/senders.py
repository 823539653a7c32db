"""What the task worker and the sweep run: turn a fact (ids) into notifications for the right people.

Every function is safe to run twice: notifications are keyed (see delivery.notification_create), so a task run
again after a worker restart, or the sweep repeating what a task already did, writes and sends nothing new.
Each returns how many notifications it wrote.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone, translation
from django.utils.formats import date_format

from matchmaking.enums import EventPhase
from matchmaking.models import Event, EventDay, Exhibitor, User
from meetings.enums import RequestDirection, RequestStatus
from meetings.models import Announcement, Meeting, MeetingRequest
from meetings.notifications import compose
from meetings.notifications.delivery import (
    deliveries_reap_stale,
    deliveries_retry_due,
    notification_create,
    wants_digest,
)
from meetings.notifications.enums import NotificationKind

REQUEST_KINDS = (
    NotificationKind.REQUEST_RECEIVED,
    NotificationKind.REQUEST_ACCEPTED,
    NotificationKind.REQUEST_DECLINED,
    NotificationKind.REQUEST_EXPIRED,
)
ON_AGENDA = compose.ON_AGENDA


def _meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("event", "slot", "buyer", "exhibitor", "location", "exhibitor_member__user")
        .filter(pk=meeting_id)
        .first()
    )


def _create(user: User, event: Event, kind: str, key: str, build, **links) -> int:
    with translation.override(user.language), timezone.override(event.tz):
        message = build()
    return 1 if notification_create(user=user, event=event, kind=kind, key=key, message=message, **links) else 0


def notify_run(
    *, kind: str, object_id: int, actor_id: int | None, slot_id: int | None = None, version: int | None = None
) -> int:
    """A request or meeting change (queued by meetings.notifications.hooks after commit)."""
    if kind in REQUEST_KINDS:
        req = MeetingRequest.objects.select_related("event", "buyer", "exhibitor").filter(pk=object_id).first()
        if req is None or not compose.request_is_current(req, kind):
            return 0
        return sum(
            _create(
                r.user,
                req.event,
                kind,
                f"{kind}:{req.pk}:{r.user.pk}",
                lambda r=r: compose.request_message(req, kind, r.side),
                request=req,
            )
            for r in compose.request_recipients(req, kind)
        )
    meeting = _meeting(object_id)
    if meeting is None or not compose.meeting_is_current(meeting, kind, slot_id):
        return 0
    return sum(
        _create(
            r.user,
            meeting.event,
            kind,
            f"{kind}:{meeting.pk}:{slot_id}:{version}:{r.user.pk}",
            lambda r=r: compose.meeting_message(meeting, kind, r.side),
            meeting=meeting,
        )
        for r in compose.meeting_sides(meeting, actor_id)
    )


def reminder_send(*, meeting_id: int, slot_id: int, now: datetime | None = None) -> int:
    """Remind both sides of a meeting that starts soon. Nothing for a meeting that was cancelled or moved away
    from `slot_id` (its move queued a reminder for the new slot), nor once it has started."""
    now = now or timezone.now()
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.slot is None or meeting.slot_id != slot_id or meeting.status not in ON_AGENDA:
        return 0
    lead = meeting.event.reminder_minutes
    if not lead or not (meeting.slot.starts_at - timedelta(minutes=lead) <= now + timedelta(seconds=30)):
        return 0  # too early (a task never runs early; a sweep might look too soon)
    if now >= meeting.slot.starts_at:
        return 0
    minutes = max(1, math.ceil((meeting.slot.starts_at - now).total_seconds() / 60))
    kind = NotificationKind.REMINDER
    return sum(
        _create(
            r.user,
            meeting.event,
            kind,
            f"{kind}:{meeting.pk}:{slot_id}:{r.user.pk}",
            lambda r=r: compose.meeting_message(meeting, kind, r.side, minutes=minutes),
            meeting=meeting,
        )
        for r in compose.reminder_recipients(meeting)
    )


def digest_send(*, event: Event, day: date) -> int:
    """Each participant's agenda for `day` (a show day), to everyone on their team who wants the digest and has
    meetings that day."""
    meetings = list(
        Meeting.objects.filter(event=event, status__in=ON_AGENDA, slot__day__date=day)
        .select_related("slot", "buyer", "exhibitor", "location", "exhibitor_member__user")
        .order_by("slot__starts_at", "pk")
    )
    by_side: dict[tuple[str, int], list[Meeting]] = {}
    for m in meetings:
        by_side.setdefault(("buyer", m.buyer_id), []).append(m)
        by_side.setdefault(("exhibitor", m.exhibitor_id), []).append(m)
    kind = NotificationKind.DIGEST
    count = 0
    for (side, profile_id), items in by_side.items():
        for user in compose.team_users(**{f"{side}_id": profile_id}):
            if not wants_digest(user):
                continue
            count += _create(
                user,
                event,
                kind,
                f"{kind}:{event.pk}:{day.isoformat()}:{user.pk}",
                lambda side=side, items=items: compose.digest_message(event, side, items, date_format(day, "l, j E")),
            )
    return count


def nudge_send(*, exhibitor_id: int, now: datetime | None = None) -> int:
    """Remind an exhibitor's team of buyers' requests unanswered for longer than the event allows (at most once a
    day per person)."""
    now = now or timezone.now()
    exhibitor = Exhibitor.objects.select_related("event").filter(pk=exhibitor_id).first()
    if exhibitor is None or not exhibitor.event.nudge_after_hours:
        return 0
    event = exhibitor.event
    waiting = MeetingRequest.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        exhibitor=exhibitor,
        status=RequestStatus.PENDING,
        direction=RequestDirection.BUYER_TO_EXHIBITOR,
        created_at__lte=now - timedelta(hours=event.nudge_after_hours),
    )
    stats = waiting.aggregate(oldest=Min("created_at"))
    count = waiting.count()
    if not count:
        return 0
    hours = int((now - stats["oldest"]).total_seconds() // 3600)
    today = timezone.localtime(now, event.tz).date().isoformat()
    kind = NotificationKind.NUDGE
    return sum(
        _create(
            user,
            event,
            kind,
            f"{kind}:{exhibitor.pk}:{today}:{user.pk}",
            lambda: compose.nudge_message(event, count, hours),
        )
        for user in compose.team_users(exhibitor_id=exhibitor.pk)
    )


def announcement_deliver(*, announcement_id: int) -> int:
    """Write an organiser's announcement to each of its recipients (their e-mail goes out as usual)."""
    from meetings.notifications.queries import audience_users

    announcement = Announcement.objects.select_related("event").filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    event = announcement.event
    kind = NotificationKind.ANNOUNCEMENT
    return sum(
        _create(
            user,
            event,
            kind,
            f"{kind}:{announcement.pk}:{user.pk}",
            lambda: compose.announcement_message(event, announcement.subject, announcement.body),
        )
        for user in audience_users(event=event, audience=announcement.audience)
    )


# --- The sweep ------------------------------------------------------------------------------------------------


def due_notifications_send(*, now: datetime | None = None) -> dict[str, int]:
    """Send everything that is due and not yet sent: reminders, today's digests, nudges, e-mail retries; report
    deliveries a dead worker left behind. Idempotent (run it every few minutes; twice in a row sends nothing new).
    Returns counts by kind."""
    now = now or timezone.now()
    counts = {"reminders": 0, "digests": 0, "nudges": 0, "retried": 0, "stale": 0}
    events = list(Event.objects.exclude(phase__in=[EventPhase.DRAFT, EventPhase.CLOSED]))
    for event in events:
        if event.reminder_minutes:
            soon = Meeting.objects.filter(
                event=event,
                status__in=ON_AGENDA,
                slot__starts_at__gt=now,
                slot__starts_at__lte=now + timedelta(minutes=event.reminder_minutes),
            ).values_list("pk", "slot_id")
            for meeting_id, slot_id in list(soon):
                counts["reminders"] += reminder_send(meeting_id=meeting_id, slot_id=slot_id, now=now)
        local = timezone.localtime(now, event.tz)
        day = EventDay.objects.filter(event=event, date=local.date()).first()
        if day is not None and event.digest_time <= local.time() < day.closes:
            counts["digests"] += digest_send(event=event, day=day.date)
        if event.nudge_after_hours:
            late = (
                MeetingRequest.objects.filter(
                    event=event,
                    status=RequestStatus.PENDING,
                    direction=RequestDirection.BUYER_TO_EXHIBITOR,
                    created_at__lte=now - timedelta(hours=event.nudge_after_hours),
                )
                .values_list("exhibitor_id", flat=True)
                .distinct()
            )
            for exhibitor_id in list(late):
                counts["nudges"] += nudge_send(exhibitor_id=exhibitor_id, now=now)
    counts["retried"] = deliveries_retry_due(now=now)
    counts["stale"] = deliveries_reap_stale(now=now)
    return counts
