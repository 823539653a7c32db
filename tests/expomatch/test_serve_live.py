"""`make serve` end to end (integration run, on PostgreSQL): the launcher checks, migrates a fresh database,
collects static files and starts gunicorn's uvicorn workers and a task worker; the portal answers over HTTP with
its security headers, serves static files and WebSockets, reports ready and exposes metrics; Ctrl-C stops every
process. Uses a throw-away PostgreSQL database and a private redis-server.

Selected when DATABASE_URL points at PostgreSQL (the integration step of `make test`); deselected otherwise."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import websockets

from tests.daphne_server import free_port
from tests.redis_server import PrivateRedis

ROOT = Path(__file__).resolve().parents[2]
NEEDS_POSTGRESQL = True
pytestmark = pytest.mark.integration


def _admin_connection():
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    return psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True)


@pytest.fixture
def fresh_database():
    name = f"expomatch_serve_{uuid.uuid4().hex[:10]}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _get(url: str) -> tuple[int, Message, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_make_serve_starts_everything_and_ctrl_c_stops_it(fresh_database, tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DATABASE_URL=fresh_database,
        REDIS_URL=redis.url,
        PLAIN_HTTP="1",
        PORT=str(port),
        SECRET_KEY="serve-test-" + "k" * 50,
        WEB_CONCURRENCY="2",
        STATIC_ROOT=str(tmp_path / "static"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        DB_POOL_MAX_SIZE="4",
    )
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "expomatch.serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if _get(f"{base}/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("not ready within 180 s:\n" + (tmp_path / "serve.log").read_text()[-3000:])
            time.sleep(0.5)

        status, headers, body = _get(f"{base}/login/")
        assert status == 200 and b'name="password"' in body
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Request-ID"]
        assert _get(f"{base}/static/frontend/app.css")[0] == 200  # collected, served by WhiteNoise
        assert b"expomatch_http_requests_total" in _get(f"{base}/metrics")[2]

        async def anonymous_socket() -> int:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/ws/events/securex-2026/", additional_headers={"Origin": base}
            ) as ws:
                with pytest.raises(websockets.ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 10)
                return closed.value.rcvd.code

        assert asyncio.run(anonymous_socket()) == 4401  # WebSockets served by the uvicorn workers

        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the whole process group
        assert process.wait(timeout=60) == 0
        leftover = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert leftover == []
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        redis.stop()
