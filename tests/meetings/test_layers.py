"""The one-process channel layer: same delivery and expiry as channels' in-memory layer, swept once per interval."""

from __future__ import annotations

import asyncio

import pytest

from meetings.layers import SweepingInMemoryChannelLayer

pytestmark = pytest.mark.asyncio


class CountingLayer(SweepingInMemoryChannelLayer):
    sweeps = 0

    def _clean_expired(self) -> None:
        before = self._next_clean
        super()._clean_expired()
        if self._next_clean != before:
            self.sweeps += 1


async def test_group_send_reaches_every_member_once():
    layer = SweepingInMemoryChannelLayer()
    channels = [await layer.new_channel() for _ in range(3)]
    for channel in channels:
        await layer.group_add("event.1.everyone", channel)
    await layer.group_send("event.1.everyone", {"type": "forward", "payload": {"version": 7}})
    received = [await asyncio.wait_for(layer.receive(c), 1) for c in channels]
    assert received == [{"type": "forward", "payload": {"version": 7}}] * 3
    assert all(layer.channels.get(c) is None or layer.channels[c].empty() for c in channels)


async def test_a_burst_of_sends_sweeps_once_per_interval():
    layer = CountingLayer(clean_interval=60)
    channels = [await layer.new_channel() for _ in range(200)]
    for i, channel in enumerate(channels):
        await layer.group_add(f"event.1.buyer.{i}", channel)
    for i in range(200):
        await layer.group_send(f"event.1.buyer.{i}", {"type": "forward", "payload": {"version": i}})
    for channel in channels:
        await asyncio.wait_for(layer.receive(channel), 1)
    assert layer.sweeps == 1


async def test_expired_messages_and_their_channels_still_go():
    layer = SweepingInMemoryChannelLayer(expiry=0, clean_interval=0)
    channel = await layer.new_channel()
    await layer.group_add("event.1.organisers", channel)
    await layer.send(channel, {"type": "forward"})
    await asyncio.sleep(0.01)
    layer._clean_expired()
    assert channel not in layer.channels
    assert channel not in layer.groups.get("event.1.organisers", {})


@pytest.mark.parametrize("interval", [0.0, 1.0])
async def test_flush_empties_the_layer(interval):
    layer = SweepingInMemoryChannelLayer(clean_interval=interval)
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    await layer.flush()
    assert layer.channels == {} and layer.groups == {}


async def test_group_send_to_a_full_channel_drops_that_message_only():
    layer = SweepingInMemoryChannelLayer(capacity=1)
    full, free = await layer.new_channel(), await layer.new_channel()
    for channel in (full, free):
        await layer.group_add("g", channel)
    await layer.send(full, {"type": "first"})

    await layer.group_send("g", {"type": "second"})

    assert await asyncio.wait_for(layer.receive(full), 1) == {"type": "first"}
    assert await asyncio.wait_for(layer.receive(free), 1) == {"type": "second"}
