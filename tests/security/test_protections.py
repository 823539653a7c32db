"""Cross-cutting protections: CSRF on every portal POST, the live socket's origin and authentication checks for
logged-in users (cross-site WebSocket hijacking), and the log-in throttle's key."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from expomatch.asgi import application
from meetings.consumers import CLOSE_FORBIDDEN
from tests.factories import PASSWORD, UserFactory
from tests.security.conftest import state
from tests.security.test_page_access import ACCESS, LOGGED_IN


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_portal_post_without_csrf_token_is_refused_and_writes_nothing(world, name):
    allowed, kwargs = ACCESS[name]
    role = sorted(allowed & LOGGED_IN)[0] if allowed & LOGGED_IN else "anonymous"
    client = Client(enforce_csrf_checks=True)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = state(world)
    response = client.post(reverse(name, kwargs=kwargs(world)), {"message": "hi", "rating": "5"})
    # 403 from the CSRF check; 405 where POST is not served at all. Never a write.
    assert response.status_code in (403, 405), (role, response.status_code)
    assert state(world) == before


async def _cookie(user) -> bytes:
    def login() -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return b"sessionid=" + (await database_sync_to_async(login)()).encode()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("origin", [b"https://evil.example", b"null", None])
async def test_logged_in_users_socket_from_a_foreign_origin_is_refused(world, origin):
    # A page on another site opening a socket with the user's cookie (cross-site WebSocket hijacking).
    headers = [(b"cookie", await _cookie(world.users["organiser"]))]
    if origin is not None:
        headers.append((b"origin", origin))
    communicator = WebsocketCommunicator(application, f"/ws/events/{world.event.slug}/", headers=headers)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 1000)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["foreign_organiser", "foreign_buyer", "foreign_exhibitor"])
async def test_people_of_another_event_cannot_listen_to_this_one(world, role):
    headers = [(b"origin", b"http://127.0.0.1"), (b"cookie", await _cookie(world.users[role]))]
    communicator = WebsocketCommunicator(application, f"/ws/events/{world.event.slug}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected  # accepted so that the browser sees the close code
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    await communicator.disconnect()


@pytest.mark.django_db
def test_login_throttle_counts_one_address_however_it_is_spelled(client):
    user = UserFactory(email="target@test.example")
    for spelling in ["target@test.example", "TARGET@test.example", " Target@Test.Example ", "target@TEST.example"]:
        client.post(reverse("login"), {"username": spelling, "password": "guess"})
    client.post(reverse("login"), {"username": "target@test.example", "password": "guess"})
    locked = client.post(reverse("login"), {"username": user.email.upper(), "password": PASSWORD})
    assert b"Too many failed attempts" in locked.content
    assert "_auth_user_id" not in client.session
