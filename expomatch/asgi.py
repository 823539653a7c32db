"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expomatch.settings")

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_asgi_application()

import logging  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from expomatch import metrics  # noqa: E402
from expomatch.logs import request_id_from, request_id_var  # noqa: E402
from expomatch.routing import websocket_urlpatterns  # noqa: E402

ws_logger = logging.getLogger("expomatch.websocket")


class WebSocketObservability:
    """Outermost WebSocket layer: gives the connection an id (X-Request-ID from the proxy, or a new one) that
    every log line of the connection carries, logs accept/close, counts connections for /metrics."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or [])
        raw_id = headers.get(b"x-request-id", b"").decode("latin-1")
        token = request_id_var.set(request_id_from(raw_id))
        path = scope.get("path", "")
        state = {"accepted": False, "started": time.perf_counter()}

        async def observed_send(message: dict[str, Any]) -> None:
            if message["type"] == "websocket.accept" and not state["accepted"]:
                state["accepted"] = True
                metrics.WS_OPEN.inc()
                metrics.WS_CONNECTIONS.labels("accepted").inc()
                ws_logger.info("websocket accepted", extra={"path": path})
            elif message["type"] == "websocket.close" and not state["accepted"]:
                metrics.WS_CONNECTIONS.labels("rejected").inc()
                ws_logger.info("websocket rejected", extra={"path": path})
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            if state["accepted"]:
                metrics.WS_OPEN.dec()
                duration = round(time.perf_counter() - state["started"], 1)
                ws_logger.info("websocket closed", extra={"path": path, "duration_s": duration})
            request_id_var.reset(token)


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": WebSocketObservability(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
