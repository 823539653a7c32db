"""One error format for the whole API:

    {"error": {"code": "duplicate", "message": "There is already an open request between you.",
               "fields": {"message": ["…"]}}}

`code` is stable (DRF's codes for HTTP-level errors, the services' WorkflowError codes for refused actions);
`fields` appears when particular fields are at fault.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from meetings.services import PlacementError, WorkflowError
from meetings.services.schedule import ScheduleRunBusy

# Refusals that mean "the current state does not allow it" rather than "your input is wrong".
CONFLICT_CODES = {
    "duplicate",
    "not_pending",
    "not_open",
    "not_active",
    "not_proposed",
    "slot_taken",
    "member_busy",
    "has_meeting",
    "no_slot",
    "finished",
    "expired",
    "busy",
    "too_early",
    "check_in_closed",
}
FORBIDDEN_CODES = {"forbidden", "not_a_member"}


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    return {}


def error_response(code: str, message: str, http_status: int, fields: dict[str, list[str]] | None = None) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return Response({"error": body}, status=http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, WorkflowError):
        http = (
            status.HTTP_403_FORBIDDEN
            if exc.code in FORBIDDEN_CODES
            else status.HTTP_409_CONFLICT
            if exc.code in CONFLICT_CODES
            else status.HTTP_400_BAD_REQUEST
        )
        return error_response(exc.code, exc.message, http, {exc.field: [exc.message]} if exc.field else None)
    if isinstance(exc, PlacementError):
        return error_response(exc.code, exc.reason, status.HTTP_409_CONFLICT)
    if isinstance(exc, ScheduleRunBusy):
        return error_response("busy", str(exc), status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        first = next(iter(fields.values()))[0] if fields else str(exc)
        return error_response("invalid", first, status.HTTP_400_BAD_REQUEST, fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail) or {"non_field_errors": [str(x) for x in exc.detail]}  # type: ignore[union-attr]
        first = next(iter(fields.values()))[0]
        response.data = {"error": {"code": "invalid", "message": first, "fields": fields}}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = {"error": {"code": code, "message": str(exc.detail)}}
    return response
