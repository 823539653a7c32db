"""Fewest breaks as incremental SAT (python-sat, Glucose 4.1), for the published benchmark's shape.

One day, every party capacity 1, every meeting required, fairness d with a zero floor (every party at most d
breaks; exact when some party has one meeting, see ``cpsat_full.solve_full`` otherwise). Variables and clauses:

- ``x[m,t]``: meeting m in slot t (its allowed slots only); exactly one per meeting;
- at most ``locations`` meetings per slot (the "tables" limit);
- ``u[p,t]`` ⇔ some meeting of p is in t; at most one per party and slot;
- implied: Σ_t u[p,t] = |M_p| as a sequential counter (the paper's implied constraint 1). Measured on
  forum-13crafc (optimum 1): "≤ 1 break" found in 2 s with it, 21 s without;
- ``held[p,t]`` ⇐ p met in t or earlier; ``hole[p,t]`` ⇐ p meets in t, not in t − 1, and met before t − 1
  (a break ends at t). Only the forcing directions are stated: the count can exceed the true breaks, never
  fall short, so "unsatisfiable under ≤ k" proves that no schedule has ≤ k breaks;
- at most d holes per party; an incremental totalizer over all holes, bounded by assumptions;
- optionally (``busy_cap``), the tables limit stated on parties instead of meetings, as the paper's implied
  constraint 2: at most 2 × tables parties busy in a slot (a totalizer per slot). Where every meeting takes a
  table and every party has capacity 1 (the benchmark's shape), a slot's busy parties are exactly twice its
  meetings, so this form replaces the meeting form rather than joining it. Measured alone on one core (12
  CaDiCaL seeds, docs/benchmarks.md): ticf-13crafb "≤ 3" 4.9-14.6 s against 8.7-25 s with both forms, and
  forum-13crafb, forum-14 and ticf-14crafa two to three times faster; the crafc instances (fewer tables) much
  slower (23 s to over 60 s), which is why the descent keeps the meeting form.

Two searches share an :class:`Incumbent` (best schedule, proven lower bound) and can run side by side:

- :func:`descend` (Glucose, tables stated on meetings): bottom-up probes ("at most L breaks?" with a conflict
  budget, L rising on every "no"), then ever fewer breaks than the best schedule known;
- :func:`climb` (CaDiCaL, tables stated on busy parties, in a child process): "at most L?" at the proven bound L
  only, raising L on every "no", until a schedule at L (a proof of optimality) or the stop.

Measured alone on one core, from scratch (docs/benchmarks.md, several CaDiCaL seeds): the climb proves
forum-13crafb (6) in 5.7-13 s, ticf-13crafb (3) in 4.9-14.6 s, forum-14 (2) in about 2 s and tic-13crafc (4)
in under 1 s, which the descent does not reach in 25 s; the descent proves forum-13crafc and ticf-13crafc (1)
in 1.5-4 s, where the climb takes 23 s to over a minute.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Literal

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.formula import IDPool
from pysat.solvers import Solver

from meetings.scheduling.model import Index, Instance, benchmark_shape, party_breaks

# Glucose 4.1 for the descent: interruptible from another thread; measured as fast as CaDiCaL 1.9.5 there
# (forum-13crafc 9.5 s from scratch, CaDiCaL 9.0 s; MapleChrono did not reach the optimum in 25 s).
SOLVER = "glucose4"
# CaDiCaL 1.9.5 for the climb: with the busy cap (then as a sequential counter beside the meeting form),
# "at most 3 breaks?" of ticf-13crafb in 7-20 s (10 clause orders), Glucose 16-22 s, MapleCM 28 s, MiniSat 40 s,
# MapleChrono and MergeSat over 45 s; Kissat 4.0.4 (outside pysat) 10-26 s over six seeds.
CLIMB_SOLVER = "cadical195"
# Conflicts per CaDiCaL call in the climb's child process (about 5-7 s here), between looks at its own clock.
CLIMB_SLICE = 50_000
# Conflicts allowed to each bottom-up probe of the descent (Glucose: about 12,000 a second here).
PROBE_CONFLICTS = 50_000


def applicable(ix: Index, fairness: int | None) -> bool:
    """The benchmark's shape (one day, capacity 1, all meetings required) with a fairness rule."""
    return fairness is not None and benchmark_shape(ix)


@dataclass
class SatOutcome:
    """``assignment``: the best schedule the SAT search found (``None``: none better than the start);
    ``lower_bound``: proven fewest breaks of any schedule with every party at most d breaks; ``proven``: the
    best known schedule (found here or the start) has that many; ``infeasible``: no such schedule exists."""

    assignment: dict[int, int] | None
    breaks: int | None
    lower_bound: int
    proven: bool
    infeasible: bool = False


class Incumbent:
    """The best schedule and the proven lower bound, shared (under a lock) by the searches of one solve.

    ``lower``: no schedule with every party at most d breaks has fewer breaks; ``breaks``/``best``: the best
    such schedule known (the start, or one offered later); ``settled``: the best is proven optimal, or no such
    schedule exists at all.
    """

    def __init__(self, ix: Index, start: dict[int, int] | None = None, lower: int = 0) -> None:
        self._ix = ix
        self._lock = threading.Lock()
        self.lower = lower
        self.start = start
        self.best = start
        self.breaks = sum(party_breaks(ix, start)) if start is not None else None
        self.infeasible = False

    def offer(self, assignment: dict[int, int], breaks: int | None = None) -> None:
        """A complete fair schedule; kept if it has fewer breaks than the best known."""
        if breaks is None:
            breaks = sum(party_breaks(self._ix, assignment))
        with self._lock:
            if self.breaks is None or breaks < self.breaks:
                self.best, self.breaks = assignment, breaks

    def raise_lower(self, k: int) -> None:
        with self._lock:
            self.lower = max(self.lower, k)

    def set_infeasible(self) -> None:
        with self._lock:
            self.infeasible = True

    def bounds(self) -> tuple[int, int | None]:
        with self._lock:
            return self.lower, self.breaks

    @property
    def settled(self) -> bool:
        with self._lock:
            return self.infeasible or (self.breaks is not None and self.breaks <= self.lower)

    def outcome(self) -> SatOutcome:
        """As :class:`SatOutcome`: ``assignment`` only if better than the start."""
        with self._lock:
            found = self.best if self.best is not self.start else None
            proven = not self.infeasible and self.breaks is not None and self.breaks <= self.lower
            return SatOutcome(found, self.breaks if found is not None else None, self.lower, proven, self.infeasible)


class Stopper:
    """Lets another thread stop the searches: sets the flag and interrupts the running descents."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flag = threading.Event()
        self._sats: list[BreakSat] = []

    def stop(self) -> None:
        with self._lock:
            self._flag.set()
            for sat in self._sats:
                sat.interrupt()

    def is_set(self) -> bool:
        return self._flag.is_set()

    @property
    def event(self) -> threading.Event:
        """The flag alone, for searches that poll it (the local search)."""
        return self._flag

    def _attach(self, sat: BreakSat) -> None:
        with self._lock:
            self._sats.append(sat)

    def _detach(self, sat: BreakSat) -> None:
        with self._lock:
            self._sats.remove(sat)


class BreakSat:
    """The clauses above, loaded into one incremental solver."""

    def __init__(self, ix: Index, fairness: int, ubound: int, *, busy_cap: bool = False, solver: str = SOLVER) -> None:
        self.ix = ix
        pool = IDPool()
        clauses: list[list[int]] = []
        n = len(ix.instance.slots)
        self.x: list[dict[int, int]] = [{t: pool.id(("x", m, t)) for t in slots} for m, slots in enumerate(ix.allowed)]
        for row in self.x:
            clauses += CardEnc.equals(list(row.values()), 1, vpool=pool, encoding=EncType.seqcounter).clauses
        by_busy = busy_cap and all(m.uses_location for m in ix.instance.meetings) and all(c == 1 for c in ix.capacity)
        for t in range(0 if by_busy else n):  # the tables limit on meetings; with by_busy, on parties below
            loc = ix.locations[t]
            vs = [row[t] for m, row in enumerate(self.x) if t in row and ix.instance.meetings[m].uses_location]
            if loc is not None and len(vs) > loc:
                clauses += CardEnc.atmost(vs, loc, vpool=pool, encoding=EncType.totalizer).clauses
        for m, preds in enumerate(ix.after):
            for q in preds:  # q before m: m in t excludes q in t or later
                for t, v in self.x[m].items():
                    clauses += [[-v, -w] for s, w in self.x[q].items() if s >= t]
        holes_all: list[int] = []
        busy: dict[int, list[int]] = {}
        for p, ms in enumerate(ix.by_party):
            used: dict[int, int] = {}
            for t in range(n):
                vs = [self.x[m][t] for m in ms if t in self.x[m]]
                if not vs:
                    continue
                u = pool.id(("u", p, t))
                used[t] = u
                busy.setdefault(t, []).append(u)
                clauses.append([-u, *vs])
                clauses += [[-v, u] for v in vs]
                if len(vs) > 1:
                    clauses += CardEnc.atmost(vs, 1, vpool=pool, encoding=EncType.pairwise).clauses
            if len(ms) < 2:
                continue
            clauses += CardEnc.equals(list(used.values()), len(ms), vpool=pool, encoding=EncType.seqcounter).clauses
            held: list[int] = []
            for t in range(n):
                h = pool.id(("held", p, t))
                if t in used:
                    clauses.append([-used[t], h])
                if held:
                    clauses.append([-held[-1], h])
                held.append(h)
            holes: list[int] = []
            for t in range(2, n):
                if t not in used:
                    continue
                hole = pool.id(("hole", p, t))
                clause = [-used[t], -held[t - 2], hole]
                if t - 1 in used:
                    clause.append(used[t - 1])
                clauses.append(clause)
                holes.append(hole)
            if len(holes) > fairness:
                clauses += CardEnc.atmost(holes, fairness, vpool=pool, encoding=EncType.seqcounter).clauses
            holes_all += holes
        if by_busy:
            # Each busy party sits at one of the slot's tables with exactly one other party.
            for t, us in busy.items():
                cap = ix.locations[t]
                if cap is not None and len(us) > 2 * cap:
                    clauses += CardEnc.atmost(us, 2 * cap, vpool=pool, encoding=EncType.totalizer).clauses
        self.total = ITotalizer(lits=holes_all or [pool.id("none")], ubound=max(1, ubound), top_id=pool.top)
        self.solver = Solver(name=solver, bootstrap_with=clauses + self.total.cnf.clauses)

    def at_most(self, k: int | None, conflicts: int | None = None) -> dict[int, int] | Literal[False] | None:
        """A schedule with at most ``k`` counted breaks (``None``: any), ``False`` if none exists, ``None`` if
        interrupted or past ``conflicts`` (a budget for this call; ``None``: unlimited)."""
        assumptions = [] if k is None else [-self.total.rhs[k]]
        self.solver.conf_budget(-1 if conflicts is None else conflicts)
        res = self.solver.solve_limited(assumptions=assumptions, expect_interrupt=True)
        if res is None:
            return None
        if not res:
            return False
        true = {lit for lit in self.solver.get_model() or [] if lit > 0}
        return {m: t for m, row in enumerate(self.x) for t, v in row.items() if v in true}

    def interrupt(self) -> None:
        self.solver.interrupt()

    def close(self) -> None:
        self.solver.delete()


def _checked(ix: Index, res: dict[int, int], k: int | None) -> int:
    breaks = sum(party_breaks(ix, res))
    if k is not None and breaks > k:
        # The clauses count every break (never fewer): a longer schedule here is a bug, not a result.
        raise RuntimeError(f"SAT schedule has {breaks} breaks, asked for at most {k}")
    return breaks


def _ubound(ix: Index, fairness: int, inc: Incumbent) -> int:
    _, best = inc.bounds()
    return best if best is not None else fairness * sum(1 for ms in ix.by_party if ms) + 1


def descend(ix: Index, fairness: int, start: dict[int, int] | None, stop: Stopper, lower: int = 0) -> SatOutcome:
    """The descent alone from ``start`` (a complete fair schedule, or ``None``); see :func:`descend_shared`."""
    inc = Incumbent(ix, start, lower)
    descend_shared(ix, fairness, inc, stop)
    return inc.outcome()


def climb(ix: Index, fairness: int, start: dict[int, int] | None, stop: Stopper, lower: int = 0) -> SatOutcome:
    """The climb alone from ``start``; see :func:`climb_shared`."""
    inc = Incumbent(ix, start, lower)
    climb_shared(ix, fairness, inc, stop)
    return inc.outcome()


def descend_shared(ix: Index, fairness: int, inc: Incumbent, stop: Stopper) -> None:
    """Look for fewer breaks than ``inc``'s best until it is settled or ``stop``.

    First bottom-up: "at most L?" from the proven lower bound, each with a budget of PROBE_CONFLICTS, raising
    the bound on every "no" (a proof); a tight bound often propagates well (forum-13crafc "≤ 1" in 1.2 s alone,
    against 6 s for "fewer than the local search's 8"). At the first probe past its budget, top-down: ever fewer
    breaks than the best schedule known (by this or another search), without budget.
    """
    if inc.settled:
        return
    sat = BreakSat(ix, fairness, _ubound(ix, fairness, inc))
    stop._attach(sat)
    try:
        while not stop.is_set() and not inc.settled:
            k, best = inc.bounds()
            if k >= min(len(sat.total.rhs), best if best is not None else len(sat.total.rhs)):
                break
            res = sat.at_most(k, conflicts=PROBE_CONFLICTS)
            if res is None:
                break
            if res is False:
                inc.raise_lower(k + 1)
                continue
            inc.offer(res, _checked(ix, res, k))
            break
        while not stop.is_set() and not inc.settled:
            _, best = inc.bounds()
            k_top = None if best is None else best - 1
            res = sat.at_most(k_top)
            if res is None:
                break
            if res is False:
                if k_top is None:
                    inc.set_infeasible()
                else:
                    inc.raise_lower(k_top + 1)
                break
            inc.offer(res, _checked(ix, res, k_top))
    finally:
        stop._detach(sat)
        sat.close()


def climb_shared(ix: Index, fairness: int, inc: Incumbent, stop: Stopper, time_limit: float = 3600.0) -> None:
    """Ask "at most L breaks?" at ``inc``'s proven lower bound L (with the busy cap, CaDiCaL), raising L on every
    "no", until a schedule at L (optimal), ``inc`` settled by another search, or ``stop``.

    pysat's CaDiCaL can neither be interrupted nor release the GIL while it solves (it would hold up CP-SAT's
    start and the local search), so the climb runs in a child interpreter (``python -m
    meetings.scheduling.satclimb``: no re-import of the caller's main module), killed when no longer needed;
    ``time_limit`` ends it on its own (looked at every CLIMB_SLICE conflicts) should this process die first.
    """
    if inc.settled or stop.is_set():
        return
    lower, _ = inc.bounds()
    job = pickle.dumps((ix.instance, fairness, lower, _ubound(ix, fairness, inc), time_limit))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "meetings.scheduling.satclimb"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(job)
        proc.stdin.close()
        while not stop.is_set() and not inc.settled:
            ready, _, _ = select.select([proc.stdout], [], [], 0.05)
            if not ready:
                continue
            line = proc.stdout.readline()
            if not line:
                return  # the child ended
            msg = json.loads(line)
            if "lower" in msg:
                inc.raise_lower(msg["lower"])
            elif "found" in msg:
                inc.offer({int(m): t for m, t in msg["found"].items()})
            else:
                inc.set_infeasible()
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def climb_child(instance: Instance, fairness: int, lower: int, ubound: int, time_limit: float) -> None:
    """The climb's loop in the child: prints {"lower": L}, {"found": schedule} or {"infeasible": true} lines."""
    deadline = time.monotonic() + time_limit
    ix = Index(instance)
    sat = BreakSat(ix, fairness, ubound, busy_cap=True, solver=CLIMB_SOLVER)

    def say(msg: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(msg) + "\n")
        sys.stdout.flush()

    k = lower
    try:
        while time.monotonic() < deadline:
            bound = k if k < len(sat.total.rhs) else None  # beyond the counter's range: any schedule at all
            res = sat.at_most(bound, conflicts=CLIMB_SLICE)
            if res is None:
                continue
            if res is False:
                if bound is None:
                    say({"infeasible": True})
                    return
                k += 1
                say({"lower": k})
                continue
            _checked(ix, res, bound)
            say({"found": res})
            return
    finally:
        sat.close()
