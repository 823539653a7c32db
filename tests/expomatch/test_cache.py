"""The shared cache survives a Redis outage: operations read as misses, requests keep working, and the cache is
used again when Redis returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import caches

from tests.factories import UserFactory
from tests.redis_server import PrivateRedis


@pytest.fixture
def redis_cache(tmp_path: Path, settings):
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "expomatch.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        yield redis, caches["default"]
    finally:
        redis.stop()
        caches["default"].close()


def test_cache_reads_as_a_miss_while_redis_is_down_and_works_again_after(redis_cache):
    redis, cache = redis_cache
    cache.set("k", 1)
    assert cache.get("k") == 1

    redis.stop()
    assert cache.get("k", "miss") == "miss"
    cache.set("k", 2)  # dropped, no error
    assert cache.add("k", 3) is False
    assert cache.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")

    redis.start()  # back, empty
    cache.set("k", 4)
    assert cache.get("k") == 4


@pytest.mark.django_db
def test_api_and_login_keep_working_while_the_cache_is_down(redis_cache, client):
    redis, _cache = redis_cache
    user = UserFactory(password="a-good-pass-2026")
    redis.stop()

    assert client.post("/login/", {"username": user.email, "password": "a-good-pass-2026"}).status_code == 302
    assert client.get("/api/v1/me/").status_code == 200
