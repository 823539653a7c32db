"""Queue time-bound notifications with `run_after` (the task backend holds them until then). Called after commit
by the hooks; the sweep (`manage.py send_due_notifications`) is the safety net if a queued task is lost."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from meetings.models import Meeting, MeetingRequest

log = logging.getLogger(__name__)


def reminder_schedule(*, meeting_id: int, slot_id: int) -> bool:
    """Queue the reminder of a meeting in `slot_id` for its event's lead time before the start. The task checks
    again when it runs: a meeting moved since (another reminder was queued for its new slot) or cancelled gets
    nothing. Returns whether a task was queued."""
    from meetings.tasks import send_reminder

    meeting = Meeting.objects.select_related("event", "slot").filter(pk=meeting_id, slot_id=slot_id).first()
    if meeting is None or meeting.slot is None or not meeting.event.reminder_minutes:
        return False
    now = timezone.now()
    if meeting.slot.starts_at <= now:
        return False
    when = max(now, meeting.slot.starts_at - timedelta(minutes=meeting.event.reminder_minutes))
    try:
        send_reminder.using(run_after=when).enqueue(meeting_id, slot_id)
    except Exception:  # the sweep sends it anyway
        log.exception("reminder of meeting %s not queued", meeting_id)
        return False
    return True


def nudge_schedule(*, request_id: int) -> bool:
    """Queue the nudge to the exhibitor for when a buyer's request will have waited the event's nudge time."""
    from meetings.enums import RequestDirection
    from meetings.tasks import send_nudge

    req = MeetingRequest.objects.select_related("event").filter(pk=request_id).first()
    if req is None or req.direction != RequestDirection.BUYER_TO_EXHIBITOR or not req.event.nudge_after_hours:
        return False
    when = req.created_at + timedelta(hours=req.event.nudge_after_hours)
    if req.expires_at is not None and when >= req.expires_at:
        return False  # it expires (and the buyer is told) before a nudge would be due
    try:
        send_nudge.using(run_after=when).enqueue(req.exhibitor_id)
    except Exception:
        log.exception("nudge for request %s not queued", request_id)
        return False
    return True
