"""Prometheus metrics: HTTP requests, WebSocket connections (counted in-process), task queue and scheduler runs
(read from the database at scrape time, so every worker and machine is covered without extra plumbing).

Several worker processes: set PROMETHEUS_MULTIPROC_DIR to an empty directory before the processes start (`make
serve` does); each process writes its samples there and the `/metrics` view adds them up. The gunicorn config
removes a dead worker's files (`child_exit`). See docs/operations.md ("Metrics").
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

HTTP_REQUESTS = Counter(
    "expomatch_http_requests",
    "HTTP requests served, by route pattern, method and status code.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "expomatch_http_request_duration_seconds",
    "Time from the first middleware to the response, by route pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0),
)
WS_OPEN = Gauge(
    "expomatch_websocket_connections_open",
    "WebSocket connections open now.",
    multiprocess_mode="livesum",
)
WS_CONNECTIONS = Counter(
    "expomatch_websocket_connections",
    "WebSocket connection attempts by outcome (accepted, rejected: bad origin or not allowed).",
    ["outcome"],
)

SCHEDULER_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


class DatabaseCollector(Collector):
    """Task queue depth and outcomes (django-tasks database backend) and scheduler run durations."""

    def collect(self) -> Iterator[Any]:
        from django_tasks_db.models import DBTaskResult

        from meetings.models import ScheduleRun

        tasks = GaugeMetricFamily(
            "expomatch_tasks",
            "Task rows by queue and status (READY = waiting: the queue depth).",
            labels=["queue", "status"],
        )
        depth = GaugeMetricFamily("expomatch_task_queue_depth", "Tasks waiting to run, by queue.", labels=["queue"])
        waiting: dict[str, int] = {queue: 0 for queue in settings.TASKS["default"].get("QUEUES", ["default"])}
        for row in DBTaskResult.objects.values("queue_name", "status").annotate(n=Count("id")).order_by():
            tasks.add_metric([row["queue_name"], row["status"]], row["n"])
            if row["status"] == "READY":
                waiting[row["queue_name"]] = waiting.get(row["queue_name"], 0) + row["n"]
        for queue, n in sorted(waiting.items()):
            depth.add_metric([queue], n)
        yield tasks
        yield depth

        runs = GaugeMetricFamily("expomatch_scheduler_runs", "Scheduler runs by status.", labels=["status"])
        for row in ScheduleRun.objects.values("status").annotate(n=Count("id")).order_by():
            runs.add_metric([row["status"]], row["n"])
        yield runs

        durations = [
            (finished - started).total_seconds()
            for started, finished in ScheduleRun.objects.filter(started_at__isnull=False, finished_at__isnull=False)
            .values_list("started_at", "finished_at")
            .iterator()
        ]
        cumulative = [(str(bound), sum(1 for d in durations if d <= bound)) for bound in SCHEDULER_BUCKETS]
        cumulative.append(("+Inf", len(durations)))
        histogram = HistogramMetricFamily(
            "expomatch_scheduler_run_duration_seconds", "Duration of finished scheduler runs (started to finished)."
        )
        histogram.add_metric([], cumulative, sum_value=sum(durations))
        yield histogram


def render_metrics(*, database: bool = True) -> bytes:
    """Every metric in the text exposition format: in-process (or all processes in multi-process mode) and, unless
    `database` is False, the task and scheduler figures read from the database."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        process_part = generate_latest(registry)
    else:
        process_part = generate_latest(REGISTRY)
    if not database:
        return process_part
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    return process_part + generate_latest(registry)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def scrape_allowed(request: HttpRequest) -> bool:
    """With METRICS_TOKEN set: `Authorization: Bearer <token>` only. Without: loopback peers that did not come
    through a proxy (a proxy on the same machine would otherwise make every visitor look local)."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    proxied = "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers
    return _is_loopback(request.META.get("REMOTE_ADDR", "")) and not proxied


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not scrape_allowed(request):
        return HttpResponse(
            "metrics: set METRICS_TOKEN and send 'Authorization: Bearer <token>', or scrape from this machine.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
