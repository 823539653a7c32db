"""Many processes: two daphne servers on the Redis channel layer; a change committed through one reaches a
WebSocket client connected to the other. Selected only when REDIS_URL is set (tests/meetings/conftest.py)."""

from __future__ import annotations

import asyncio
import json
import os
import urllib.request
import uuid
from datetime import time

import pytest
import websockets
from django.test import Client
from rest_framework.authtoken.models import Token

from matchmaking.enums import EventPhase
from meetings.models import ChangeLog, Meeting
from meetings.services import meeting_request_create, slots_generate
from tests.daphne_server import daphne_server
from tests.factories import BuyerFactory, EventDayFactory, EventFactory, ExhibitorFactory, TeamMemberFactory

NEEDS_REDIS = True
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_change_through_one_process_reaches_a_client_of_the_other():
    event = EventFactory(phase=EventPhase.PUBLISHED)
    day = EventDayFactory(event=event, opens=time(10), closes=time(12))
    slots_generate(event=event)
    buyer = BuyerFactory(event=event, languages=["ru"])
    buyer.days_attending.add(day)
    exhibitor = ExhibitorFactory(event=event, languages=["ru"])
    buyer_user = TeamMemberFactory(exhibitor=None, buyer=buyer).user
    exhibitor_user = TeamMemberFactory(exhibitor=exhibitor).user
    req = meeting_request_create(buyer=buyer, exhibitor=exhibitor, by_user=buyer_user)
    since = ChangeLog.objects.latest("id").pk
    client = Client()
    client.force_login(buyer_user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    token = Token.objects.create(user=exhibitor_user).key
    prefix = f"expomatch-test-{uuid.uuid4().hex[:8]}"
    redis_url = os.environ["REDIS_URL"]

    with (
        daphne_server(redis_url=redis_url, channels_prefix=prefix) as first,
        daphne_server(redis_url=redis_url, channels_prefix=prefix) as second,
    ):

        def accept_through_first() -> None:
            request = urllib.request.Request(
                f"{first}/api/v1/events/{event.slug}/requests/{req.pk}/accept/",
                method="POST",
                headers={"Authorization": f"Token {token}"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200

        async def listen_on_second() -> list[dict]:
            url = second.replace("http", "ws", 1) + f"/ws/events/{event.slug}/"
            headers = {"Cookie": cookie, "Origin": second}
            async with websockets.connect(url, additional_headers=headers) as ws:
                await ws.send(json.dumps({"type": "hello", "since": since}))
                assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"type": "caught_up", "version": since}
                await asyncio.to_thread(accept_through_first)
                return [json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(2)]

        received = asyncio.run(listen_on_second())

    meeting = Meeting.objects.get(request=req)
    answered, proposed = ChangeLog.objects.filter(id__gt=since).order_by("id")
    assert received == [
        {"type": "request.answered", "version": answered.pk, "object": "meetingrequest", "id": req.pk},
        {"type": "meeting.proposed", "version": proposed.pk, "object": "meeting", "id": meeting.pk},
    ]
