"""The Prometheus endpoint: request counts and latencies by route, WebSocket connections, task queue depth and
failures, scheduler run durations; readable from this machine or with the token only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from expomatch.asgi import application
from tests.factories import ScheduleRunFactory


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in the exposition text (labels in any order), None when absent."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        match = re.fullmatch(rf"{re.escape(name)}(?:\{{(.*)\}})? (\S+)", line)
        if match is None:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1) or ""))
        if found == labels:
            return float(match.group(2))
    return None


@pytest.mark.django_db
def test_metrics_count_requests_by_route_method_and_status(client):
    before = (
        sample(
            client.get("/metrics").text, "expomatch_http_requests_total", route="/readyz", method="GET", status="200"
        )
        or 0
    )
    client.get("/readyz")
    client.get("/readyz")
    client.get("/no-such-page/")
    text = client.get("/metrics").text
    assert sample(text, "expomatch_http_requests_total", route="/readyz", method="GET", status="200") == before + 2
    assert sample(text, "expomatch_http_requests_total", route="unmatched", method="GET", status="404") >= 1
    assert sample(text, "expomatch_http_request_duration_seconds_count", route="/readyz", method="GET") >= 2
    assert sample(text, "expomatch_http_request_duration_seconds_bucket", route="/readyz", method="GET", le="+Inf") >= 2


@pytest.mark.django_db
def test_metrics_label_routes_by_pattern_not_by_path(client):
    client.get("/api/v1/events/one-show/exhibitors/")
    client.get("/api/v1/events/other-show/exhibitors/")
    text = client.get("/metrics").text
    assert (
        sample(
            text,
            "expomatch_http_requests_total",
            route="/api/v1/events/<slug:event>/exhibitors/",
            method="GET",
            status="403",
        )
        >= 2
    )
    assert "one-show" not in text


@pytest.mark.django_db
def test_metrics_report_task_queue_depth_and_failures(client):
    from django_tasks_db.models import DBTaskResult

    from meetings.tasks import expire_request

    expire_request.enqueue(request_id=1)
    expire_request.enqueue(request_id=2)
    failed = expire_request.enqueue(request_id=3)
    DBTaskResult.objects.filter(id=failed.id).update(status="FAILED")
    text = client.get("/metrics").text
    assert sample(text, "expomatch_task_queue_depth", queue="default") == 2
    assert sample(text, "expomatch_task_queue_depth", queue="scheduler") == 0
    assert sample(text, "expomatch_tasks", queue="default", status="FAILED") == 1


@pytest.mark.django_db
def test_metrics_report_scheduler_run_durations(client):
    now = timezone.now()
    ScheduleRunFactory(status="succeeded", started_at=now - timedelta(seconds=42), finished_at=now)
    ScheduleRunFactory(status="failed", started_at=now - timedelta(seconds=3), finished_at=now)
    ScheduleRunFactory(status="queued")
    text = client.get("/metrics").text
    assert sample(text, "expomatch_scheduler_run_duration_seconds_count") == 2
    assert sample(text, "expomatch_scheduler_run_duration_seconds_sum") == 45
    assert sample(text, "expomatch_scheduler_run_duration_seconds_bucket", le="5.0") == 1
    assert sample(text, "expomatch_scheduler_run_duration_seconds_bucket", le="60.0") == 2
    assert sample(text, "expomatch_scheduler_runs", status="queued") == 1


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_metrics_count_websocket_connections():
    from expomatch import metrics

    def value(outcome: str) -> float:
        return metrics.WS_CONNECTIONS.labels(outcome)._value.get()

    rejected_before, open_before = value("rejected"), metrics.WS_OPEN._value.get()
    communicator = WebsocketCommunicator(application, "/ws/events/x/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    assert connected is False
    assert value("rejected") == rejected_before + 1
    assert metrics.WS_OPEN._value.get() == open_before


@pytest.mark.django_db
def test_metrics_refused_to_a_remote_address(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert "METRICS_TOKEN" in response.text


@pytest.mark.django_db
def test_metrics_refused_to_a_request_that_came_through_a_proxy(client):
    # A proxy on this machine connects from loopback: the forwarded header says the visitor is elsewhere.
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403


@pytest.mark.django_db
def test_metrics_with_a_token_need_the_token_even_from_loopback(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", headers={"Authorization": "Bearer s3cret-scrape-token"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_metrics_of_several_worker_processes_are_added_up(tmp_path):
    # Multi-process mode as under `make serve`: two processes count, a third renders the sum; a dead worker's
    # open-connection gauge goes once gunicorn's child_exit hook has marked it dead.
    root = Path(__file__).resolve().parents[2]
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "expomatch.settings",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    count = (
        "import django; django.setup(); from expomatch import metrics; "
        "metrics.HTTP_REQUESTS.labels('/healthz', 'GET', '200').inc({n}); metrics.WS_OPEN.inc()"
    )
    for n in (2, 3):
        subprocess.run([sys.executable, "-c", count.format(n=n)], cwd=root, env=env, check=True, timeout=120)

    def render() -> str:
        code = (
            "import django, sys; django.setup(); from expomatch.metrics import render_metrics; "
            "sys.stdout.write(render_metrics(database=False).decode())"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    text = render()
    assert sample(text, "expomatch_http_requests_total", route="/healthz", method="GET", status="200") == 5
    assert sample(text, "expomatch_websocket_connections_open") == 2
    # The two writers are the processes with counter files (the renderer counted nothing).
    pids = sorted({int(path.stem.rsplit("_", 1)[1]) for path in tmp_path.glob("counter_*.db")})
    assert len(pids) == 2
    from expomatch.gunicorn_conf import child_exit

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    try:
        child_exit(None, type("Worker", (), {"pid": pids[0]})())
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
    text = render()
    assert sample(text, "expomatch_websocket_connections_open") == 1
    assert sample(text, "expomatch_http_requests_total", route="/healthz", method="GET", status="200") == 5
