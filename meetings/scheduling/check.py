"""Independent validity check of a schedule against an instance (used by tests, CLI users and benchmarks)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from meetings.scheduling.model import Instance


def check_schedule(instance: Instance, assignment: Mapping[str, str]) -> list[str]:
    """Every violated rule of ``assignment`` (meeting id → slot id), as messages; empty when valid.

    Written without the solver's index so that it can catch the solver's own mistakes.
    """
    errors: list[str] = []
    slots = {s.id: (i, s) for i, s in enumerate(instance.slots)}
    parties = {p.id: p for p in instance.parties}
    meetings = {m.id: m for m in instance.meetings}
    per_party_slot: Counter[tuple[str, str]] = Counter()
    per_party_day: Counter[tuple[str, str]] = Counter()
    per_slot_loc: Counter[str] = Counter()
    for mid, sid in assignment.items():
        m = meetings.get(mid)
        if m is None or sid not in slots:
            errors.append(f"{mid}: unknown meeting or slot {sid}")
            continue
        _, slot = slots[sid]
        if m.fixed_slot is not None and sid != m.fixed_slot:
            errors.append(f"{mid}: fixed to {m.fixed_slot}, placed in {sid}")
        if m.allowed_sessions is not None and slot.session not in m.allowed_sessions:
            errors.append(f"{mid}: session {slot.session} not allowed")
        for p in m.parties:
            if sid in parties[p].unavailable:
                errors.append(f"{mid}: {p} unavailable in {sid}")
            per_party_slot[(p, sid)] += 1
            per_party_day[(p, slot.day)] += 1
        if m.uses_location:
            per_slot_loc[sid] += 1
        for q in m.after:
            if q in assignment and slots[assignment[q]][0] >= slots[sid][0]:
                errors.append(f"{mid}: must come after {q}")
    for (p, sid), n in per_party_slot.items():
        if n > parties[p].capacity:
            errors.append(f"{p}: {n} meetings in {sid}, capacity {parties[p].capacity}")
    for (p, day), n in per_party_day.items():
        cap = parties[p].daily_cap
        if cap is not None and n > cap:
            errors.append(f"{p}: {n} meetings on {day}, daily cap {cap}")
    for sid, n in per_slot_loc.items():
        loc = slots[sid][1].locations
        if loc is not None and n > loc:
            errors.append(f"{sid}: {n} meetings, {loc} locations")
    for m in instance.meetings:
        if m.must_hold and m.id not in assignment:
            errors.append(f"{m.id}: required or locked but not scheduled")
    return errors
