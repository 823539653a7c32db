"""Background tasks (Django Tasks API): thin entry points that take ids and call services."""

from __future__ import annotations

from django_tasks import task

from meetings.models import ScheduleRun
from meetings.services.schedule import schedule_run_execute


@task(queue_name="scheduler")
def execute_schedule_run(run_id: int) -> str:
    """Run the scheduler for ScheduleRun `run_id`; returns the run's final status."""
    run = ScheduleRun.objects.select_related("event", "created_by").get(pk=run_id)
    return schedule_run_execute(run=run).status


@task()
def expire_request(request_id: int) -> int:
    """Expire one request if it is still unanswered at its expiry time (enqueued to run then)."""
    from meetings.services.requests import meeting_requests_expire

    return meeting_requests_expire(ids=[request_id])


# --- Notifications (meetings.notifications): each takes ids and is safe to run twice ------------------------------


@task()
def notify(
    kind: str, object_id: int, actor_id: int | None, slot_id: int | None = None, version: int | None = None
) -> int:
    """Notify the people a request or meeting change concerns; returns how many notifications were written."""
    from meetings.notifications.senders import notify_run

    return notify_run(kind=kind, object_id=object_id, actor_id=actor_id, slot_id=slot_id, version=version)


@task()
def notify_proposed_batch(items: list[list[int]], actor_id: int | None) -> int:
    """Slots proposed by a scheduler run: `items` are [meeting id, slot id, version]; notify and queue reminders."""
    from meetings.notifications.enums import NotificationKind
    from meetings.notifications.scheduling import reminder_schedule
    from meetings.notifications.senders import notify_run

    written = 0
    for meeting_id, slot_id, version in items:
        kind = NotificationKind.SLOT_PROPOSED
        written += notify_run(kind=kind, object_id=meeting_id, actor_id=actor_id, slot_id=slot_id, version=version)
        reminder_schedule(meeting_id=meeting_id, slot_id=slot_id)
    return written


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one e-mail (claimed first, so never twice); returns the delivery's status."""
    from meetings.notifications.delivery import delivery_send

    return delivery_send(delivery_id=delivery_id)


@task()
def send_reminder(meeting_id: int, slot_id: int) -> int:
    """Remind both sides of a meeting in `slot_id` (queued to run the event's lead time before it starts)."""
    from meetings.notifications.senders import reminder_send

    return reminder_send(meeting_id=meeting_id, slot_id=slot_id)


@task()
def send_nudge(exhibitor_id: int) -> int:
    """Remind an exhibitor's team of requests waiting too long for an answer."""
    from meetings.notifications.senders import nudge_send

    return nudge_send(exhibitor_id=exhibitor_id)


@task()
def deliver_announcement(announcement_id: int) -> int:
    """Write an organiser's announcement to each recipient."""
    from meetings.notifications.senders import announcement_deliver

    return announcement_deliver(announcement_id=announcement_id)


@task()
def send_due_notifications() -> dict[str, int]:
    """The sweep (also `manage.py send_due_notifications`): everything due and not yet sent."""
    from meetings.notifications.senders import due_notifications_send

    return due_notifications_send()
