"""Shared fixtures. Browser fixtures live in tests/e2e/conftest.py (run in their own pytest invocation)."""

from __future__ import annotations

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
