"""Project-wide middleware: request ids + access log + HTTP metrics, extra security headers, and the content
security policy with its two per-view relaxations."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.decorators import sync_and_async_middleware

from expomatch import metrics
from expomatch.logs import request_id_from, request_id_var

access_logger = logging.getLogger("expomatch.request")

REQUEST_ID_HEADER = "X-Request-ID"


def route_label(request: HttpRequest) -> str:
    """The URL pattern that served the request (bounded cardinality for metrics), not the concrete path."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route.lstrip("^").rstrip("$")
    if request.path_info.startswith("/" + settings.STATIC_URL.strip("/") + "/"):
        return "static"
    return "unmatched"


def _begin(request: HttpRequest) -> tuple[Any, float]:
    request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    request.request_id = request_id  # type: ignore[attr-defined]
    return request_id_var.set(request_id), time.perf_counter()


def _finish(request: HttpRequest, response: HttpResponseBase, token: Any, started: float) -> HttpResponseBase:
    elapsed = time.perf_counter() - started
    route = route_label(request)
    response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
    metrics.HTTP_REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    metrics.HTTP_LATENCY.labels(route, request.method).observe(elapsed)
    if route not in settings.ACCESS_LOG_QUIET_ROUTES:
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                # Only a user already loaded: touching the lazy request.user here would query the database,
                # which the async path (daphne serving static files) may not do.
                "user_id": getattr(getattr(request, "_cached_user", None), "pk", None),
                "remote_addr": request.META.get("REMOTE_ADDR", ""),
            },
        )
    request_id_var.reset(token)
    return response


@sync_and_async_middleware
def request_context_middleware(
    get_response: Callable[[HttpRequest], Any],
) -> Callable[[HttpRequest], Any]:
    """First in MIDDLEWARE: takes X-Request-ID from the proxy (or makes one), puts it on every log line of the
    request and on the response, writes one access line and the request metrics."""
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponseBase:
            token, started = _begin(request)
            response = await get_response(request)
            return _finish(request, response, token, started)

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponseBase:
        token, started = _begin(request)
        response = get_response(request)
        return _finish(request, response, token, started)

    return middleware


@sync_and_async_middleware
def security_headers_middleware(
    get_response: Callable[[HttpRequest], Any],
) -> Callable[[HttpRequest], Awaitable[HttpResponseBase] | HttpResponseBase]:
    """Headers Django 5.2 does not set itself: Permissions-Policy (the portal needs no camera, location…)."""

    def add_headers(response: HttpResponseBase) -> HttpResponseBase:
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponseBase:
            return add_headers(await get_response(request))

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponseBase:
        return add_headers(get_response(request))

    return middleware


# Pages we do not render ourselves and that carry inline code: the Django admin's change list has one inline
# <style> block; drf-spectacular's Swagger UI page has an inline <style> (its start-up script is served as a file
# by SpectacularSwaggerSplitView). Only these views (URL names, or app names for the whole admin) get the
# relaxation.
CSP_RELAXATIONS: dict[str, dict[str, list[str]]] = {
    "admin": {"style-src": ["'unsafe-inline'"]},
    "api:docs": {"style-src": ["'unsafe-inline'"]},
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (policy in settings.CONTENT_SECURITY_POLICY) plus the relaxations above."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if match is not None and parts.update is None:
            relaxation = CSP_RELAXATIONS.get(match.view_name) or CSP_RELAXATIONS.get(match.app_name)
            if relaxation:
                parts.update = relaxation
        return parts
