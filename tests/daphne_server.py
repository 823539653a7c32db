"""Start daphne in a child process against the test database: a live server that speaks WebSockets.

pytest-django's live_server is a WSGI thread (no WebSockets). The child reads the database pytest-django
created (SQLite file or PostgreSQL test database) and uses the channel layer the caller asks for.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env() -> dict[str, str]:
    """Environment that points a child process at the current (test) database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return {"SQLITE_PATH": str(db["NAME"])}
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return {"DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}


@contextlib.contextmanager
def daphne_server(*, redis_url: str = "", channels_prefix: str = "") -> Iterator[str]:
    """Run daphne on a free loopback port until the block ends; yields its base URL (http://127.0.0.1:port)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(database_env())
    env.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "expomatch.settings", "PYTHONUNBUFFERED": "1"})
    if redis_url:
        env.update({"REDIS_URL": redis_url, "CHANNELS_PREFIX": channels_prefix})
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in the finally block
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "expomatch.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"daphne exited: {log.read().decode(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("daphne did not start within 30 s")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
