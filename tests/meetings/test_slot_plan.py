from datetime import UTC, date, datetime, time

import pytest

from meetings.slot_plan import DayPlan, plan_slots

SECUREX_DAYS = [
    DayPlan(date(2026, 11, 10), time(10), time(17), ((time(13), time(14)),)),
    DayPlan(date(2026, 11, 11), time(10), time(17), ((time(13), time(14)),)),
    DayPlan(date(2026, 11, 12), time(10), time(15), ((time(13), time(14)),)),
]


def test_plan_slots_securex_default_counts_and_times():
    slots = plan_slots(SECUREX_DAYS, slot_minutes=20, buffer_minutes=5, time_zone="Asia/Tashkent")
    per_day = [sum(1 for s in slots if s.day == d.date) for d in SECUREX_DAYS]
    # 10:00 … 12:30 is seven slots before lunch; 14:00 … 16:30 seven after; day 3 closes at 15:00 (two after).
    assert per_day == [14, 14, 9]
    first = slots[0]
    assert first.starts_at == datetime(2026, 11, 10, 5, 0, tzinfo=UTC)  # 10:00 in Tashkent (UTC+5)
    assert first.ends_at == datetime(2026, 11, 10, 5, 20, tzinfo=UTC)
    assert [s.starts_at.hour for s in slots[6:8]] == [7, 9]  # 12:30 local, then 14:00 local after lunch


def test_plan_slots_sessions_split_at_breaks():
    slots = plan_slots(SECUREX_DAYS[:1], slot_minutes=20, buffer_minutes=5, time_zone="Asia/Tashkent")
    assert [s.session for s in slots] == [1] * 7 + [2] * 7
    assert [s.index for s in slots] == list(range(14))


def test_plan_slots_no_slot_overlaps_a_break_or_passes_closing():
    day = DayPlan(date(2026, 11, 10), time(9, 10), time(12, 7), ((time(10, 0), time(10, 30)),))
    slots = plan_slots([day], slot_minutes=30, buffer_minutes=0, time_zone="UTC")
    spans = [(s.starts_at.time(), s.ends_at.time()) for s in slots]
    assert spans == [
        (time(9, 10), time(9, 40)),
        (time(10, 30), time(11, 0)),
        (time(11, 0), time(11, 30)),
        (time(11, 30), time(12, 0)),
    ]
    assert [s.session for s in slots] == [1, 2, 2, 2]


def test_plan_slots_is_deterministic_and_ordered():
    a = plan_slots(list(reversed(SECUREX_DAYS)), slot_minutes=15, buffer_minutes=5, time_zone="Asia/Tashkent")
    b = plan_slots(SECUREX_DAYS, slot_minutes=15, buffer_minutes=5, time_zone="Asia/Tashkent")
    assert a == b
    assert [s.starts_at for s in a] == sorted(s.starts_at for s in a)


@pytest.mark.parametrize(("length", "buffer"), [(0, 5), (20, -1)])
def test_plan_slots_rejects_bad_lengths(length, buffer):
    with pytest.raises(ValueError):
        plan_slots(SECUREX_DAYS, slot_minutes=length, buffer_minutes=buffer, time_zone="UTC")
