"""The whole-instance CP-SAT model on the benchmark's problem shape, checked against brute force.

Tiny one-day instances with every meeting required and fairness d (the path that counts breaks by automaton
and states the one-block alternative per party): the proven optimum must equal the enumerated one. Some meetings
are held to one session, so the block model's window filter (the meetings must fill the window) is exercised.
"""

from __future__ import annotations

import pytest

from meetings.scheduling import Instance, Meeting, Party, Slot, check_schedule, solve
from meetings.scheduling.cpsat_full import _fills_window, _fits_one_block
from meetings.scheduling.model import Index
from tests.meetings.scheduling.tiny import brute_force, tiny, tiny_all_multi


def assert_solves_like_brute_force(inst: Instance, d: int) -> None:
    """The full model's proven optimum equals the enumerated one (or both find no fair schedule)."""
    expected = brute_force(inst, d)
    sol = solve(inst, time_limit=10, fairness=d, method="full")
    if expected is None:
        assert sol.status in ("infeasible", "unknown")
        return
    assert sol.status == "optimal"
    assert sol.breaks_total == expected
    assert check_schedule(inst, sol.assignment) == []


@pytest.mark.parametrize("seed", range(12))
def test_full_model_matches_brute_force_with_fairness(seed: int) -> None:
    assert_solves_like_brute_force(tiny(seed), 2)


@pytest.mark.parametrize("d", [0, 1, 2])
@pytest.mark.parametrize("seed", range(6))
def test_full_model_without_single_meeting_party_matches_brute_force(seed: int, d: int) -> None:
    """The "least-broken party has 0 breaks" restriction is exact, or the general model takes over."""
    assert_solves_like_brute_force(tiny_all_multi(seed), d)


def test_every_fair_schedule_has_breaks_for_everyone() -> None:
    """Both parties must skip slot s1, so each has one break: the restricted model is infeasible and the
    general one finds the optimum (fairness 0 holds: 1 and 1)."""
    sl = tuple(Slot(f"s{i}", "d1", "am") for i in range(3))
    parties = (Party("a", unavailable=frozenset({"s1"})), Party("b", unavailable=frozenset({"s1"})))
    meetings = (Meeting("m0", ("a", "b"), required=True), Meeting("m1", ("a", "b"), required=True))
    sol = solve(Instance(slots=sl, parties=parties, meetings=meetings), time_limit=5, fairness=0, method="full")
    assert sol.status == "optimal"
    assert sol.breaks_total == 2
    assert sol.breaks_by_party == {"a": 1, "b": 1}


def test_window_filled_only_by_a_perfect_matching() -> None:
    """Two morning-only meetings cannot fill a window that reaches into the afternoon, though every slot of it
    is usable by some meeting of the party."""
    sl = tuple(Slot(f"s{i}", "d1", "am" if i < 2 else "pm") for i in range(4))
    parties = (Party("a"), Party("b"), Party("c"))
    am = frozenset({"am"})
    meetings = (
        Meeting("m0", ("a", "b"), required=True, allowed_sessions=am),
        Meeting("m1", ("a", "c"), required=True, allowed_sessions=am),
        Meeting("m2", ("a", "b"), required=True),
    )
    ix = Index(Instance(slots=sl, parties=parties, meetings=meetings))
    assert _fills_window(ix, [0, 1, 2], range(0, 3))
    assert not _fills_window(ix, [0, 1, 2], range(1, 4))  # s1 is the only morning slot left for m0 and m1
    assert not _fills_window(ix, [0, 1], range(1, 3))
    assert _fits_one_block(ix, [0, 1])
