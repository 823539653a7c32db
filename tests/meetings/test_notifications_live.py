"""The unread count travels live: a new notification is pushed to its person's own group (`user-<id>`), which the
consumer joins after authentication, and to nobody else; the one-process relay carries notifications the task
worker wrote in another process."""

from __future__ import annotations

from datetime import time

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from expomatch.asgi import application
from matchmaking.enums import EventPhase
from meetings.models import Notification
from meetings.notifications.compose import Message
from meetings.notifications.delivery import notification_create
from meetings.notifications.enums import NotificationKind
from meetings.services import slots_generate
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = [(b"origin", b"http://127.0.0.1")]


def _show():
    event = EventFactory(phase=EventPhase.PUBLISHED)
    EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=BuyerFactory(event=event)).user
    exhibitor_user = TeamMemberFactory(exhibitor=ExhibitorFactory(event=event)).user
    return event, buyer_user, exhibitor_user


async def _connect(slug: str, user) -> WebsocketCommunicator:
    from django.test import Client

    def login():
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    cookie = b"sessionid=" + (await database_sync_to_async(login)()).encode()
    communicator = WebsocketCommunicator(application, f"/ws/events/{slug}/", headers=[*ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "hello", "since": 0})
    while (await communicator.receive_json_from(timeout=5))["type"] != "caught_up":
        pass
    return communicator


def _notify(user, event, key: str) -> None:
    notification_create(
        user=user, event=event, kind=NotificationKind.ANNOUNCEMENT, key=key, message=Message(title="Shuttle at 9")
    )


async def test_new_notification_pushes_the_unread_count_to_its_person_only():
    event, buyer_user, exhibitor_user = await database_sync_to_async(_show)()
    buyer = await _connect(event.slug, buyer_user)
    exhibitor = await _connect(event.slug, exhibitor_user)
    await database_sync_to_async(_notify)(buyer_user, event, "a")
    await database_sync_to_async(_notify)(buyer_user, event, "b")
    first = await buyer.receive_json_from(timeout=5)
    second = await buyer.receive_json_from(timeout=5)
    assert first == {"type": "notifications.unread", "event": event.pk, "unread": 1, "version": 0}
    assert second["unread"] == 2
    assert await exhibitor.receive_nothing(timeout=0.5)
    await buyer.disconnect()
    await exhibitor.disconnect()


async def test_a_page_of_another_event_is_not_told():
    event, buyer_user, _exhibitor_user = await database_sync_to_async(_show)()
    other_event = await database_sync_to_async(EventFactory)()
    await database_sync_to_async(TeamMemberFactory)(
        exhibitor=None, buyer=await database_sync_to_async(BuyerFactory)(event=other_event), user=buyer_user
    )
    page = await _connect(other_event.slug, buyer_user)
    await database_sync_to_async(_notify)(buyer_user, event, "a")
    assert await page.receive_nothing(timeout=0.5)
    await page.disconnect()


async def test_relay_carries_notifications_written_by_another_process(settings):
    from channels.layers import channel_layers

    settings.LIVE_RELAY_SECONDS = 0.2
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()  # the relay is for the embedded one-process setup, whatever REDIS_URL says
    event, buyer_user, _exhibitor_user = await database_sync_to_async(_show)()
    page = await _connect(event.slug, buyer_user)
    # Written without a publish, as by a task worker whose in-memory layer reaches no browser.
    await database_sync_to_async(Notification.objects.create)(
        user=buyer_user, event=event, kind=NotificationKind.ANNOUNCEMENT, key="worker", title="From the worker"
    )
    message = await page.receive_json_from(timeout=5)
    assert message == {"type": "notifications.unread", "event": event.pk, "unread": 1, "version": 0}
    assert await page.receive_nothing(timeout=0.5)  # once, not again by the next relay pass
    await page.disconnect()
    channel_layers.backends.clear()
