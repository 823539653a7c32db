"""The hooks write services call inside their transaction. Each registers work for after commit and returns:
a rolled-back change notifies nobody, and nothing here talks to a mail server or blocks the request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from meetings.notifications.enums import NotificationKind

if TYPE_CHECKING:
    from matchmaking.models import User
    from meetings.models import Meeting, MeetingRequest

MOVED = "moved"
CANCELLED = "cancelled"


def _actor_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _enqueue(
    kind: str, object_id: int, actor_id: int | None, slot_id: int | None = None, version: int | None = None
) -> None:
    from meetings.tasks import notify

    kind = str(kind)
    transaction.on_commit(lambda: notify.enqueue(kind, object_id, actor_id, slot_id, version))


def _schedule_reminder(meeting: Meeting) -> None:
    """Queue the reminder for the meeting's current slot; a later move queues another and the old one finds
    the slot changed and does nothing (see delivery.reminder_send)."""
    from meetings.notifications.scheduling import reminder_schedule

    meeting_id, slot_id = meeting.pk, meeting.slot_id
    if slot_id is not None:
        transaction.on_commit(lambda: reminder_schedule(meeting_id=meeting_id, slot_id=slot_id))


def notify_request_created(*, request: MeetingRequest, actor: User | None) -> None:
    """Tell the receiving side; queue the nudge for when the request has waited too long."""
    from meetings.notifications.scheduling import nudge_schedule

    request_id = request.pk
    _enqueue(NotificationKind.REQUEST_RECEIVED, request_id, _actor_id(actor))
    transaction.on_commit(lambda: nudge_schedule(request_id=request_id))


def notify_request_answered(*, request: MeetingRequest, actor: User | None) -> None:
    """Tell the sending side that its request was accepted or declined (read from the request's status)."""
    from meetings.enums import RequestStatus

    kind = (
        NotificationKind.REQUEST_ACCEPTED
        if request.status == RequestStatus.ACCEPTED
        else NotificationKind.REQUEST_DECLINED
    )
    _enqueue(kind, request.pk, _actor_id(actor))


def notify_request_expired(*, request: MeetingRequest) -> None:
    _enqueue(NotificationKind.REQUEST_EXPIRED, request.pk, None)


def notify_meetings_proposed(*, meetings: Iterable[Meeting], actor: User | None) -> None:
    """A slot was proposed (fast path or scheduler run) for each meeting: tell both sides (not the actor's) and
    queue the reminders. A scheduler run's thousands of proposals travel as one task, not one per meeting."""
    from meetings.tasks import notify_proposed_batch

    actor_id = _actor_id(actor)
    items = [[m.pk, m.slot_id, m.version] for m in meetings if m.pk is not None and m.slot_id is not None]
    if len(items) == 1:
        meeting_id, slot_id, version = items[0]
        _enqueue(NotificationKind.SLOT_PROPOSED, meeting_id, actor_id, slot_id, version)
        transaction.on_commit(lambda: _reminder_after_commit(meeting_id, slot_id))
    elif items:
        transaction.on_commit(lambda: notify_proposed_batch.enqueue(items, actor_id))


def _reminder_after_commit(meeting_id: int, slot_id: int) -> None:
    from meetings.notifications.scheduling import reminder_schedule

    reminder_schedule(meeting_id=meeting_id, slot_id=slot_id)


def notify_meeting_confirmed(*, meeting: Meeting, actor: User | None) -> None:
    _enqueue(NotificationKind.MEETING_CONFIRMED, meeting.pk, _actor_id(actor), meeting.slot_id, meeting.version)
    _schedule_reminder(meeting)


def meeting_change_notify(*, meeting: Meeting, kind: str, actor: User | None) -> None:
    """A confirmed meeting was moved (`MOVED`) or cancelled (`CANCELLED`): tell the other side(s)."""
    if kind == MOVED:
        _enqueue(NotificationKind.MEETING_MOVED, meeting.pk, _actor_id(actor), meeting.slot_id, meeting.version)
        _schedule_reminder(meeting)
    else:
        _enqueue(NotificationKind.MEETING_CANCELLED, meeting.pk, _actor_id(actor), None, meeting.version)
