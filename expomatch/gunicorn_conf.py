"""gunicorn settings for `make serve` / `python -m expomatch.serve` (ASGI through uvicorn workers).

Every value can be overridden on the gunicorn command line or with GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

import os
from typing import Any

from uvicorn_worker import UvicornWorker

from expomatch.logs import logging_config


class ExpomatchUvicornWorker(UvicornWorker):
    # websockets' Sans-I/O implementation: the plain "websockets" one is built on the library's deprecated legacy
    # API. uvloop and httptools come with uvicorn[standard].
    CONFIG_KWARGS: dict[str, Any] = {"loop": "auto", "http": "auto", "ws": "websockets-sansio", "lifespan": "off"}


bind = [os.environ.get("BIND", "127.0.0.1:8000")]
# Two per CPU: under ASGI, Django runs a process's sync views one at a time on one thread, so a process waiting on
# PostgreSQL leaves its core idle; measured (bench/load.py, 200 users, 2 cores): p95 325 ms with 2 workers, 86 ms
# with 4.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = "expomatch.gunicorn_conf.ExpomatchUvicornWorker"
# A worker stuck this long (no heartbeat) is replaced; WebSocket connections are async and do not count.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Longer than the proxy's idle timeout for upstream connections (nginx: 60 s), so that the proxy — not us — closes
# idle keep-alive connections; otherwise a request sent just as we close one fails ("server disconnected").
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# The proxy in front sets X-Forwarded-For/-Proto; trust them only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn ≥ 25 opens a control socket under $HOME by default; several installations on one machine would clash.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
accesslog = None  # expomatch.middleware writes one JSON access line per request, with its request id
logconfig_dict = logging_config(
    json_lines=os.environ.get("LOG_FORMAT", "json") == "json", level=os.environ.get("LOG_LEVEL", "INFO")
)


def child_exit(server: Any, worker: Any) -> None:
    """A dead worker's metric files must not be summed any more (prometheus_client multi-process mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
