"""Redis stops mid-use (a private redis-server, killed with SIGKILL and started again): HTTP keeps working —
publishing after the commit never raises into the request —, the polling fallback serves what the socket
missed, and live pushes resume once Redis is back. Real daphne process, real Redis, real WebSockets."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import time as clock

import pytest
import websockets
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from matchmaking.enums import EventPhase
from meetings.enums import RequestStatus
from meetings.models import ChangeLog, Meeting, MeetingRequest
from meetings.services import slots_generate
from tests.daphne_server import daphne_server
from tests.factories import (
    BuyerFactory,
    EventDayFactory,
    EventFactory,
    ExhibitorFactory,
    MeetingRequestFactory,
    TeamMemberFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _http(url: str, *, method: str = "GET", headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def _connect(base: str, slug: str, cookie: str, since: int, *, wait: float = 20.0):
    """Open the event's socket and replay from `since`; returns (socket, replayed messages). Retries while the
    server refuses (Redis just came back) for up to `wait` seconds."""
    url = base.replace("http", "ws", 1) + f"/ws/events/{slug}/"
    deadline = time.monotonic() + wait
    while True:
        try:
            ws = await websockets.connect(url, additional_headers={"Cookie": cookie, "Origin": base})
            await ws.send(json.dumps({"type": "hello", "since": since}))
            replay = []
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                replay.append(message)
                if message["type"] == "caught_up":
                    return ws, replay
        except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed, TimeoutError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _meeting_of(req: MeetingRequest) -> int:
    """The request's meeting id, read on a worker thread whose connection is closed afterwards."""

    def read() -> int:
        try:
            return Meeting.objects.get(request=req).pk
        finally:
            connection.close()

    return await asyncio.to_thread(read)


async def _next_of_type(ws, wanted: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
        if message["type"] == wanted:
            return message


def test_redis_outage_keeps_http_working_and_live_updates_resume(private_redis):
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event, opens=clock(10), closes=clock(13))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, languages=["ru"])
    buyer.days_attending.add(day)
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitors = [ExhibitorFactory(event=event, languages=["ru"]) for _ in range(3)]
    tokens = {e.pk: Token.objects.create(user=TeamMemberFactory(exhibitor=e).user).key for e in exhibitors}
    first, during, after = (MeetingRequestFactory(event=event, buyer=buyer, exhibitor=e) for e in exhibitors)
    client = Client()
    client.force_login(buyer_user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    since = ChangeLog.objects.latest("id").pk if ChangeLog.objects.exists() else 0

    with daphne_server(redis_url=private_redis.url, channels_prefix=f"reliab-{uuid.uuid4().hex[:8]}") as base:

        def accept(req: MeetingRequest) -> int:
            status, body = _http(
                f"{base}/api/v1/events/{event.slug}/requests/{req.pk}/accept/",
                method="POST",
                headers={"Authorization": f"Token {tokens[req.exhibitor_id]}"},
            )
            assert status == 200, body[:300]
            return status

        def poll(version: int) -> list[dict]:
            status, body = _http(f"{base}/e/{event.slug}/changes/?since={version}", headers={"Cookie": cookie})
            assert status == 200, body[:300]
            return json.loads(body)["messages"]

        async def scenario() -> None:
            # Redis up: a change is pushed to the open socket.
            ws, replay = await _connect(base, event.slug, cookie, since)
            assert replay == [{"type": "caught_up", "version": since}]
            await asyncio.to_thread(accept, first)
            pushed = await _next_of_type(ws, "meeting.proposed")
            assert pushed["id"] == await _meeting_of(first)
            # A page that stays connected through the outage: its next heartbeat finds the layer gone.
            kept_open = ws

            # Redis dies: the write still succeeds (the push is lost, not the write) and polling serves it.
            private_redis.stop()
            await asyncio.to_thread(accept, during)
            during_meeting = await _meeting_of(during)
            # A page (re)connecting now is refused, so live.js falls back to polling...
            with pytest.raises((websockets.InvalidStatus, websockets.ConnectionClosed)):
                await _connect(base, event.slug, cookie, pushed["version"], wait=0)
            # The page that stayed connected is closed at its next heartbeat (4503), so live.js reconnects with
            # back-off and polls meanwhile instead of showing "Live" while nothing can arrive.
            await kept_open.send(json.dumps({"type": "ping"}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(kept_open.recv(), 10)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4503
            # ...and polling serves what the socket could not push.
            polled = await asyncio.to_thread(poll, pushed["version"])
            assert [(m["type"], m.get("id")) for m in polled] == [
                ("request.answered", during.pk),
                ("meeting.proposed", during_meeting),
                ("caught_up", None),
            ]

            # Redis is back: a reconnecting page catches up from the log, then gets live pushes again.
            private_redis.start()
            ws, replay = await _connect(base, event.slug, cookie, pushed["version"])
            assert [(m["type"], m.get("id")) for m in replay] == [(m["type"], m.get("id")) for m in polled]
            await asyncio.to_thread(accept, after)
            pushed_again = await _next_of_type(ws, "meeting.proposed")
            assert pushed_again["id"] == await _meeting_of(after)
            await ws.close()

        asyncio.run(scenario())

    assert set(MeetingRequest.objects.filter(event=event).values_list("status", flat=True)) == {RequestStatus.ACCEPTED}
    assert Meeting.objects.filter(event=event).count() == 3
