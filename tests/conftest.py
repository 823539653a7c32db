"""Shared fixtures. Browser fixtures live in tests/e2e/conftest.py (run in their own pytest invocation)."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def login(client: Client):
    """log in a user (created if not given) with the test client and return it."""

    def _login(user=None):
        user = user or UserFactory()
        assert client.login(email=user.email, password=PASSWORD)
        return user

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests only need hashes that verify.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The API's throttling counts requests in the cache; every test starts with none counted.
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A module that sets NEEDS_POSTGRESQL = True runs only when DATABASE_URL is PostgreSQL (the integration step
    of `make test`); otherwise it is deselected (listed as deselected), never skipped or silently passed."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    needs = [i for i in items if getattr(getattr(i, "module", None), "NEEDS_POSTGRESQL", False)]
    if needs:
        config.hook.pytest_deselected(items=needs)
        items[:] = [i for i in items if i not in needs]
