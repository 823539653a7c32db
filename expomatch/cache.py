"""The shared cache (`CACHE_URL`, Redis) that degrades instead of failing.

What the cache holds here is disposable: throttling counters, the log-in failure counter, cached sessions (written
through to the database). A Redis outage must not turn every request into a 500, so a cache operation that cannot
reach Redis behaves like a miss (reads give the default, writes are dropped) and is logged at most once a minute.
While Redis is down, throttling and the log-in lock are therefore not enforced; they come back with Redis.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("expomatch.cache")

_UNREACHABLE: tuple[type[BaseException], ...]
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover - redis is a dependency of channels-redis
    _UNREACHABLE = (OSError,)


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _degraded(self, operation: str, exc: BaseException, default: Any) -> Any:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > 60:
            ResilientRedisCache._last_warning = now
            log.warning("cache unreachable, %s treated as a miss: %s", operation, exc)
        return default

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _UNREACHABLE as exc:
            return self._degraded("get", exc, default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _UNREACHABLE as exc:
            return self._degraded("get_many", exc, {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _UNREACHABLE as exc:
            return self._degraded("has_key", exc, False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except _UNREACHABLE as exc:
            self._degraded("set", exc, None)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _UNREACHABLE as exc:
            return self._degraded("add", exc, False)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _UNREACHABLE as exc:
            return self._degraded("set_many", exc, list(data))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _UNREACHABLE as exc:
            return self._degraded("touch", exc, False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE as exc:
            # Django's contract: incr of a missing key raises ValueError; callers already handle a missing key.
            self._degraded("incr", exc, None)
            raise ValueError(f"Key {key!r} not found (cache unreachable)") from exc

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _UNREACHABLE as exc:
            return self._degraded("delete", exc, False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _UNREACHABLE as exc:
            self._degraded("delete_many", exc, None)
