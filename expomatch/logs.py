"""Structured logging: one JSON object per line, each carrying the id of the request, WebSocket connection or task
it belongs to.

The id lives in a context variable, set by `expomatch.middleware.request_context_middleware` (HTTP),
`expomatch.asgi.WebSocketObservability` (WebSockets) and the task signal receivers below (task workers), and is
copied into every record by `RequestIdFilter`. asgiref copies the context into `sync_to_async` threads, so records
written by sync views served under ASGI carry the id too. Lines outside any of these carry "-".
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter

NO_ID = "-"
request_id_var: ContextVar[str] = ContextVar("expomatch_request_id", default=NO_ID)

# What we accept from a proxy's X-Request-ID: short, printable, no spaces (it is echoed in a header and logs).
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from(header_value: str | None) -> str:
    """The proxy's id when it looks like one, otherwise a fresh one (a forged or garbled header never reaches logs)."""
    if header_value and _ACCEPTABLE_ID.match(header_value):
        return header_value
    return new_request_id()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (attach it to handlers, so records of every logger get it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            request_id = request_id_var.get()
            if request_id == NO_ID:
                # django.request logs 4xx/5xx responses after the middleware has returned; it passes the request.
                request_id = getattr(getattr(record, "request", None), "request_id", NO_ID)
            record.request_id = request_id
        return True


class JsonLogFormatter(JsonFormatter):
    """`{"time": …, "level": …, "logger": …, "message": …, "request_id": …, <extra fields>}` on one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message
        log_data.pop("request", None)  # django.request passes the request object; its id and path are logged


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """The LOGGING dict for settings.py (and the gunicorn master, which logs before Django is set up)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "expomatch.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "expomatch.logs.JsonLogFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_lines else "plain",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Our own access lines (expomatch.request) replace the servers' ones.
            "uvicorn.access": {"level": "WARNING"},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"level": "WARNING"},
        },
    }


# --- Task workers: each task's log lines carry "task:<id>" -------------------------------------------------

task_logger = logging.getLogger("expomatch.tasks")


def on_task_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    # Logged in the enqueuing request's context: links the request id to the task id.
    task_logger.info("task enqueued", extra={"task_id": str(task_result.id), "task": task_result.task.module_path})


def on_task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    request_id_var.set(f"task:{task_result.id}")


def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_logger.info(
        "task finished",
        extra={"task_id": str(task_result.id), "task": task_result.task.module_path, "status": str(task_result.status)},
    )
    request_id_var.set(NO_ID)
