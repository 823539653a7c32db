"""Settings come from the environment: production settings pass `check --deploy`, bad ones fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "expomatch.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d",
    "ALLOWED_HOSTS": "meet.example.org",
}


def test_production_settings_pass_check_deploy():
    result = _run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_the_development_secret_key():
    result = _run("import django; django.setup()", DEBUG="0", ALLOWED_HOSTS="meet.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_defaults_are_sqlite_and_in_memory_layer():
    result = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'], s.TIME_ZONE, s.USE_TZ, "
        "[c for c, _ in s.LANGUAGES])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 3)[:3] == [
        "django.db.backends.sqlite3",
        "meetings.layers.SweepingInMemoryChannelLayer",
        "UTC",
    ]
    assert "['en', 'ru', 'uz']" in result.stdout


def test_database_url_and_redis_url_switch_backends():
    result = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CHANNEL_LAYERS['default']['BACKEND'])",
        DATABASE_URL="postgres://someone@db.internal:5432/expomatch",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "expomatch",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
    ]


def test_web_process_does_not_load_the_solver_or_scikit_learn():
    # DESIGN.md: heavy imports stay in the cores, so the web process starts fast.
    result = _run(
        "import django, sys; django.setup(); import expomatch.urls, expomatch.asgi, meetings.services, "
        "matchmaking.services, frontend.views, api.views, meetings.tasks, matchmaking.tasks; "
        "print(sorted(m for m in ('ortools', 'sklearn') if m in sys.modules))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
