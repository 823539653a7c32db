"""`make serve` (expomatch.serve): refuses to start without PostgreSQL and Redis, keeps one secret key, runs DEBUG
off with a shared cache; gunicorn runs uvicorn workers that speak WebSockets."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from expomatch.serve import ServeConfigError, production_env, secret_key

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/expomatch", "REDIS_URL": "redis://127.0.0.1:6379/0"}


def test_serve_refuses_to_start_without_database_and_redis():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "expomatch.serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "DATABASE_URL is not set" in result.stderr
    assert "REDIS_URL is not set" in result.stderr
    assert result.stdout == ""  # nothing ran: no migrations, no servers


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "sqlite:///db.sqlite3", "REDIS_URL": "redis://r:6379/0"}, "must point at PostgreSQL"),
        ({"DATABASE_URL": SERVICES["DATABASE_URL"], "REDIS_URL": "http://r:6379"}, "REDIS_URL must be a redis://"),
        ({"REDIS_URL": "redis://r:6379/0"}, "DATABASE_URL is not set"),
    ],
)
def test_serve_names_the_wrong_setting(env, message, tmp_path):
    with pytest.raises(ServeConfigError, match=message):
        production_env(env, tmp_path / ".secret_key")


def test_secret_key_generated_once_into_a_private_file(tmp_path):
    key_file = tmp_path / ".secret_key"
    key, notice = secret_key({}, key_file)
    assert len(key) >= 50
    assert "generated" in notice
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again, notice = secret_key({}, key_file)
    assert again == key
    assert "read from" in notice


def test_secret_key_from_the_environment_wins_and_writes_no_file(tmp_path):
    key_file = tmp_path / ".secret_key"
    assert secret_key({"SECRET_KEY": "k" * 60}, key_file) == ("k" * 60, None)
    assert not key_file.exists()


def test_secret_key_file_is_git_ignored():
    assert ".secret_key" in (ROOT / ".gitignore").read_text().split()


def test_production_env_turns_debug_off_and_shares_the_cache(tmp_path):
    env, notices = production_env({**SERVICES, "PORT": "8123"}, tmp_path / ".secret_key")
    assert env["DEBUG"] == "0"
    assert env["CACHE_URL"] == SERVICES["REDIS_URL"]
    assert env["ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["BIND"] == "127.0.0.1:8123"
    assert env["LOG_FORMAT"] == "json"
    assert env["SECRET_KEY"] == (tmp_path / ".secret_key").read_text().strip()
    assert len(notices) == 1


def test_production_env_keeps_what_the_operator_set(tmp_path):
    env, _ = production_env(
        {**SERVICES, "ALLOWED_HOSTS": "meet.example.org", "CACHE_URL": "redis://cache:6379/2", "SECRET_KEY": "s" * 60},
        tmp_path / ".secret_key",
    )
    assert (env["ALLOWED_HOSTS"], env["CACHE_URL"], env["SECRET_KEY"]) == (
        "meet.example.org",
        "redis://cache:6379/2",
        "s" * 60,
    )


def test_gunicorn_config_runs_uvicorn_workers_with_a_websocket_protocol():
    # Loaded the way gunicorn loads it; the worker class and its WebSocket implementation must import.
    code = (
        "from gunicorn.config import Config; from gunicorn.app.base import Application; "
        "from uvicorn.config import WS_PROTOCOLS; from uvicorn.importer import import_from_string; "
        "import expomatch.gunicorn_conf as c; "
        "print(c.worker_class, c.workers, c.ExpomatchUvicornWorker.CONFIG_KWARGS['ws'], "
        "import_from_string(WS_PROTOCOLS[c.ExpomatchUvicornWorker.CONFIG_KWARGS['ws']]).__name__, c.bind)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "3", "BIND": "127.0.0.1:8123"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "expomatch.gunicorn_conf.ExpomatchUvicornWorker",
        "3",
        "websockets-sansio",
        "WebSocketsSansIOProtocol",
        "['127.0.0.1:8123']",
    ]


def test_makefile_serve_target_runs_the_launcher():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nserve: setup\n" in makefile
    assert "-m expomatch.serve" in makefile
