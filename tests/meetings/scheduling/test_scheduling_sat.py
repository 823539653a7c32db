"""The incremental SAT search for fewest breaks (``satbreaks``), checked against brute force and stopped on demand."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from meetings.scheduling import Instance, Meeting, Party, Slot, check_schedule, satbreaks, solve
from meetings.scheduling.dzn import dzn_instance, read_dzn
from meetings.scheduling.model import Index, party_breaks
from tests.meetings.scheduling.tiny import brute_force, tiny

DATA = Path(__file__).parent / "data"


def _names(inst: Instance, assign: dict[int, int]) -> dict[str, str]:
    return {inst.meetings[m].id: inst.slots[t].id for m, t in assign.items()}


@pytest.mark.parametrize("probe_conflicts", [satbreaks.PROBE_CONFLICTS, 0])
@pytest.mark.parametrize("d", [0, 1, 2])
@pytest.mark.parametrize("seed", range(10))
def test_descent_proves_the_brute_force_optimum(seed: int, d: int, probe_conflicts: int, monkeypatch) -> None:
    """``tiny`` has a party with one meeting, so "every party at most d breaks" is the fairness rule itself.
    With a probe budget of 0 every bottom-up probe gives up at once and the top-down search does it all."""
    monkeypatch.setattr(satbreaks, "PROBE_CONFLICTS", probe_conflicts)
    inst = tiny(seed)
    _assert_proves(inst, d, satbreaks.descend(Index(inst), d, None, satbreaks.Stopper()), brute_force(inst, d))


def _assert_proves(inst: Instance, d: int, out: satbreaks.SatOutcome, expected: int | None) -> None:
    """``out`` proves the brute-force optimum ``expected`` with a valid schedule (or infeasibility)."""
    if expected is None:
        assert out.infeasible
        assert out.assignment is None
        return
    assert out.proven
    assert out.assignment is not None
    assert check_schedule(inst, _names(inst, out.assignment)) == []
    breaks = party_breaks(Index(inst), out.assignment)
    assert sum(breaks) == expected == out.breaks == out.lower_bound
    assert max(breaks) <= d


def test_an_optimal_start_is_proven_without_a_new_schedule() -> None:
    inst = tiny(3)
    ix = Index(inst)
    first = satbreaks.descend(ix, 2, None, satbreaks.Stopper())
    assert first.assignment is not None
    again = satbreaks.descend(ix, 2, first.assignment, satbreaks.Stopper())
    assert again.proven
    assert again.assignment is None
    assert again.lower_bound == first.breaks


@pytest.mark.parametrize("busy_cap", [False, True])
def test_the_tables_limit_holds_in_either_form(busy_cap: bool) -> None:
    """Two meetings without a common party, one table: never in the same slot, whether the limit is stated on
    meetings (descent) or, instead, on busy parties (climb: at most 2 × tables); with one slot, no schedule."""

    def inst(n_slots: int) -> Instance:
        sl = tuple(Slot(f"s{i}", "d1", "am", locations=1) for i in range(n_slots))
        parties = tuple(Party(p) for p in "abcd")
        meetings = (Meeting("ab", ("a", "b"), required=True), Meeting("cd", ("c", "d"), required=True))
        return Instance(slots=sl, parties=parties, meetings=meetings)

    sat = satbreaks.BreakSat(Index(inst(2)), 0, 1, busy_cap=busy_cap, solver=satbreaks.CLIMB_SOLVER)
    res = sat.at_most(0)
    assert res
    assert sorted(res.values()) == [0, 1]
    sat.close()
    sat = satbreaks.BreakSat(Index(inst(1)), 0, 1, busy_cap=busy_cap, solver=satbreaks.CLIMB_SOLVER)
    assert sat.at_most(None) is False
    sat.close()


def test_precedence_is_kept() -> None:
    """b's meeting with c must come before its meeting with a; without the rule the opposite order is free."""
    sl = tuple(Slot(f"s{i}", "d1", "am") for i in range(3))
    parties = (Party("a"), Party("b"), Party("c"))
    meetings = (
        Meeting("ab", ("a", "b"), required=True, fixed_slot="s0"),
        Meeting("bc", ("b", "c"), required=True, after=("ab",)),
    )
    inst = Instance(slots=sl, parties=parties, meetings=meetings)
    ix = Index(inst)
    out = satbreaks.descend(ix, 2, None, satbreaks.Stopper())
    assert out.proven
    assert out.assignment is not None
    assert out.assignment[1] == 1  # right after ab: no break for b
    assert out.breaks == 0


def test_stop_from_another_thread_interrupts_a_long_solve() -> None:
    """forum-13crafc from scratch takes seconds; a stop returns at once, without a proof."""
    inst = dzn_instance(read_dzn((DATA / "forum-13crafc.original.dzn").read_text()))
    ix = Index(inst)
    stopper = satbreaks.Stopper()
    result: list[satbreaks.SatOutcome] = []
    worker = threading.Thread(target=lambda: result.append(satbreaks.descend(ix, 2, None, stopper)))
    worker.start()
    threading.Event().wait(0.5)
    stopper.stop()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert not result[0].proven


def test_stopped_before_the_start_does_nothing() -> None:
    stopper = satbreaks.Stopper()
    stopper.stop()
    out = satbreaks.descend(Index(tiny(1)), 2, None, stopper)
    assert out.assignment is None
    assert not out.proven


def test_the_solver_proves_the_published_optimum_of_forum_13crafc():
    """The whole solver on a published instance (optimum 1 break with fairness 2, Bofill et al. 2022): CP-SAT
    alone ends without proof (feasible) at 30 s; the SAT searches prove it in about 5 s here."""
    inst = dzn_instance(read_dzn((DATA / "forum-13crafc.original.dzn").read_text()))
    sol = solve(inst, time_limit=60, fairness=2, method="full")
    assert sol.status == "optimal"
    assert sol.breaks_total == 1
    assert check_schedule(inst, sol.assignment) == []


@pytest.mark.parametrize("d", [0, 2])
@pytest.mark.parametrize("seed", range(6))
def test_climb_proves_the_brute_force_optimum(seed: int, d: int) -> None:
    """The climb (busy cap, CaDiCaL, in a child process) reaches and proves the same optimum as brute force;
    ``tiny`` has 1-2 tables per slot, so the cap of 2 × tables busy parties binds."""
    inst = tiny(seed)
    _assert_proves(inst, d, satbreaks.climb(Index(inst), d, None, satbreaks.Stopper()), brute_force(inst, d))


def test_incumbent_keeps_the_better_schedule_and_knows_when_it_is_settled() -> None:
    inst = tiny(3)
    ix = Index(inst)
    best = satbreaks.descend(ix, 2, None, satbreaks.Stopper())
    assert best.assignment is not None and best.breaks is not None
    worse = {m: t for m, t in best.assignment.items()}
    inc = satbreaks.Incumbent(ix, None, lower=0)
    inc.offer(best.assignment)
    inc.offer(worse, breaks=best.breaks + 5)
    assert inc.bounds() == (0, best.breaks)
    assert inc.best is best.assignment
    assert inc.settled == (best.breaks == 0)
    inc.raise_lower(best.breaks)
    inc.raise_lower(0)  # never lowered
    assert inc.settled
    out = inc.outcome()
    assert out.proven and out.lower_bound == best.breaks and out.assignment is best.assignment


def test_stopping_the_climb_kills_its_child_process(monkeypatch) -> None:
    """forum-13crafc's climb from scratch takes seconds; a stop ends the thread and the child at once."""
    inst = dzn_instance(read_dzn((DATA / "forum-13crafc.original.dzn").read_text()))
    ix = Index(inst)
    stopper = satbreaks.Stopper()
    inc = satbreaks.Incumbent(ix)
    children: list[int] = []
    real_popen = satbreaks.subprocess.Popen

    def popen(*args, **kwargs):
        proc = real_popen(*args, **kwargs)
        children.append(proc.pid)
        return proc

    monkeypatch.setattr(satbreaks.subprocess, "Popen", popen)
    worker = threading.Thread(target=satbreaks.climb_shared, args=(ix, 2, inc, stopper))
    worker.start()
    threading.Event().wait(1.0)
    stopper.stop()
    worker.join(timeout=2)
    assert not worker.is_alive()
    assert not inc.settled
    assert len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)  # reaped: no such process
