"""The live-update WebSocket: authenticate, join the permitted groups, forward. No business logic.

Protocol (JSON both ways), see docs/live.md:
- client → {"type": "hello", "since": N}: the server replays every change after version N the user may see,
  then {"type": "caught_up", "version": V} (or {"type": "resync"} first when too many were missed);
- client → {"type": "ping"}: the server answers {"type": "pong"} (heartbeat);
- server → {"type": "<action>", "version", "object", "id"} for each change, {"type": "changes", "version",
  "count"} for a large batch, {"type": "schedule_run.progress", ...} for organisers.
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


def relay_seconds() -> float:
    return float(getattr(settings, "LIVE_RELAY_SECONDS", 2.0))


class EventLiveConsumer(AsyncJsonWebsocketConsumer):
    audience: queries.LiveAudience | None = None
    joined: list[str]
    last_version: int | None = None  # set once the client is caught up; later messages are newer
    relay: asyncio.Task[None] | None = None

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
        for group in self.audience.groups():
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.append(group)
        if isinstance(self.channel_layer, InMemoryChannelLayer):
            # The in-memory layer does not cross processes: changes the task worker makes (expiry, scheduler
            # runs) would never be pushed here. Read them from the change log instead (embedded setup only).
            self.relay = asyncio.create_task(self._relay_from_change_log())

    async def _relay_from_change_log(self) -> None:
        while True:
            await asyncio.sleep(relay_seconds())
            if self.audience is None or self.last_version is None:
                continue
            rows = await database_sync_to_async(queries.changes_since)(
                audience=self.audience, since=self.last_version, limit=200
            )
            for row in rows:
                await self._deliver(realtime.Change.from_row(row).payload())

    async def _deliver(self, payload: dict[str, Any]) -> None:
        """Send a change once: a version already delivered (pushed and relayed) is dropped."""
        version = payload.get("version")
        if isinstance(version, int) and self.last_version is not None and payload.get("type") != "changes":
            if version <= self.last_version:
                return
            self.last_version = version
        await self.send_json(payload)

    async def disconnect(self, code: int) -> None:
        if self.relay is not None:
            self.relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.relay
            self.relay = None
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined = []

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.audience is None or not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "hello":
            since = content.get("since")
            since = since if isinstance(since, int) and since >= 0 else 0
            messages = await database_sync_to_async(queries.live_catch_up)(audience=self.audience, since=since)
            for message in messages:
                await self.send_json(message)
                if message["type"] == "caught_up":
                    self.last_version = max(self.last_version or 0, message["version"])

    async def forward(self, message: dict[str, Any]) -> None:
        """A layer message from meetings.realtime: pass its payload to the browser (once per version)."""
        await self._deliver(message["payload"])
