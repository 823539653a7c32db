"""`make serve`: expomatch production-like on one machine.

PostgreSQL and Redis come from DATABASE_URL and REDIS_URL (refused when missing). Then: DEBUG off, SECRET_KEY from
the environment or generated once into `.secret_key`, migrations applied, static files collected (served by
WhiteNoise), gunicorn with WEB_CONCURRENCY uvicorn worker processes (HTTP and WebSockets) and TASK_WORKERS task
workers (`manage.py db_worker`). Ctrl-C (or SIGTERM) stops everything. docs/operations.md describes each variable.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = BASE_DIR / ".secret_key"


class ServeConfigError(Exception):
    """The environment cannot run production mode; the message tells the operator what to set."""


def check_services(env: dict[str, str]) -> None:
    problems = []
    database_url = env.get("DATABASE_URL", "")
    if not database_url:
        problems.append("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/expomatch)")
    elif urlsplit(database_url).scheme not in {"postgres", "postgresql", "pgsql"}:
        problems.append(f"DATABASE_URL must point at PostgreSQL, not {urlsplit(database_url).scheme or 'a file'}")
    redis_url = env.get("REDIS_URL", "")
    if not redis_url:
        problems.append("REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)")
    elif urlsplit(redis_url).scheme not in {"redis", "rediss", "unix"}:
        problems.append("REDIS_URL must be a redis://, rediss:// or unix:// URL")
    if problems:
        raise ServeConfigError(
            "make serve runs expomatch in production mode and needs PostgreSQL and Redis:\n  - "
            + "\n  - ".join(problems)
            + "\n(`make run` is the one-process demo with SQLite and no Redis.)"
        )


def secret_key(env: dict[str, str], key_file: Path = SECRET_KEY_FILE) -> tuple[str, str | None]:
    """SECRET_KEY from the environment, else from key_file, else a new one written there (mode 0600).
    Returns the key and a notice for the operator when the file was used or created."""
    if env.get("SECRET_KEY"):
        return env["SECRET_KEY"], None
    if key_file.exists():
        return key_file.read_text().strip(), f"SECRET_KEY read from {key_file.name} (set SECRET_KEY to override)."
    key = secrets.token_urlsafe(50)
    key_file.touch(mode=0o600)
    key_file.write_text(key + "\n")
    return key, (
        f"SECRET_KEY generated into {key_file.name} (git-ignored, mode 0600). Keep it: sessions, password reset "
        "links and signed values depend on it; every machine of one installation needs the same key."
    )


def production_env(env: dict[str, str], key_file: Path = SECRET_KEY_FILE) -> tuple[dict[str, str], list[str]]:
    """The environment every child process gets, and notices to print. Raises ServeConfigError."""
    check_services(env)
    key, notice = secret_key(env, key_file)
    out = dict(env)
    out.update(DEBUG="0", SECRET_KEY=key, DJANGO_SETTINGS_MODULE="expomatch.settings")
    out.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    out.setdefault("LOG_FORMAT", "json")
    out.setdefault("CACHE_URL", env["REDIS_URL"])
    out.setdefault("DB_POOL_MAX_SIZE", "8")  # per process: keep processes × size below PostgreSQL's max_connections
    host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "8000")
    out.setdefault("BIND", f"{host}:{port}")
    return out, [notice] if notice else []


def _run_step(args: list[str], env: dict[str, str]) -> None:
    print(f"» {' '.join(args[1:])}", flush=True)
    subprocess.run(args, env=env, check=True, cwd=BASE_DIR)


def main() -> int:
    try:
        env, notices = production_env(dict(os.environ))
    except ServeConfigError as exc:
        print(f"expomatch: {exc}", file=sys.stderr)
        return 2
    for notice in notices:
        print(f"expomatch: {notice}")

    python = sys.executable
    bin_dir = Path(python).parent
    # prometheus_client multi-process mode: samples of an earlier start must not be summed with ours.
    own_metrics_dir = not env.get("PROMETHEUS_MULTIPROC_DIR")
    metrics_dir = Path(env.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="expomatch-metrics-"))
    metrics_dir.mkdir(parents=True, exist_ok=True)
    for stale in metrics_dir.glob("*.db"):
        stale.unlink()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)

    try:
        _run_step([python, "manage.py", "check", "--deploy", "--fail-level", "ERROR"], env)
        _run_step([python, "manage.py", "migrate", "--noinput"], env)
        _run_step([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    except subprocess.CalledProcessError as exc:
        print(f"expomatch: `{' '.join(exc.cmd[1:])}` failed (exit {exc.returncode}); nothing started.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("expomatch: interrupted; nothing started.", file=sys.stderr)
        return 130

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    task_workers = int(env.get("TASK_WORKERS", "1"))
    children: list[subprocess.Popen[bytes]] = [
        subprocess.Popen(
            [str(bin_dir / "gunicorn"), "expomatch.asgi:application", "-c", "python:expomatch.gunicorn_conf"],
            env=env,
            cwd=BASE_DIR,
        )
    ]
    children += [
        subprocess.Popen(
            [python, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--worker-id", f"serve-{n}"],
            env=env,
            cwd=BASE_DIR,
        )
        for n in range(1, task_workers + 1)
    ]

    scheme = "http" if env.get("PLAIN_HTTP") in {"1", "true", "yes", "on"} else "https (behind your TLS proxy)"
    print(
        f"\n  expomatch (production mode) listens on {env['BIND']}: {env.get('WEB_CONCURRENCY') or 'auto'} web "
        f"workers, {task_workers} task worker(s); served as {scheme}.\n"
        "  Ctrl-C stops everything. Health: /healthz /readyz   Metrics: /metrics (loopback or METRICS_TOKEN)\n",
        flush=True,
    )
    status = 0
    while not stopping:
        dead = [child for child in children if child.poll() is not None]
        if dead:
            command = " ".join(Path(part).name if n == 0 else part for n, part in enumerate(dead[0].args))
            print(f"expomatch: `{command}` exited ({dead[0].returncode}); stopping the rest.", file=sys.stderr)
            status = 1
            break
        time.sleep(0.5)

    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if own_metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    print("expomatch stopped.")
    return status


if __name__ == "__main__":
    sys.exit(main())
