"""The break-minimising local search: its schedules stay valid and never have more breaks than its start."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from meetings.scheduling import Instance, Meeting, Party, Slot, check_schedule
from meetings.scheduling.dzn import dzn_instance, read_dzn
from meetings.scheduling.greedy import greedy
from meetings.scheduling.localsearch import applicable, breaks_and_excess, improve, is_complete_and_fair
from meetings.scheduling.model import Index, party_breaks

DATA = Path(__file__).parent / "data"


def random_instance(seed: int) -> Instance:
    rng = random.Random(seed)
    n_slots = 8
    slots = tuple(Slot(f"s{i}", "d1", "am" if i < 4 else "pm", locations=3) for i in range(n_slots))
    parties = tuple(
        Party(f"p{i}", unavailable=frozenset({f"s{rng.randrange(n_slots)}"}) if rng.random() < 0.3 else frozenset())
        for i in range(8)
    )
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < 12:
        a, b = sorted(rng.sample([p.id for p in parties], 2))
        pairs.add((a, b))
    meetings = []
    for i, pair in enumerate(sorted(pairs)):
        sessions = rng.choice([None, frozenset({"am"}), frozenset({"pm"})]) if i else None
        fixed = f"s{rng.randrange(n_slots)}" if i == 0 else None
        meetings.append(Meeting(f"m{i}", pair, required=True, allowed_sessions=sessions, fixed_slot=fixed))
    return Instance(slots=slots, parties=parties, meetings=tuple(meetings))


def _named(inst: Instance, assign: dict[int, int]) -> dict[str, str]:
    return {inst.meetings[m].id: inst.slots[t].id for m, t in assign.items()}


@pytest.mark.parametrize("seed", range(8))
def test_moves_keep_schedule_valid_and_never_add_breaks(seed: int) -> None:
    inst = random_instance(seed)
    ix = Index(inst)
    assert applicable(ix)
    occ, _ = greedy(ix)
    start = dict(occ.assignment)
    out = improve(ix, start, fairness=None, time_limit=0.2, seed=seed)
    assert out is not None
    # Only meetings without any allowed slot (an unavailable party at the fixed slot) may stay unplaced.
    errors = check_schedule(inst, _named(inst, out))
    assert all(e.endswith("not scheduled") and not ix.allowed[ix.meeting_pos[e.split(":")[0]]] for e in errors)
    # Never fewer meetings placed, and never more breaks at equal placement.
    assert len(out) >= len(start)
    if len(out) == len(start):
        assert sum(party_breaks(ix, out)) <= sum(party_breaks(ix, start))


def test_finds_fair_schedule_on_published_instance() -> None:
    inst = dzn_instance(read_dzn((DATA / "tic-12.original.dzn").read_text()))
    ix = Index(inst)
    occ, _ = greedy(ix)
    start = dict(occ.assignment)
    out = improve(ix, start, fairness=2, time_limit=1.0, seed=0)
    assert out is not None
    assert not check_schedule(inst, _named(inst, out))
    assert is_complete_and_fair(ix, out, 2)
    total, excess, unplaced = breaks_and_excess(ix, out, 2)
    assert excess == 0 and unplaced == 0
    if len(start) == len(inst.meetings):
        assert total <= sum(party_breaks(ix, start))


def test_not_applicable_with_capacity() -> None:
    inst = Instance(
        slots=(Slot("s0", "d1", "am"),),
        parties=(Party("a", capacity=2), Party("b")),
        meetings=(Meeting("m0", ("a", "b"), required=True),),
    )
    assert improve(Index(inst), {0: 0}, fairness=None, time_limit=0.1) is None


def test_stop_event_ends_the_search_early_with_a_valid_schedule() -> None:
    """CP-SAT's proof sets the event: the search beside it returns at once, still with a valid schedule."""
    inst = random_instance(3)
    ix = Index(inst)
    occ, _ = greedy(ix)
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    out = improve(ix, dict(occ.assignment), fairness=None, time_limit=30.0, seed=0, target=-1, stop=stop)
    assert time.monotonic() - started < 5.0  # far below the 30 s limit it was given
    assert out is not None
    assert len(out) >= len(occ.assignment)
