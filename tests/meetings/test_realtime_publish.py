"""Publishing live updates: batching of bulk writes, and a layer that is down never breaks the caller."""

from __future__ import annotations

from meetings.realtime import BATCH_PER_GROUP, Change, messages_for, publish_changes


def _change(version: int, buyer: int) -> Change:
    return Change(version, 1, "meeting.proposed", buyer, 9, "meeting", version)


def test_bulk_publish_batches_per_group_beyond_the_limit():
    changes = [_change(v, buyer=1) for v in range(1, BATCH_PER_GROUP + 2)] + [_change(100, buyer=2)]
    messages = messages_for(changes)
    by_group = {}
    for group, message in messages:
        by_group.setdefault(group, []).append(message["payload"])
    n = BATCH_PER_GROUP + 2
    assert by_group["event-1-organisers"] == [{"type": "changes", "version": 100, "count": n}]
    assert by_group["event-1-exhibitor-9"] == [{"type": "changes", "version": 100, "count": n}]
    assert by_group["event-1-buyer-1"] == [{"type": "changes", "version": BATCH_PER_GROUP + 1, "count": n - 1}]
    assert by_group["event-1-buyer-2"] == [{"type": "meeting.proposed", "version": 100, "object": "meeting", "id": 100}]


def test_publish_never_raises_when_the_layer_is_down(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        publish_changes([_change(1, buyer=1)])  # logs, does not raise
    finally:
        channel_layers.backends.clear()


def test_messages_for_a_large_write_fan_out_in_one_message_only_when_asked():
    from meetings.realtime import FAN_OUT_GROUPS, Change, group_everyone, messages_for

    changes = [Change(i + 1, 7, "meeting.proposed", i + 100, 5, "meeting", i) for i in range(FAN_OUT_GROUPS + 1)]
    ((group, message),) = messages_for(changes, fan_out=True)
    assert group == group_everyone(7) and message["type"] == "forward_many"
    assert message["payloads"]["event-7-buyer-100"] == [changes[0].payload()]
    assert message["payloads"]["event-7-organisers"][0]["type"] == "changes"  # more than 20 for one group
    per_group = messages_for(changes, fan_out=False)
    assert {g for g, _ in per_group} == set(message["payloads"])


def test_published_versions_are_remembered_so_the_relay_skips_them():
    from meetings.realtime import _RecentVersions, pushed_here

    publish_changes([_change(987654, buyer=1)])
    assert 987654 in pushed_here

    recent = _RecentVersions(2)
    recent.add_all([1, 2, 3])
    assert (1 in recent, 2 in recent, 3 in recent) == (False, True, True)


def test_event_wide_schedule_changes_go_to_everyone_other_event_wide_rows_to_organisers():
    from meetings.realtime import FAN_OUT_GROUPS, group_everyone, group_organisers

    published = Change(5, 7, "schedule.published", None, None, "event", 7)
    rules = Change(6, 7, "rules.changed", None, None, "event", 7)
    assert published.groups() == [group_everyone(7)]
    assert rules.groups() == [group_organisers(7)]
    assert messages_for([published]) == [(group_everyone(7), {"type": "forward", "payload": published.payload()})]
    # Inside a scheduler-sized write it travels in the one fan-out message, keyed by the everyone group.
    many = [Change(i + 10, 7, "meeting.proposed", i + 100, 5, "meeting", i) for i in range(FAN_OUT_GROUPS + 1)]
    ((_, message),) = messages_for([*many, published], fan_out=True)
    assert message["payloads"][group_everyone(7)] == [published.payload()]


def test_a_consumer_takes_its_groups_and_the_event_wide_part_of_a_fan_out_message_in_version_order():
    import asyncio

    from meetings.consumers import EventLiveConsumer
    from meetings.realtime import FAN_OUT_GROUPS, group_everyone

    published = Change(5, 7, "schedule.published", None, None, "event", 7)
    many = [Change(i + 10, 7, "meeting.proposed", i + 100, 5, "meeting", i) for i in range(FAN_OUT_GROUPS + 1)]
    ((_, message),) = messages_for([*many, published], fan_out=True)
    consumer = EventLiveConsumer()
    consumer.joined = ["event-7-buyer-100", "event-7-buyer-101"]
    consumer.everyone = group_everyone(7)
    consumer.last_version = 0
    sent: list[dict] = []

    async def send_json(payload: dict) -> None:
        sent.append(payload)

    consumer.send_json = send_json
    asyncio.run(consumer.forward_many(message))
    # The event-wide change is older than the buyer's: sent first, not dropped as already seen.
    assert [p["version"] for p in sent] == [5, 10, 11]
    assert sent[0]["type"] == "schedule.published"
