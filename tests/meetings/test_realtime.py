"""Live updates: the WebSocket consumer (auth, refusal, groups, catch-up) and the publish hook of the change log."""

from __future__ import annotations

from datetime import time

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from expomatch.asgi import application
from matchmaking.enums import EventPhase
from meetings.consumers import CLOSE_FORBIDDEN, CLOSE_NOT_LOGGED_IN
from meetings.models import ChangeLog
from meetings.services import meeting_request_accept, meeting_request_create, slots_generate
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    OrganiserFactory,
    TeamMemberFactory,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = [(b"origin", b"http://127.0.0.1")]


class Show:
    """An event with two buyers, one exhibitor, an organiser and a stranger (a user of another event)."""

    def __init__(self) -> None:
        self.event = EventFactory(phase=EventPhase.PUBLISHED)
        day = EventDayFactory(event=self.event, opens=time(10), closes=time(12))
        slots_generate(event=self.event)
        self.buyer = BuyerFactory(event=self.event, languages=["ru"])
        self.other_buyer = BuyerFactory(event=self.event, languages=["ru"])
        for b in (self.buyer, self.other_buyer):
            b.days_attending.add(day)
        self.exhibitor = ExhibitorFactory(event=self.event, languages=["ru"])
        self.buyer_user = TeamMemberFactory(exhibitor=None, buyer=self.buyer).user
        self.other_buyer_user = TeamMemberFactory(exhibitor=None, buyer=self.other_buyer).user
        self.exhibitor_user = TeamMemberFactory(exhibitor=self.exhibitor).user
        self.organiser_user = OrganiserFactory(event=self.event).user
        self.stranger = TeamMemberFactory(exhibitor=ExhibitorFactory()).user  # exhibitor at another event

    def request_and_accept(self):
        req = meeting_request_create(buyer=self.buyer, exhibitor=self.exhibitor, by_user=self.buyer_user)
        return meeting_request_accept(request=req, by_user=self.exhibitor_user)


@pytest.fixture
def show():
    return Show()


async def _session_cookie(user) -> bytes:
    from django.test import Client

    def login():
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return b"sessionid=" + (await database_sync_to_async(login)()).encode()


async def _connect(slug: str, user=None) -> WebsocketCommunicator:
    headers = list(ORIGIN)
    if user is not None:
        headers.append((b"cookie", await _session_cookie(user)))
    communicator = WebsocketCommunicator(application, f"/ws/events/{slug}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _hello(communicator: WebsocketCommunicator, since: int = 0) -> list[dict]:
    """Send hello and collect everything up to caught_up (inclusive)."""
    await communicator.send_json_to({"type": "hello", "since": since})
    received = []
    while True:
        message = await communicator.receive_json_from(timeout=5)
        received.append(message)
        if message["type"] == "caught_up":
            return received


async def _drain(communicator: WebsocketCommunicator) -> list[dict]:
    """Everything the client receives until it stays quiet for a moment."""
    received = []
    while not await communicator.receive_nothing(timeout=0.3):
        received.append(await communicator.receive_json_from())
    return received


def _versions(slug_filter: dict) -> list[int]:
    return list(ChangeLog.objects.filter(**slug_filter).order_by("id").values_list("id", flat=True))


async def test_anonymous_connection_closed_with_4401(show):
    communicator = await _connect(show.event.slug)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": CLOSE_NOT_LOGGED_IN}
    await communicator.disconnect()  # ends the consumer, which frees its database connection


async def test_stranger_closed_with_4403(show):
    communicator = await _connect(show.event.slug, show.stranger)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    await communicator.disconnect()  # ends the consumer, which frees its database connection


async def test_unknown_event_closed_with_4403(show):
    communicator = await _connect("no-such-show", show.buyer_user)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    await communicator.disconnect()  # ends the consumer, which frees its database connection


async def test_ping_answered_with_pong(show):
    communicator = await _connect(show.event.slug, show.buyer_user)
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}
    await communicator.disconnect()


async def test_changes_reach_the_parties_and_organisers_only(show):
    buyer = await _connect(show.event.slug, show.buyer_user)
    exhibitor = await _connect(show.event.slug, show.exhibitor_user)
    organiser = await _connect(show.event.slug, show.organiser_user)
    other_buyer = await _connect(show.event.slug, show.other_buyer_user)
    for c in (buyer, exhibitor, organiser, other_buyer):
        assert await _hello(c) == [{"type": "caught_up", "version": 0}]

    accepted = await database_sync_to_async(show.request_and_accept)()

    meeting = await database_sync_to_async(lambda: accepted.meetings.get())()
    versions = await database_sync_to_async(_versions)({"event": show.event})
    expected = [
        {"type": "request.created", "version": versions[0], "object": "meetingrequest", "id": accepted.pk},
        {"type": "request.answered", "version": versions[1], "object": "meetingrequest", "id": accepted.pk},
        {"type": "meeting.proposed", "version": versions[2], "object": "meeting", "id": meeting.pk},
    ]
    assert await _drain(buyer) == expected
    assert await _drain(exhibitor) == expected
    assert await _drain(organiser) == expected
    assert await _drain(other_buyer) == []
    for c in (buyer, exhibitor, organiser, other_buyer):
        await c.disconnect()


async def test_publishing_the_schedule_reaches_every_page_of_the_event_once(show):
    """Every agenda's "preliminary / published" label changes: buyers, exhibitors and organisers all hear it,
    once each; a user of another event does not."""
    from meetings.services import event_schedule_publish

    await database_sync_to_async(lambda: type(show.event).objects.filter(pk=show.event.pk).update(phase="scheduling"))()
    elsewhere = await database_sync_to_async(BuyerFactory)(languages=["ru"])
    stranger_user = await database_sync_to_async(lambda: TeamMemberFactory(exhibitor=None, buyer=elsewhere).user)()
    pages = [
        await _connect(show.event.slug, user)
        for user in (show.buyer_user, show.other_buyer_user, show.exhibitor_user, show.organiser_user)
    ]
    away = await _connect(elsewhere.event.slug, stranger_user)
    for c in (*pages, away):
        await _hello(c)

    await database_sync_to_async(event_schedule_publish)(event=show.event, by_user=show.organiser_user)

    (version,) = await database_sync_to_async(_versions)({"event": show.event})
    expected = [{"type": "schedule.published", "version": version, "object": "event", "id": show.event.pk}]
    for c in pages:
        assert await _drain(c) == expected
    assert await _drain(away) == []
    # A buyer who was offline catches up on it too (and on nothing of other buyers).
    assert await _hello(pages[0], since=0) == [*expected, {"type": "caught_up", "version": version}]
    for c in (*pages, away):
        await c.disconnect()


async def test_reconnect_catches_up_on_missed_changes_only_for_the_user(show):
    first = await _connect(show.event.slug, show.buyer_user)
    assert await _hello(first) == [{"type": "caught_up", "version": 0}]
    await first.disconnect()

    # While the buyer is away: their meeting is arranged, and someone else's request is created.
    accepted = await database_sync_to_async(show.request_and_accept)()
    await database_sync_to_async(meeting_request_create)(
        buyer=show.other_buyer, exhibitor=show.exhibitor, by_user=show.other_buyer_user
    )
    mine = await database_sync_to_async(_versions)({"buyer": show.buyer})

    again = await _connect(show.event.slug, show.buyer_user)
    received = await _hello(again, since=0)
    assert [m["version"] for m in received] == [*mine, mine[-1]]
    assert [m["type"] for m in received] == ["request.created", "request.answered", "meeting.proposed", "caught_up"]
    assert received[0]["id"] == accepted.pk
    # Resuming from the last version seen replays nothing.
    assert await _hello(again, since=mine[-1]) == [{"type": "caught_up", "version": mine[-1]}]
    await again.disconnect()


async def test_too_many_missed_changes_ask_for_a_resync(show, settings):
    from meetings import queries

    await database_sync_to_async(show.request_and_accept)()
    audience = await database_sync_to_async(queries.live_audience)(user=show.buyer_user, slug=show.event.slug)
    messages = await database_sync_to_async(queries.live_catch_up)(audience=audience, since=0, limit=2)
    latest = await database_sync_to_async(queries.latest_version)()
    assert messages == [{"type": "resync", "version": latest}, {"type": "caught_up", "version": latest}]


async def test_scheduler_progress_reaches_organisers_only(show):
    from meetings.realtime import publish_schedule_run_progress

    organiser = await _connect(show.event.slug, show.organiser_user)
    buyer = await _connect(show.event.slug, show.buyer_user)
    await _hello(organiser)
    await _hello(buyer)
    await database_sync_to_async(publish_schedule_run_progress)(
        event_id=show.event.pk, run_id=7, progress=0.5, stage="Solving"
    )
    assert await _drain(organiser) == [{"type": "schedule_run.progress", "run": 7, "progress": 0.5, "stage": "Solving"}]
    assert await _drain(buyer) == []
    await organiser.disconnect()
    await buyer.disconnect()


async def test_rolled_back_change_publishes_nothing(show):
    from django.db import transaction

    from meetings.changes import change_record
    from meetings.enums import ChangeAction

    buyer = await _connect(show.event.slug, show.buyer_user)
    await _hello(buyer)

    def write_and_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            change_record(event=show.event, action=ChangeAction.AVAILABILITY_CHANGED, buyer=show.buyer)
            raise RuntimeError("rolled back")

    await database_sync_to_async(write_and_fail)()
    assert await _drain(buyer) == []
    await buyer.disconnect()


async def test_changes_written_by_another_process_reach_the_page_through_the_change_log(show, settings):
    """With the in-memory layer (one process), a change the task worker records is pushed by the relay."""
    from channels.layers import channel_layers

    settings.LIVE_RELAY_SECONDS = 0.2
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "meetings.layers.SweepingInMemoryChannelLayer"}}
    channel_layers.backends.clear()  # this test is about the embedded setup, whatever REDIS_URL says
    communicator = await _connect(show.event.slug, show.buyer_user)
    caught_up = await _hello(communicator)
    # A row written without the publish hook, as the worker process's push would never arrive here.
    row = await database_sync_to_async(ChangeLog.objects.create)(
        event=show.event, action="meeting.proposed", buyer=show.buyer, object_type="meeting", object_id=7
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message == {"type": "meeting.proposed", "version": row.pk, "object": "meeting", "id": 7}
    assert row.pk > caught_up[-1]["version"]
    assert await communicator.receive_nothing(timeout=0.5)  # delivered once, not again by the next relay pass
    await communicator.disconnect()
    channel_layers.backends.clear()


async def test_a_scheduler_sized_write_reaches_each_client_with_only_its_own_changes(show):
    """Past FAN_OUT_GROUPS groups, one event-wide message carries everything; consumers forward only their part."""
    from django.db import transaction

    from meetings.changes import changes_record
    from meetings.realtime import FAN_OUT_GROUPS

    def write():
        others = [BuyerFactory(event=show.event) for _ in range(FAN_OUT_GROUPS + 5)]
        with transaction.atomic():
            changes_record(
                [
                    {"action": "meeting.proposed", "buyer": b.pk, "exhibitor": show.exhibitor.pk}
                    for b in [show.buyer, *others]
                ],
                event=show.event,
            )

    buyer = await _connect(show.event.slug, show.buyer_user)
    other = await _connect(show.event.slug, show.other_buyer_user)
    await _hello(buyer)
    await _hello(other)
    await database_sync_to_async(write)()
    mine = await _drain(buyer)
    assert [m["type"] for m in mine] == ["meeting.proposed"]
    assert await other.receive_nothing(timeout=0.5)  # nothing of other people's meetings
    await buyer.disconnect()
    await other.disconnect()
