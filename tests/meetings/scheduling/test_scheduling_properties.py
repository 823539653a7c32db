"""Property tests: random instances, every returned schedule checked by a checker written here.

The checker deliberately shares no code with the solver (not even ``check_schedule``).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.scheduling import Instance, Meeting, Party, Slot, place_meeting, solve


@st.composite
def instances(draw: st.DrawFn) -> tuple[Instance, dict[str, str]]:
    """A random instance plus a conflict-free set of locked meetings (returned as id → slot)."""
    n_days = draw(st.integers(1, 2))
    per_session = draw(st.integers(1, 3))
    locations = draw(st.sampled_from([None, 1, 2, 3]))
    slots = tuple(
        Slot(f"{d}{h}{i}", f"d{d}", f"d{d}{h}", locations)
        for d in range(n_days)
        for h in ("am", "pm")
        for i in range(per_session)
    )
    ids = [s.id for s in slots]
    n_parties = draw(st.integers(2, 7))
    parties = tuple(
        Party(
            f"p{i}",
            capacity=draw(st.integers(1, 2)),
            unavailable=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))),
            daily_cap=draw(st.sampled_from([None, 1, 2, 3])),
        )
        for i in range(n_parties)
    )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n_parties - 1), st.integers(0, n_parties - 1)).filter(lambda ab: ab[0] != ab[1]),
            max_size=12,
        )
    )
    meetings: list[Meeting] = []
    locked: dict[str, str] = {}
    used: Counter[tuple[str, str]] = Counter()
    day_used: Counter[tuple[str, str]] = Counter()
    loc_used: Counter[str] = Counter()
    for i, (a, b) in enumerate(pairs):
        pa, pb = parties[a], parties[b]
        mid = f"m{i}"
        lock_at = draw(st.sampled_from([None, *ids])) if i % 3 == 0 else None
        slot = next((s for s in slots if s.id == lock_at), None)
        if slot is not None and _fits(slot, pa, pb, used, day_used, loc_used):
            for p in (pa, pb):
                used[(p.id, slot.id)] += 1
                day_used[(p.id, slot.day)] += 1
            loc_used[slot.id] += 1
            locked[mid] = slot.id
            meetings.append(
                Meeting(mid, (pa.id, pb.id), weight=draw(st.integers(0, 5)), locked=True, fixed_slot=slot.id)
            )
        else:
            after = (f"m{i - 1}",) if i and draw(st.booleans()) and draw(st.booleans()) else ()
            meetings.append(Meeting(mid, (pa.id, pb.id), weight=draw(st.integers(0, 5)), after=after))
    return Instance(slots=slots, parties=parties, meetings=tuple(meetings)), locked


def _fits(slot: Slot, pa: Party, pb: Party, used: Counter, day_used: Counter, loc_used: Counter) -> bool:
    for p in (pa, pb):
        if slot.id in p.unavailable or used[(p.id, slot.id)] >= p.capacity:
            return False
        if p.daily_cap is not None and day_used[(p.id, slot.day)] >= p.daily_cap:
            return False
    return slot.locations is None or loc_used[slot.id] < slot.locations


def independent_violations(inst: Instance, assignment: dict[str, str]) -> list[str]:
    slot_of = {s.id: s for s in inst.slots}
    order = {s.id: i for i, s in enumerate(inst.slots)}
    party = {p.id: p for p in inst.parties}
    meeting = {m.id: m for m in inst.meetings}
    bad = []
    per_slot: Counter[tuple[str, str]] = Counter()
    per_day: Counter[tuple[str, str]] = Counter()
    per_loc: Counter[str] = Counter()
    for mid, sid in assignment.items():
        m = meeting[mid]
        for pid in m.parties:
            per_slot[(pid, sid)] += 1
            per_day[(pid, slot_of[sid].day)] += 1
            if sid in party[pid].unavailable:
                bad.append(f"unavailable {mid}")
        per_loc[sid] += m.uses_location
        if m.fixed_slot and m.fixed_slot != sid:
            bad.append(f"fixed {mid}")
        for q in m.after:
            if q in assignment and order[assignment[q]] >= order[sid]:
                bad.append(f"precedence {mid}")
    bad += [f"double booking {k}" for k, n in per_slot.items() if n > party[k[0]].capacity]
    bad += [
        f"daily cap {k}" for k, n in per_day.items() if party[k[0]].daily_cap is not None and n > party[k[0]].daily_cap
    ]
    bad += [
        f"locations {k}" for k, n in per_loc.items() if slot_of[k].locations is not None and n > slot_of[k].locations
    ]
    return bad


def independent_breaks(inst: Instance, assignment: dict[str, str]) -> dict[str, int]:
    order = {s.id: i for i, s in enumerate(inst.slots)}
    day = {s.id: s.day for s in inst.slots}
    times: dict[str, set[int]] = {p.id: set() for p in inst.parties}
    for mid, sid in assignment.items():
        for pid in next(m for m in inst.meetings if m.id == mid).parties:
            times[pid].add(order[sid])
    by_slot = {i: s.id for s, i in ((s, order[s.id]) for s in inst.slots)}
    out = {}
    for pid, ts in times.items():
        seq = sorted(ts)
        out[pid] = sum(1 for a, b in pairwise(seq) if day[by_slot[a]] == day[by_slot[b]] and b != a + 1)
    return out


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances(), st.sampled_from(["greedy", "full", "phases"]))
def test_solve_returns_valid_schedule(case: tuple[Instance, dict[str, str]], method: str) -> None:
    inst, locked = case
    sol = solve(inst, time_limit=1.0, method=method)
    assert independent_violations(inst, sol.assignment) == []
    for mid, sid in locked.items():
        assert sol.assignment[mid] == sid
    breaks = independent_breaks(inst, sol.assignment)
    assert sol.breaks_total == sum(breaks.values())
    assert sol.breaks_by_party == {p: b for p, b in breaks.items() if b}
    assert set(sol.assignment) | set(sol.unscheduled) == {m.id for m in inst.meetings}
    assert set(sol.assignment).isdisjoint(sol.unscheduled)
    assert sol.weight == sum(m.weight for m in inst.meetings if m.id in sol.assignment)
    assert sol.weight <= sol.upper_bound
    assert sol.status in {"optimal", "feasible"}


@FAST
@given(instances())
def test_full_model_is_at_least_as_good_as_greedy(case: tuple[Instance, dict[str, str]]) -> None:
    inst, _ = case
    greedy = solve(inst, time_limit=1.0, method="greedy")
    full = solve(inst, time_limit=2.0, method="full")
    assert full.weight >= greedy.weight
    if full.status == "optimal":
        assert full.weight == max(full.weight, greedy.weight)


@FAST
@given(instances(), st.integers(0, 6), st.integers(0, 6))
def test_place_meeting_keeps_schedule_valid(case: tuple[Instance, dict[str, str]], a: int, b: int) -> None:
    inst, _ = case
    parties = [p.id for p in inst.parties]
    if a >= len(parties) or b >= len(parties) or a == b:
        return
    sol = solve(inst, time_limit=1.0, method="greedy")
    new = Meeting("new", (parties[a], parties[b]))
    placement = place_meeting(inst, sol.assignment, new)
    extended = Instance(slots=inst.slots, parties=inst.parties, meetings=(*inst.meetings, new))
    if placement.slot_id is None:
        assert placement.reason
    else:
        assert independent_violations(extended, {**sol.assignment, "new": placement.slot_id}) == []
