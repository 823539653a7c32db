"""Liveness and readiness endpoints for load balancers and orchestrators (no login, no personal data)."""

from __future__ import annotations

import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "migrations not applied"
    except Exception as exc:  # reported, not raised: readiness must answer
        return f"{type(exc).__name__}: {exc}"
    return None


def _check_channel_layer() -> str | None:
    layer = get_channel_layer()
    if layer is None:
        return "no channel layer configured"
    try:
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.send)(channel, {"type": "health.check"})
        async_to_sync(layer.receive)(channel)
    except Exception as exc:  # reported, not raised: readiness must answer
        return f"{type(exc).__name__}: {exc}"
    return None


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to take traffic: the database answers with every migration applied and the channel layer
    (in-memory or Redis) delivers a message. 503 with the failing checks otherwise."""
    started = time.perf_counter()
    checks = {"database": _check_database(), "channel_layer": _check_channel_layer()}
    failing = {name: problem for name, problem in checks.items() if problem}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: problem or "ok" for name, problem in checks.items()},
        "seconds": round(time.perf_counter() - started, 4),
    }
    return JsonResponse(body, status=200 if not failing else 503)
