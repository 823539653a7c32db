"""The fast path: one new meeting into the best common free slot, nothing else moves."""

from __future__ import annotations

import random
import time

from meetings.scheduling import Instance, Meeting, Party, Slot, place_meeting, solve

SLOTS = tuple(Slot(f"s{i}", "d1", "d1/am") for i in range(5))


def test_place_meeting_prefers_slot_next_to_existing_meetings() -> None:
    inst = Instance(
        slots=SLOTS,
        parties=(Party("b"), Party("e1"), Party("e2")),
        meetings=(Meeting("old", ("b", "e1")),),
    )
    placement = place_meeting(inst, {"old": "s2"}, Meeting("new", ("b", "e2")))
    assert placement.slot_id == "s1"
    assert placement.reason is None


def test_place_meeting_explains_when_nothing_fits() -> None:
    inst = Instance(
        slots=SLOTS[:2],
        parties=(Party("b", kind="buyer"), Party("e1"), Party("e2", kind="exhibitor", unavailable=frozenset({"s0"}))),
        meetings=(Meeting("old", ("b", "e1")),),
    )
    placement = place_meeting(inst, {"old": "s1"}, Meeting("new", ("b", "e2")))
    assert placement.slot_id is None
    assert placement.reason == "buyer b is fully booked in every slot both are available"


def test_place_meeting_reports_daily_cap() -> None:
    inst = Instance(
        slots=SLOTS,
        parties=(Party("b", kind="buyer", daily_cap=1), Party("e1"), Party("e2")),
        meetings=(Meeting("old", ("b", "e1")),),
    )
    placement = place_meeting(inst, {"old": "s0"}, Meeting("new", ("b", "e2")))
    assert placement == placement.__class__(None, "buyer b's daily cap is reached on every common day")


def _show(n_buyers: int, n_exhibitors: int, n_requests: int) -> Instance:
    rng = random.Random(7)
    slots = tuple(Slot(f"{d}-{h}-{i}", f"d{d}", f"d{d}/{h}") for d in range(3) for h in ("am", "pm") for i in range(9))
    parties = tuple(Party(f"b{i}", kind="buyer", daily_cap=8) for i in range(n_buyers)) + tuple(
        Party(f"e{i}", kind="exhibitor", capacity=rng.randint(1, 3)) for i in range(n_exhibitors)
    )
    pairs = set()
    while len(pairs) < n_requests:
        pairs.add((f"b{rng.randrange(n_buyers)}", f"e{rng.randrange(n_exhibitors)}"))
    meetings = tuple(Meeting(f"r{i}", p, weight=rng.randint(10, 39)) for i, p in enumerate(sorted(pairs)))
    return Instance(slots=slots, parties=parties, meetings=meetings)


def test_place_meeting_is_fast_at_securex_scale() -> None:
    inst = _show(600, 120, 4000)
    sol = solve(inst, time_limit=2, method="greedy")
    times = []
    for b, e in (("b1", "e3"), ("b17", "e50"), ("b300", "e99"), ("b599", "e0"), ("b42", "e119")):
        new = Meeting(f"new-{b}-{e}", (b, e))
        start = time.perf_counter()
        place_meeting(inst, sol.assignment, new)
        times.append(time.perf_counter() - start)
    assert sorted(times)[len(times) // 2] < 0.010
