"""Live updates: the group names and the publish_* helpers (DESIGN.md item 7).

Push only, no logic: a message names what changed (type, ids) and the version (the ChangeLog id); the page
re-fetches what it shows. Every recorded change is published by `meetings.changes` once its transaction has
committed, to the groups of its buyer and exhibitor (when set) and to the event's organisers.

Publishing never raises into the caller: a channel layer that is down (Redis stopped) loses the push, not the
write, and clients catch up from the change log when they reconnect or poll.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

# A bulk write (a scheduler run) sends each group at most this many messages one by one; past it, one
# "changes" message with the latest version tells the page to re-fetch (channel capacity is 100 per client).
BATCH_PER_GROUP = 20


def group_buyer(event_id: int, buyer_id: int) -> str:
    return f"event-{event_id}-buyer-{buyer_id}"


def group_exhibitor(event_id: int, exhibitor_id: int) -> str:
    return f"event-{event_id}-exhibitor-{exhibitor_id}"


def group_organisers(event_id: int) -> str:
    return f"event-{event_id}-organisers"


def group_user(user_id: int) -> str:
    """One person's connections (every event): their notification count changed."""
    return f"user-{user_id}"


def group_everyone(event_id: int) -> str:
    """Every live connection of the event (joined after the access check, like the others). It is sent
    `forward_many` messages, which each consumer filters down to its own groups, and the changes of
    EVERYONE_ACTIONS, which every page of the event should see."""
    return f"event-{event_id}-everyone"


# Event-wide rows (no buyer, no exhibitor) that participants see too, not only organisers: the schedule was
# written or published, so any agenda and its "preliminary / published" label may have changed. They carry no
# one's data (type, version, object "event" and its id).
EVERYONE_ACTIONS = frozenset({"schedule.published"})


# A write that reaches more groups than this (a scheduler run) goes out as ONE message to the event's
# "everyone" group, each consumer picking out its own part: one layer send instead of one per participant.
FAN_OUT_GROUPS = 50


@dataclass(frozen=True)
class Change:
    """The published part of a ChangeLog row (plain values, so it can outlive the transaction)."""

    version: int
    event_id: int
    action: str
    buyer_id: int | None
    exhibitor_id: int | None
    object_type: str
    object_id: int | None

    @classmethod
    def from_row(cls, row: Any) -> Change:
        return cls(
            version=row.pk,
            event_id=row.event_id,
            action=str(row.action),
            buyer_id=row.buyer_id,
            exhibitor_id=row.exhibitor_id,
            object_type=row.object_type,
            object_id=row.object_id,
        )

    def payload(self) -> dict[str, Any]:
        """What the client receives: {"type": action, "version", "object", "id"}."""
        return {"type": self.action, "version": self.version, "object": self.object_type, "id": self.object_id}

    def groups(self) -> list[str]:
        if self.buyer_id is None and self.exhibitor_id is None and self.action in EVERYONE_ACTIONS:
            return [group_everyone(self.event_id)]  # organisers are in it too
        groups = [group_organisers(self.event_id)]
        if self.buyer_id is not None:
            groups.append(group_buyer(self.event_id, self.buyer_id))
        if self.exhibitor_id is not None:
            groups.append(group_exhibitor(self.event_id, self.exhibitor_id))
        return groups


def messages_for(changes: Sequence[Change], *, fan_out: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """(group, layer message) pairs for `changes`, in version order. A group that would get more than
    BATCH_PER_GROUP messages gets one {"type": "changes", "version": latest, "count": n} instead; when an event's
    changes reach more than FAN_OUT_GROUPS groups, they travel as one `forward_many` message to its everyone-group."""
    per_event: dict[int, dict[str, list[Change]]] = defaultdict(lambda: defaultdict(list))
    for change in sorted(changes, key=lambda c: c.version):
        for group in change.groups():
            per_event[change.event_id][group].append(change)
    messages: list[tuple[str, dict[str, Any]]] = []
    for event_id, per_group in per_event.items():
        payloads: dict[str, list[dict[str, Any]]] = {}
        for group, items in per_group.items():
            if len(items) > BATCH_PER_GROUP:
                payloads[group] = [{"type": "changes", "version": items[-1].version, "count": len(items)}]
            else:
                payloads[group] = [c.payload() for c in items]
        if fan_out and len(payloads) > FAN_OUT_GROUPS:
            messages.append((group_everyone(event_id), {"type": "forward_many", "payloads": payloads}))
        else:
            messages.extend(
                (group, {"type": "forward", "payload": payload})
                for group, items in payloads.items()
                for payload in items
            )
    return messages


class _RecentVersions:
    """The last `size` versions this process pushed itself (bounded: oldest forgotten first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.order: deque[int] = deque()
        self.members: set[int] = set()

    def add_all(self, versions: Iterable[int]) -> None:
        for version in versions:
            if version not in self.members:
                self.members.add(version)
                self.order.append(version)
                if len(self.order) > self.size:
                    self.members.discard(self.order.popleft())

    def __contains__(self, version: object) -> bool:
        return version in self.members


# The change-log relay (one-process setup, meetings/consumers.py) skips what this process already pushed: a
# scheduler run's thousand rows would otherwise be pushed twice, the second time only to be dropped by every page.
pushed_here = _RecentVersions(20_000)


def publish_changes(rows: Iterable[Any]) -> None:
    """Publish committed ChangeLog rows (or Change values). Never raises."""
    changes = [r if isinstance(r, Change) else Change.from_row(r) for r in rows]
    if changes:
        pushed_here.add_all(c.version for c in changes)
        layer = get_channel_layer()
        _send(messages_for(changes, fan_out=_fans_out(layer)))


def publish_schedule_run_progress(*, event_id: int, run_id: int, progress: float, stage: str) -> None:
    """Tell the event's organisers how far a scheduler run is (no change-log row: progress is not a change)."""
    payload = {"type": "schedule_run.progress", "run": run_id, "progress": progress, "stage": stage}
    _send([(group_organisers(event_id), {"type": "forward", "payload": payload})])


def user_notifications_message(*, user_id: int, event_id: int, unread: int) -> tuple[str, dict[str, Any]]:
    """{"type": "notifications.unread", "event", "unread", "version": 0} for the user's group. Version 0 is no
    change-log version: live.js re-fetches its regions (the bell among them) and keeps the version it holds."""
    payload = {"type": "notifications.unread", "event": event_id, "unread": unread, "version": 0}
    return group_user(user_id), {"type": "notify", "payload": payload}


def publish_user_notifications(*, user_id: int, event_id: int, unread: int) -> None:
    """Tell a person's open pages that their notifications changed (after commit). Never raises."""
    _send([user_notifications_message(user_id=user_id, event_id=event_id, unread=unread)])


def _send(messages: list[tuple[str, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    try:
        async_to_sync(_send_all)(layer, messages)
    except Exception:  # a push is best effort; the change log is the record clients catch up from
        log.exception("live update not published (%d messages)", len(messages))


async def _send_all(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    # One after another: measured with Redis, concurrent group_sends lost messages under load.
    for group, message in messages:
        await layer.group_send(group, message)


async def publish_changes_async(layer: Any, changes: Sequence[Change]) -> None:
    """The async form of publish_changes, for code already on the event loop (the change-log relay)."""
    if changes:
        await _send_all(layer, messages_for(changes, fan_out=_fans_out(layer)))


def _fans_out(layer: Any) -> bool:
    # One event-wide message pays off only on channels_redis' list-based core layer, where every group_send is
    # several round trips. The in-memory layer deep-copies a message for every member, and the pub/sub layer
    # (our Redis default) decodes it once per member: there one big message to a thousand connections costs
    # seconds, while a thousand per-group messages cost a few hundred milliseconds (docs/benchmarks.md).
    return layer is not None and type(layer).__name__ == "RedisChannelLayer"


LAYER_CHECK_SECONDS = 5.0
LAYER_CHECK_TIMEOUT = 2.0
_layer_checks: dict[int, tuple[float, bool]] = {}


async def layer_reachable(layer: Any) -> bool:
    """Whether the channel layer takes a message now: one publish to a group nobody joins (a Redis `PUBLISH`, a
    no-op in memory), at most once per LAYER_CHECK_SECONDS per process and layer, however many sockets ask.

    A socket that stays open while Redis is down would still answer heartbeats and so never show the outage or
    poll; the consumer asks this on each heartbeat and closes when the layer is gone, so the page reconnects
    (refused while Redis is down), falls back to polling, and is live again once Redis returns."""
    now = time.monotonic()
    checked = _layer_checks.get(id(layer))
    if checked is not None and now - checked[0] < LAYER_CHECK_SECONDS:
        return checked[1]
    try:
        async with asyncio.timeout(LAYER_CHECK_TIMEOUT):
            await layer.group_send("expomatch-layer-check", {"type": "layer.check"})
        ok = True
    except Exception:  # unreachable, timed out, refused: all mean "not live"
        log.warning("channel layer unreachable; open sockets will be closed so pages poll")
        ok = False
    _layer_checks[id(layer)] = (time.monotonic(), ok)
    return ok
