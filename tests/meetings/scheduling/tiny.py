"""Tiny one-day instances of the benchmark's shape (every meeting required) and their brute-force optimum,
shared by the CP-SAT full-model and SAT tests."""

from __future__ import annotations

import itertools
import random

from meetings.scheduling import Instance, Meeting, Party, Slot, check_schedule
from meetings.scheduling.model import Index, party_breaks


def tiny(seed: int) -> Instance:
    rng = random.Random(seed)
    n_slots = 6
    sl = tuple(Slot(f"s{i}", "d1", "am" if i < 3 else "pm", locations=1 + seed % 2) for i in range(n_slots))
    parties = tuple(
        Party(f"p{i}", unavailable=frozenset({f"s{rng.randrange(n_slots)}"}) if rng.random() < 0.4 else frozenset())
        for i in range(5)
    )
    # p4 has a single meeting (p0–p4), so fairness d bounds every party's breaks by d.
    pairs = {("p0", "p4")}
    while len(pairs) < 6:
        a, b = sorted(rng.sample(["p0", "p1", "p2", "p3"], 2))
        pairs.add((a, b))
    meetings = tuple(
        Meeting(f"m{i}", pair, required=True, allowed_sessions=_session(rng)) for i, pair in enumerate(sorted(pairs))
    )
    return Instance(slots=sl, parties=parties, meetings=meetings)


def _session(rng: random.Random) -> frozenset[str] | None:
    """A third of the meetings are held to the morning or the afternoon."""
    return rng.choice([None, None, None, None, frozenset({"am"}), frozenset({"pm"})])


def brute_force(inst: Instance, d: int) -> int | None:
    ix = Index(inst)
    best: int | None = None
    for combo in itertools.product(*ix.allowed):
        assign = dict(enumerate(combo))
        names = {inst.meetings[m].id: inst.slots[t].id for m, t in assign.items()}
        if check_schedule(inst, names):
            continue
        br = [b for p, b in enumerate(party_breaks(ix, assign)) if ix.by_party[p]]
        if max(br) - min(br) > d:
            continue
        best = sum(br) if best is None else min(best, sum(br))
    return best


def tiny_all_multi(seed: int) -> Instance:
    """Like :func:`tiny`, but every party has two or more meetings (no party surely without breaks)."""
    rng = random.Random(1000 + seed)
    n_slots = 6
    sl = tuple(Slot(f"s{i}", "d1", "am" if i < 3 else "pm", locations=2) for i in range(n_slots))
    names = ["p0", "p1", "p2", "p3"]
    parties = tuple(
        Party(p, unavailable=frozenset({f"s{rng.randrange(n_slots)}"}) if rng.random() < 0.5 else frozenset())
        for p in names
    )
    pairs = [("p0", "p1"), ("p2", "p3"), ("p0", "p2"), ("p1", "p3")]
    while len(pairs) < 6:
        pairs.append(tuple(sorted(rng.sample(names, 2))))  # repeated pairs are allowed (two meetings)
    meetings = tuple(
        Meeting(f"m{i}", pair, required=True, allowed_sessions=_session(rng)) for i, pair in enumerate(pairs)
    )
    return Instance(slots=sl, parties=parties, meetings=meetings)
