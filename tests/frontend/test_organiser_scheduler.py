"""The scheduler page: start a run (queued for the worker), watch it, cancel it, read its report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.enums import ScheduleRunStatus
from meetings.models import ScheduleRun
from tests.factories import EventFactory, OrganiserFactory, ScheduleRunFactory

pytestmark = pytest.mark.django_db

REPORT = {
    "status": "optimal",
    "requests": 3,
    "scheduled": 2,
    "weight": 4.0,
    "upper_bound": 5.0,
    "gap_percent": 20.0,
    "breaks_total": 1,
    "breaks_max": 1,
    "min_exhibitor_share": 0.5,
    "seconds": 0.4,
    "infeasibility": [],
    "unscheduled": [
        {
            "request": 7,
            "buyer": 1,
            "exhibitor": 2,
            "buyer_name": "Metro Toshkent",
            "exhibitor_name": "CamCo LLC",
            "reason": "exhibitor CamCo LLC is fully booked in every slot both are available",
        }
    ],
    "changes": {"created": 2, "moved": 0, "kept": 0, "cancelled": 0, "locked": 0},
}


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organiser(event, login):
    return login(OrganiserFactory(event=event).user)


def test_starting_a_run_queues_it_for_the_worker(client, event, organiser, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    url = reverse("organiser-scheduler", kwargs={"slug": event.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"time_limit": "7", "workers": "1"}, follow=True)
    run = ScheduleRun.objects.get(event=event)
    assert (run.status, run.parameters, run.created_by) == (
        ScheduleRunStatus.QUEUED,
        {"time_limit": 7.0, "workers": 1},
        organiser,
    )
    assert DBTaskResult.objects.get().args_kwargs["args"] == [run.pk]
    page = response.content.decode()
    assert f"Run {run.pk} is queued." in page
    assert "<progress" in page and 'hx-trigger="every 1s' in page  # the page polls the run while it is active
    assert "Cancel the run" in page


def test_a_second_run_is_refused_while_one_is_active(client, event, organiser):
    busy = ScheduleRunFactory(event=event, status=ScheduleRunStatus.RUNNING)
    response = client.post(reverse("organiser-scheduler", kwargs={"slug": event.slug}), {"time_limit": 5, "workers": 1})
    assert response.status_code == 422
    assert f"Run {busy.pk} of this event is running." in response.content.decode()
    assert ScheduleRun.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("time_limit", "0"), ("time_limit", "9999"), ("workers", "x")])
def test_bad_run_parameters_are_field_errors(client, event, organiser, field, value):
    data = {"time_limit": "5", "workers": "1", field: value}
    response = client.post(reverse("organiser-scheduler", kwargs={"slug": event.slug}), data)
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert not ScheduleRun.objects.exists()


def test_run_fragment_shows_progress_while_running_and_stops_polling_when_done(client, event, organiser):
    run = ScheduleRunFactory(event=event, status=ScheduleRunStatus.RUNNING, progress=0.42, stage="Solving: 3 of 5 s")
    url = reverse("organiser-run-fragment", kwargs={"slug": event.slug, "pk": run.pk})
    running = client.get(url).content.decode()
    assert 'value="0.420"' in running and "Solving: 3 of 5 s" in running and "hx-trigger" in running
    ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRunStatus.SUCCEEDED, progress=1, report=REPORT)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and 'data-report="run"' in done
    assert '<dd data-figure="scheduled">2 / 3</dd>' in done
    assert "20.00 %" in done and "0.50" in done
    assert "1 request not scheduled" in done
    assert "exhibitor CamCo LLC is fully booked in every slot both are available" in done
    assert "Written: 2 new, 0 moved" in done


def test_run_of_another_event_is_404(client, event, organiser):
    run = ScheduleRunFactory(event=EventFactory())
    assert client.get(reverse("organiser-run-fragment", kwargs={"slug": event.slug, "pk": run.pk})).status_code == 404
    cancel = reverse("organiser-run-cancel", kwargs={"slug": event.slug, "pk": run.pk})
    assert client.post(cancel).status_code == 404
    run.refresh_from_db()
    assert run.status == ScheduleRunStatus.QUEUED


def test_cancelling_a_run_marks_it_cancelled(client, event, organiser):
    run = ScheduleRunFactory(event=event)
    response = client.post(reverse("organiser-run-cancel", kwargs={"slug": event.slug, "pk": run.pk}), follow=True)
    run.refresh_from_db()
    assert run.status == ScheduleRunStatus.CANCELLED
    assert "is cancelled; the schedule is unchanged" in response.content.decode()
    again = client.post(reverse("organiser-run-cancel", kwargs={"slug": event.slug, "pk": run.pk}), follow=True)
    assert "has already finished (cancelled)" in again.content.decode()


def test_failed_run_shows_its_error(client, event, organiser):
    ScheduleRunFactory(event=event, status=ScheduleRunStatus.FAILED, error="No schedule was written: no slots")
    page = client.get(reverse("organiser-scheduler", kwargs={"slug": event.slug})).content.decode()
    assert "No schedule was written: no slots" in page and "Last run" in page
