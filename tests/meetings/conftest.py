"""Tests of a module that sets NEEDS_REDIS = True run only when REDIS_URL is set: the integration run selects
them then, and without Redis they are deselected (listed as deselected), never skipped or silently passed."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("REDIS_URL"):
        return
    needs_redis = [i for i in items if getattr(getattr(i, "module", None), "NEEDS_REDIS", False)]
    if needs_redis:
        config.hook.pytest_deselected(items=needs_redis)
        items[:] = [i for i in items if i not in needs_redis]
