"""The benchmark's server: expomatch's ASGI app plus one loopback-only route that writes changes inside the
server process (so the in-memory channel layer sees them) and answers with the commit's wall-clock time.

Used only by bench/live.py; never part of the product's routing.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.db import transaction

from expomatch.asgi import application as expomatch_application
from matchmaking.models import Buyer, Event
from meetings.changes import change_record, changes_record
from meetings.enums import ChangeAction


def _write(path: str, query: dict[str, list[str]]) -> dict:
    event = Event.objects.get(slug=query["event"][0])
    committed: list[float] = []
    with transaction.atomic():
        # Registered first, so it runs first of the commit callbacks: the moment the change committed.
        transaction.on_commit(lambda: committed.append(time.time()))
        if path == "/__bench/change":
            change_record(event=event, action=ChangeAction.AVAILABILITY_CHANGED, buyer=int(query["buyer"][0]))
            rows = 1
        else:  # a scheduler run's write: one change per participant, then the run's own row
            buyers = Buyer.objects.filter(event=event).values_list("pk", flat=True)
            rows = changes_record([{"action": ChangeAction.MEETING_PROPOSED, "buyer": b} for b in buyers], event=event)
            change_record(event=event, action=ChangeAction.SCHEDULE_PUBLISHED)
            rows += 1
    return {"committed": committed[0], "rows": rows, "done": time.time()}


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith("/__bench/"):
        result = await database_sync_to_async(_write)(scope["path"], parse_qs(scope["query_string"].decode()))
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": json.dumps(result).encode()})
        return
    await expomatch_application(scope, receive, send)
