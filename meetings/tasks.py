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


@task()
def notify_meeting_change(meeting_id: int, kind: str, actor_id: int | None) -> int:
    """E-mail the other side about a moved or cancelled confirmed meeting; returns the number of e-mails."""
    from meetings.models import Meeting
    from meetings.notifications import send_meeting_change

    meeting = Meeting.objects.select_related("event", "slot", "buyer", "exhibitor").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    return send_meeting_change(meeting=meeting, kind=kind, actor_id=actor_id)
