"""The live-update WebSocket: authenticate, join the permitted groups, forward. No business logic.

Protocol (JSON both ways), see docs/live.md:
- client → {"type": "hello", "since": N}: the server replays every change after version N the user may see,
  then {"type": "caught_up", "version": V} (or {"type": "resync"} first when too many were missed);
- client → {"type": "ping"}: the server answers {"type": "pong"} (heartbeat), or closes with 4503 when the
  channel layer (Redis) is unreachable, so the page reconnects and polls meanwhile;
- server → {"type": "<action>", "version", "object", "id"} for each change, {"type": "changes", "version",
  "count"} for a large batch, {"type": "schedule_run.progress", ...} for organisers, and
  {"type": "notifications.unread", "event", "unread", "version": 0} to the user's own group `user-<id>` when
  their notifications at this event change (docs/notifications.md).
A user who is not logged in is closed with 4401, a user without a role at the event with 4403.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import InMemoryChannelLayer
from django.conf import settings

from meetings import queries, realtime

CLOSE_NOT_LOGGED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_LAYER_DOWN = 4503  # the channel layer (Redis) is unreachable: reconnect later, poll meanwhile


def relay_seconds() -> float:
    return float(getattr(settings, "LIVE_RELAY_SECONDS", 2.0))


class ChangeLogRelay:
    """One per process, for the in-memory layer only: the in-memory layer does not cross processes, so changes
    recorded by another process (the task worker: expiry, scheduler runs) would never be pushed. Every
    `LIVE_RELAY_SECONDS` the relay reads new change-log rows and publishes them here; consumers drop what they
    already delivered. One query per interval per process, whatever the number of connections; it runs while at
    least one connection is open."""

    task: asyncio.Task[None] | None = None
    users = 0

    @classmethod
    def attach(cls, layer: Any) -> None:
        cls.users += 1
        loop = asyncio.get_running_loop()
        if cls.task is None or cls.task.done() or cls.task.get_loop() is not loop:
            cls.task = loop.create_task(cls._run(layer))

    @classmethod
    async def detach(cls) -> None:
        cls.users = max(0, cls.users - 1)
        if cls.users == 0 and cls.task is not None:
            cls.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await cls.task
            cls.task = None

    @classmethod
    async def _run(cls, layer: Any) -> None:
        from meetings.notifications import queries as notes

        last = await database_sync_to_async(queries.latest_version)()
        last_note = await database_sync_to_async(notes.latest_notification_id)()
        while True:
            await asyncio.sleep(relay_seconds())
            rows = await database_sync_to_async(queries.changes_after)(since=last, limit=500)
            if rows:
                last = rows[-1].pk
                fresh = [realtime.Change.from_row(r) for r in rows if r.pk not in realtime.pushed_here]
                await realtime.publish_changes_async(layer, fresh)
            # Notifications the task worker wrote: each person's new unread count.
            last_note, counts = await database_sync_to_async(notes.notifications_created_after)(since=last_note)
            for user_id, event_id, unread in counts:
                group, message = realtime.user_notifications_message(user_id=user_id, event_id=event_id, unread=unread)
                await layer.group_send(group, message)


class EventLiveConsumer(AsyncJsonWebsocketConsumer):
    audience: queries.LiveAudience | None = None
    joined: list[str]
    last_version: int | None = None  # set once the client is caught up; later messages are newer
    relayed = False
    everyone = ""

    async def connect(self) -> None:
        self.joined = []
        user = self.scope.get("user")
        # Accept before closing so the browser sees the close code (a refused handshake shows only 1006).
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.audience = await database_sync_to_async(queries.live_audience)(user=user, slug=slug)
        if self.audience is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        for group in [*self.audience.groups(), realtime.group_user(user.pk)]:
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.append(group)
        self.everyone = realtime.group_everyone(self.audience.event.pk)
        await self.channel_layer.group_add(self.everyone, self.channel_name)
        if isinstance(self.channel_layer, InMemoryChannelLayer):
            ChangeLogRelay.attach(self.channel_layer)
            self.relayed = True

    async def _deliver(self, payload: dict[str, Any]) -> None:
        """Send a change once: a version already delivered (pushed and relayed) is dropped."""
        version = payload.get("version")
        if isinstance(version, int) and self.last_version is not None and payload.get("type") != "changes":
            if version <= self.last_version:
                return
            self.last_version = version
        await self.send_json(payload)

    async def disconnect(self, code: int) -> None:
        if self.relayed:
            self.relayed = False
            await ChangeLogRelay.detach()
        for group in [*self.joined, *([self.everyone] if self.everyone else [])]:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.everyone = ""
        self.joined = []

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.audience is None or not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            if not await realtime.layer_reachable(self.channel_layer):
                await self.close(code=CLOSE_LAYER_DOWN)
                return
            await self.send_json({"type": "pong"})
        elif kind == "hello":
            since = content.get("since")
            since = since if isinstance(since, int) and since >= 0 else 0
            messages = await database_sync_to_async(queries.live_catch_up)(audience=self.audience, since=since)
            for message in messages:
                await self.send_json(message)
                if message["type"] == "caught_up":
                    self.last_version = max(self.last_version or 0, message["version"])

    # Layer messages whose handlers never touch the database.
    PUSH_TYPES = frozenset({"forward", "forward_many", "notify"})

    async def dispatch(self, message: dict[str, Any]) -> None:
        # channels runs close_old_connections in the one sync thread before *every* handler: with a thousand
        # pages, a scheduler run's pushes queued a thousand thread hops one behind the other (most of the fan-out
        # time in bench/live.py). Pushes skip it; everything else (connect, hello, disconnect) keeps it, and the
        # queries themselves go through database_sync_to_async, which closes stale connections anyway.
        if message.get("type") in self.PUSH_TYPES:
            await getattr(self, message["type"])(message)
            return
        await super().dispatch(message)

    async def forward_many(self, message: dict[str, Any]) -> None:
        """One message for the whole event (a scheduler run): deliver only the parts of this user's groups and the
        event-wide part, oldest first (a version lower than one already sent would be dropped)."""
        mine = [p for group in [*self.joined, self.everyone] for p in message["payloads"].get(group, ())]
        for payload in sorted(mine, key=lambda p: p.get("version", 0)):
            await self._deliver(payload)

    async def notify(self, message: dict[str, Any]) -> None:
        """The user's notifications at this event changed (meetings.realtime.publish_user_notifications)."""
        payload = message["payload"]
        if self.audience is not None and payload.get("event") == self.audience.event.pk:
            await self.send_json(payload)

    async def forward(self, message: dict[str, Any]) -> None:
        """A layer message from meetings.realtime: pass its payload to the browser (once per version)."""
        await self._deliver(message["payload"])
