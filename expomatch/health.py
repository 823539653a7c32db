"""Liveness and readiness endpoints for load balancers and orchestrators (no login, no personal data)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

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


CHANNEL_LAYER_TIMEOUT = 3.0


async def _round_trip(layer: Any) -> None:
    # One coroutine, so one event loop: the Redis pub/sub layer keeps its subscriptions per loop.
    async with asyncio.timeout(CHANNEL_LAYER_TIMEOUT):
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.check"})
        await layer.receive(channel)


def _check_channel_layer() -> str | None:
    layer = get_channel_layer()
    if layer is None:
        return "no channel layer configured"
    try:
        async_to_sync(_round_trip)(layer)
    except TimeoutError:
        return f"no answer within {CHANNEL_LAYER_TIMEOUT} s"
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
