"""The in-memory channel layer for the one-process setup, without its per-message sweep.

channels' `InMemoryChannelLayer` runs `_clean_expired` on every `group_send` and every `receive`: a walk over all
channels and all group memberships. With a thousand open pages, a scheduler run that sends a thousand per-page
messages (and a thousand receives) walks those dicts two thousand times — about a millisecond each, measured as
most of a one-second fan-out (docs/benchmarks.md, "Live updates"). Expiry only has to happen eventually (messages
live 60 s, memberships a day), so this layer sweeps at most once per `clean_interval` seconds. Behaviour is
otherwise the parent's.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    def __init__(self, *args: Any, clean_interval: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clean_interval = clean_interval
        self._next_clean = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now < self._next_clean:
            return
        self._next_clean = now + self.clean_interval
        super()._clean_expired()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        # The parent starts a task per member and waits for them all; a send here never waits (a full queue
        # raises at once), so plain sequential sends deliver the same, without a task per page.
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            with contextlib.suppress(ChannelFull):  # that page misses it and catches up on its next hello
                await self.send(channel, message)

    async def flush(self) -> None:
        await super().flush()
        self._next_clean = 0.0
