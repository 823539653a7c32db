"""Fewest breaks as incremental SAT (python-sat, Glucose 4.1), for the published benchmark's shape.

One day, every party capacity 1, every meeting required, fairness d with a zero floor (every party at most d
breaks; exact when some party has one meeting, see ``cpsat_full.solve_full`` otherwise). Variables and clauses:

- ``x[m,t]``: meeting m in slot t (its allowed slots only); exactly one per meeting;
- at most ``locations`` meetings per slot;
- ``u[p,t]`` ⇔ some meeting of p is in t; at most one per party and slot;
- implied: Σ_t u[p,t] = |M_p| as a sequential counter (the paper's implied constraint 1). Measured on
  forum-13crafc (optimum 1): "≤ 1 break" found in 2 s with it, 21 s without;
- ``held[p,t]`` ⇐ p met in t or earlier; ``hole[p,t]`` ⇐ p meets in t, not in t − 1, and met before t − 1
  (a break ends at t). Only the forcing directions are stated: the count can exceed the true breaks, never
  fall short, so "unsatisfiable under ≤ k" proves that no schedule has ≤ k breaks;
- at most d holes per party; an incremental totalizer over all holes, bounded by assumptions.

:func:`descend` first probes bottom-up ("at most L breaks?" with a conflict budget, L rising on every "no"),
then asks for fewer breaks than the best schedule known until the solver says none exists (a proof of
optimality) or it is interrupted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.formula import IDPool
from pysat.solvers import Solver

from meetings.scheduling.model import Index, benchmark_shape, party_breaks

# Glucose 4.1: interruptible from another thread (pysat's CaDiCaL is not); measured as fast as CaDiCaL 1.9.5
# here (forum-13crafc 9.5 s from scratch, CaDiCaL 9.0 s; MapleChrono did not reach the optimum in 25 s).
SOLVER = "glucose4"
# Conflicts allowed to each bottom-up probe (Glucose: about 12,000 a second on the published instances).
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


class Stopper:
    """Lets another thread stop :func:`descend`: sets the flag and interrupts the running solve, if any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flag = threading.Event()
        self._sat: BreakSat | None = None

    def stop(self) -> None:
        with self._lock:
            self._flag.set()
            if self._sat is not None:
                self._sat.interrupt()

    def is_set(self) -> bool:
        return self._flag.is_set()

    @property
    def event(self) -> threading.Event:
        """The flag alone, for searches that poll it (the local search)."""
        return self._flag

    def _attach(self, sat: BreakSat | None) -> None:
        with self._lock:
            self._sat = sat


class BreakSat:
    """The clauses above, loaded into one incremental solver."""

    def __init__(self, ix: Index, fairness: int, ubound: int) -> None:
        self.ix = ix
        pool = IDPool()
        clauses: list[list[int]] = []
        n = len(ix.instance.slots)
        self.x: list[dict[int, int]] = [{t: pool.id(("x", m, t)) for t in slots} for m, slots in enumerate(ix.allowed)]
        for row in self.x:
            clauses += CardEnc.equals(list(row.values()), 1, vpool=pool, encoding=EncType.seqcounter).clauses
        for t in range(n):
            loc = ix.locations[t]
            vs = [row[t] for m, row in enumerate(self.x) if t in row and ix.instance.meetings[m].uses_location]
            if loc is not None and len(vs) > loc:
                clauses += CardEnc.atmost(vs, loc, vpool=pool, encoding=EncType.totalizer).clauses
        for m, preds in enumerate(ix.after):
            for q in preds:  # q before m: m in t excludes q in t or later
                for t, v in self.x[m].items():
                    clauses += [[-v, -w] for s, w in self.x[q].items() if s >= t]
        holes_all: list[int] = []
        for p, ms in enumerate(ix.by_party):
            used: dict[int, int] = {}
            for t in range(n):
                vs = [self.x[m][t] for m in ms if t in self.x[m]]
                if not vs:
                    continue
                u = pool.id(("u", p, t))
                used[t] = u
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
        self.total = ITotalizer(lits=holes_all or [pool.id("none")], ubound=max(1, ubound), top_id=pool.top)
        self.solver = Solver(name=SOLVER, bootstrap_with=clauses + self.total.cnf.clauses)

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


def descend(ix: Index, fairness: int, start: dict[int, int] | None, stop: Stopper, lower: int = 0) -> SatOutcome:
    """From ``start`` (a complete fair schedule, or ``None``), look for fewer breaks until proof or ``stop``.

    First bottom-up: "at most ``lower``?", each with a budget of PROBE_CONFLICTS, raising ``lower`` on every
    "no" (a proof); a tight bound often propagates well (forum-13crafc "≤ 1" in 1.2 s alone, against 6 s for
    "fewer than the local search's 8"). At the first probe past its budget, top-down: ever fewer breaks than
    the best schedule known, without budget. ``lower`` is a proven lower bound to start from.
    """
    best_breaks = sum(party_breaks(ix, start)) if start is not None else None
    parties = sum(1 for ms in ix.by_party if ms)
    ubound = best_breaks if best_breaks is not None else fairness * parties + 1
    if best_breaks is not None and best_breaks <= lower:
        return SatOutcome(None, None, best_breaks, True)
    sat = BreakSat(ix, fairness, ubound)
    stop._attach(sat)
    found: dict[int, int] | None = None
    infeasible = False

    def take(res: dict[int, int], k: int | None) -> int:
        breaks = sum(party_breaks(ix, res))
        if k is not None and breaks > k:
            # The clauses count every break (never fewer): a longer schedule here is a bug, not a result.
            raise RuntimeError(f"SAT schedule has {breaks} breaks, asked for at most {k}")
        return breaks

    try:
        k = lower
        while not stop.is_set() and k < min(len(sat.total.rhs), best_breaks if best_breaks is not None else ubound):
            res = sat.at_most(k, conflicts=PROBE_CONFLICTS)
            if res is None:
                break
            if res is False:
                lower = k = k + 1
                continue
            found, best_breaks = res, take(res, k)
            break
        while not stop.is_set() and (best_breaks is None or best_breaks > lower):
            k_top = None if best_breaks is None else best_breaks - 1
            res = sat.at_most(k_top)
            if res is None:
                break
            if res is False:
                if k_top is None:
                    infeasible = True
                else:
                    lower = k_top + 1
                break
            found, best_breaks = res, take(res, k_top)
    finally:
        stop._attach(None)
        sat.close()
    proven = not infeasible and best_breaks is not None and best_breaks <= lower
    return SatOutcome(found, best_breaks if found is not None else None, lower, proven, infeasible)
