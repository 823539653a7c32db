"""One CP-SAT model over (meeting, slot) Booleans, for instances small enough to solve whole.

Used for the published B2B benchmark (all meetings required, breaks and fairness) and for small shows.
Lexicographic: stage A maximises the held weight, stage B keeps that weight and minimises breaks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from meetings.scheduling import localsearch, satbreaks
from meetings.scheduling.model import Index, benchmark_shape, party_breaks

# Share of the time limit the local search runs beside CP-SAT (benchmark shape only), at most LS_MAX_SECONDS: it
# finds fair schedules in about 1.5 s, and the SAT search that follows it in the same thread wants the rest
# (forum-13crafc proven in 17 s with a 60 s limit, 9 s of local search first; 14 s with a 30 s limit).
LS_SHARE = 0.15
LS_MAX_SECONDS = 3.0
# Seconds to wait for the local-search/SAT thread once CP-SAT has ended.
JOIN_GRACE = 0.25

# CP-SAT status codes we rely on, named once.
_OPTIMAL = cp_model.OPTIMAL
_FEASIBLE = cp_model.FEASIBLE
_INFEASIBLE = cp_model.INFEASIBLE


@dataclass
class FullResult:
    """Outcome of :func:`solve_full`: ``assignment`` (meeting pos → slot pos) or ``None`` if none was found.

    ``weight_optimal`` / ``breaks_optimal`` say what was proven; ``infeasible`` means the must-hold
    meetings cannot all be held together (proven by CP-SAT); ``breaks_bound`` is the proven lower bound.
    """

    assignment: dict[int, int] | None
    weight_optimal: bool
    breaks_optimal: bool
    infeasible: bool
    breaks_bound: int


class _Model:
    """Builds the constraint model shared by both stages."""

    def __init__(self, ix: Index, fairness: int | None, party_lb: list[int] | None, *, low_zero: bool = False) -> None:
        self.ix = ix
        self.fairness = fairness
        self.party_lb = party_lb
        self.low_zero = low_zero
        self.uses_automaton = False
        self.zero_floor = False
        self.has_break: list[cp_model.IntVar] = []
        self.fixed_search = False
        self.model = cp_model.CpModel()
        md = self.model
        inst = ix.instance
        n_slots = len(inst.slots)
        self.x: list[dict[int, cp_model.IntVar]] = []
        for m, meeting in enumerate(inst.meetings):
            row = {t: md.new_bool_var(f"x{m}_{t}") for t in ix.allowed[m]}
            self.x.append(row)
            if meeting.must_hold:
                md.add_exactly_one(row.values())
            elif row:
                md.add_at_most_one(row.values())
        # Per party and slot: the meetings that could be there.
        at: list[dict[int, list[cp_model.IntVar]]] = [{} for _ in inst.parties]
        for m, row in enumerate(self.x):
            for t, v in row.items():
                for p in ix.mparties[m]:
                    at[p].setdefault(t, []).append(v)
        self.used: list[dict[int, cp_model.IntVar]] = []
        for p, slots in enumerate(at):
            cap = ix.capacity[p]
            used_p: dict[int, cp_model.IntVar] = {}
            for t, vs in slots.items():
                if cap == 1:
                    # A Boolean of its own (not just the sum) so clauses can be learnt on party-slot use.
                    u1 = md.new_bool_var(f"u{p}_{t}")
                    md.add(sum(vs) == u1)
                    used_p[t] = u1
                else:
                    if len(vs) > cap:
                        md.add(sum(vs) <= cap)
                    u = md.new_bool_var(f"u{p}_{t}")
                    for v in vs:
                        md.add_implication(v, u)
                    md.add_bool_or(vs).only_enforce_if(u)
                    used_p[t] = u
            self.used.append(used_p)
            if all(inst.meetings[m].must_hold for m in ix.by_party[p]) and cap == 1:
                # Implied (paper, Section 5.4): a party uses exactly as many slots as it has meetings.
                md.add(sum(used_p.values()) == len(ix.by_party[p]))
            dcap = ix.daily_cap[p]
            if dcap is not None:
                for day in ix.day_slots:
                    vs_day = [v for t in day for v in slots.get(t, [])]
                    if len(vs_day) > dcap:
                        md.add(sum(vs_day) <= dcap)
        # Locations per slot (the benchmark's tables). The paper's implied constraints Σ_t used[p,t] = |M_p|
        # and Σ_p used[p,t] ≤ 2·tables hold by construction here: `used` is the linear sum of the x's.
        for t in range(n_slots):
            loc = ix.locations[t]
            if loc is None:
                continue
            vs = [self.x[m][t] for m in range(len(inst.meetings)) if t in self.x[m] and inst.meetings[m].uses_location]
            if len(vs) > loc:
                md.add(sum(vs) <= loc)
        all_located = all(m.uses_location for m in inst.meetings) and all(c == 1 for c in ix.capacity)
        for t in range(n_slots):
            loc = ix.locations[t]
            if loc is None:
                continue
            us = [u[t] for p, u in enumerate(self.used) if t in u and ix.capacity[p] == 1]
            if all_located and len(us) > 2 * loc:
                # Implied: two parties per located meeting, so at most 2 × locations party-slots in use.
                md.add(sum(us) <= 2 * loc)
        self.held: list[cp_model.LinearExprT] = [sum(row.values()) if row else 0 for row in self.x]
        for m, preds in enumerate(ix.after):
            for q in preds:
                self._precede(q, m)
        self.breaks = self._breaks(fairness, party_lb)

    def _automaton(self, p: int, used_p: dict[int, cp_model.IntVar], dmax: int) -> cp_model.IntVar:
        """Break count of one party over a one-day slot sequence, as an automaton (the paper's cost_regular).

        States: 0 = before the first meeting, 1 + 2k = in a run after k breaks, 2 + 2k = idle after k breaks.
        The last label is the break count itself, read in the final transition.
        """
        md = self.model
        n = len(self.ix.instance.slots)
        seq: list[cp_model.IntVar] = []
        for t in range(n):
            u = used_p.get(t)
            seq.append(md.new_constant(0) if u is None else u)
        b = md.new_int_var(0, dmax, f"b{p}")
        fin = 2 + 2 * dmax + 1
        tr = [(0, 0, 0), (0, 1, 1)]
        for k in range(dmax + 1):
            run, idle = 1 + 2 * k, 2 + 2 * k
            tr += [(run, 1, run), (run, 0, idle), (idle, 0, idle)]
            if k < dmax:
                tr.append((idle, 1, 1 + 2 * (k + 1)))
            tr += [(run, 10 + k, fin), (idle, 10 + k, fin)]
        tr.append((0, 10, fin))
        lab = md.new_int_var(10, 10 + dmax, f"lab{p}")
        md.add(lab == b + 10)
        md.add_automaton([*seq, lab], 0, [fin], tr)
        return b

    def _one_block(self, p: int, used_p: dict[int, cp_model.IntVar], b: cp_model.IntVar, dmax: int) -> None:
        """Disaggregated "no break" for ``p`` (all meetings must-hold, one day): either its slots form one
        block (a Boolean per possible first slot, covering exactly ``|M_p|`` slots) or ``has`` is true and
        ``p`` has at least one break. Stronger propagation than the automaton alone.
        """
        md = self.model
        k = len(self.ix.by_party[p])
        if k < 2 or dmax < 1:
            return
        n = len(self.ix.instance.slots)
        # Only windows the party's meetings can fill, one per slot: measured on the published instances, a
        # third fewer block Booleans (forum-13crafc 797 → 545); bench results unchanged within run-to-run noise.
        ms = self.ix.by_party[p]
        starts = [
            (s, md.new_bool_var(f"blk{p}_{s}"))
            for s in range(n - k + 1)
            if all(t in used_p for t in range(s, s + k)) and _fills_window(self.ix, ms, range(s, s + k))
        ]
        has = md.new_bool_var(f"hasb{p}")
        md.add(sum(v for _, v in starts) + has == 1)
        md.add(b >= has)
        md.add(b <= dmax * has)
        for t, u in used_p.items():
            cov = [v for s, v in starts if s <= t < s + k]
            md.add(u >= sum(cov))
            md.add(u <= sum(cov) + has)
        self.has_break.append(has)

    def _precede(self, first: int, then: int) -> None:
        """If both are held, ``first`` takes an earlier slot than ``then``: x[then,t] excludes x[first,≥t]."""
        md = self.model
        for t, v in self.x[then].items():
            later = [w for s, w in self.x[first].items() if s >= t]
            for w in later:
                md.add_bool_or([v.Not(), w.Not()])

    def _breaks(self, fairness: int | None, party_lb: list[int] | None) -> list[cp_model.LinearExprT]:
        """Per party: run starts minus days used; exact (reified both ways) so fairness cannot be gamed."""
        md = self.model
        ix = self.ix
        out: list[cp_model.LinearExprT] = []
        parties = [p for p in range(len(self.used)) if ix.by_party[p]]
        # With fairness d and a party that surely has 0 breaks (one meeting), every party has ≤ d breaks.
        # ``low_zero`` asks for that restriction without such a party (see ``solve_full`` for when it is exact).
        always_zero = self.low_zero or any(len(ix.by_party[p]) == 1 for p in parties)
        self.zero_floor = always_zero
        one_day_required = benchmark_shape(ix)
        automaton_ok = always_zero and one_day_required
        # The benchmark's shape: CP-SAT's fixed search (see solve_full). Measured on tic-13, whose parties all
        # have 4+ meetings (no automaton): proven optimum 0 in 0.3-0.7 s with it, 2-6 breaks at 20 s without.
        self.fixed_search = fairness is not None and one_day_required
        for p, used_p in enumerate(self.used):
            if not used_p:
                out.append(0)
                continue
            if automaton_ok and fairness is not None:
                # Measured on the published instances: 8 proven optima in 20 s with the automaton versus
                # 0 with run-start Booleans alone; it propagates the per-party break limit far better.
                self.uses_automaton = True
                b_aut = self._automaton(p, used_p, fairness)
                # Measured: ticf-13crafb (optimum 3) solved in about 15 s in 2 of 3 runs with it, 0 of 3 before.
                self._one_block(p, used_p, b_aut, fairness)
                if party_lb is not None and party_lb[p] > 0:
                    md.add(b_aut >= party_lb[p])
                out.append(b_aut)
                continue
            starts: list[cp_model.IntVar] = []
            days_used: list[cp_model.IntVar] = []
            for day in ix.day_slots:
                day_u = [(t, used_p[t]) for t in day if t in used_p]
                if not day_u:
                    continue
                usable = {t for t, _ in day_u}
                for t, u in day_u:
                    prev = used_p[t - 1] if t - 1 in usable else None
                    s = md.new_bool_var(f"s{p}_{t}")
                    if prev is None:
                        md.add(s == u)
                    else:
                        md.add(s >= u - prev)
                        md.add(s <= u)
                        md.add(s <= 1 - prev)
                    starts.append(s)
                if all_required_on_day(ix, p, day):
                    days_used.append(md.new_constant(1))
                else:
                    dv = md.new_bool_var(f"d{p}_{day[0]}")
                    for _, u in day_u:
                        md.add(dv >= u)
                    md.add(dv <= sum(u for _, u in day_u))
                    days_used.append(dv)
            b: cp_model.LinearExprT = cp_model.LinearExpr.sum(starts) - cp_model.LinearExpr.sum(days_used)
            # Breaks are never negative; stating it lets the objective bound start at 0, not at −parties.
            md.add(b >= 0)
            if party_lb is not None and party_lb[p] > 0:
                md.add(b >= party_lb[p])
            out.append(b)
        if fairness is not None:
            hi = max((len(ix.by_party[p]) for p in parties), default=0)
            low: cp_model.LinearExprT = 0 if always_zero else md.new_int_var(0, hi, "minb")
            for p in parties:
                md.add(out[p] <= low + fairness)
                if not always_zero:
                    md.add(out[p] >= low)
        return out


def all_required_on_day(ix: Index, p: int, day: list[int]) -> bool:
    """Whether party ``p`` surely meets on this day: a must-hold meeting of ``p`` can only be on it."""
    days = set(day)
    return any(
        ix.instance.meetings[m].must_hold and ix.allowed[m] and all(t in days for t in ix.allowed[m])
        for m in ix.by_party[p]
    )


def _params(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def solve_full(
    ix: Index,
    *,
    hint: dict[int, int] | None,
    time_limit: float,
    workers: int = 2,
    fairness: int | None = None,
    party_lb: list[int] | None = None,
    seed: int = 0,
) -> FullResult:
    """Solve the whole instance with CP-SAT within ``time_limit`` seconds (both stages together).

    ``hint`` (meeting pos → slot pos) seeds stage A. ``party_lb`` are proven per-party lower bounds on
    breaks (valid when all of the party's meetings are must-hold), added as constraints to tighten proofs.
    """
    deadline = time.monotonic() + time_limit
    parties = sum(1 for ms in ix.by_party if ms)
    if fairness is not None and _low_zero_applies(ix):
        # Every party here has 2+ meetings, so a fair schedule whose least-broken party has L >= 1 breaks has
        # at least L x parties breaks in all. Solving with L = 0 (every party <= d breaks) is therefore exact
        # while the result stays below `parties`, and it lets the automaton and one-block models apply.
        # Measured on tic-13crafc (optimum 4): 4 breaks in 6-10 s with it; 5-8 at 20 s without.
        res = _solve(ix, _Model(ix, fairness, party_lb, low_zero=True), hint, deadline, time_limit, workers, seed)
        if not res.infeasible:
            bound = min(res.breaks_bound, parties)
            found = res.assignment
            optimal = found is not None and _total(ix, found) <= bound
            return FullResult(found, res.weight_optimal, optimal, False, bound)
        # No schedule with every party at <= d breaks: fall back to the general fairness model.
    return _solve(ix, _Model(ix, fairness, party_lb), hint, deadline, time_limit, workers, seed)


def _low_zero_applies(ix: Index) -> bool:
    """The benchmark's shape with no single-meeting party (so no party surely has 0 breaks)."""
    return benchmark_shape(ix) and not any(len(ms) == 1 for ms in ix.by_party)


def _solve(
    ix: Index,
    mod: _Model,
    hint: dict[int, int] | None,
    deadline: float,
    time_limit: float,
    workers: int,
    seed: int,
) -> FullResult:
    """Stages A and B on one built model; see :func:`solve_full`."""
    inst = ix.instance
    all_required = all(m.must_hold for m in inst.meetings)
    fairness = mod.fairness
    party_lb = mod.party_lb
    md = mod.model
    weight_expr = sum(inst.meetings[m].weight * h for m, h in enumerate(mod.held))

    def set_hint(assign: dict[int, int]) -> None:
        _hint(mod, assign)

    best: dict[int, int] | None = None
    weight_optimal = all_required
    if hint:
        set_hint(hint)
    if not all_required:
        md.maximize(weight_expr)
        solver = _params((deadline - time.monotonic()) * 0.5, workers, seed)
        st = solver.solve(md)
        if st == _INFEASIBLE:
            return FullResult(None, False, False, True, 0)
        if st not in (_OPTIMAL, _FEASIBLE):
            return FullResult(None, False, False, False, 0)
        best = _extract(mod, solver)
        weight_optimal = st == _OPTIMAL
        md.add(weight_expr >= round(solver.objective_value))
        set_hint(best)
    total_breaks = sum(mod.breaks)
    lb_total = sum(party_lb) if party_lb else 0
    md.add(total_breaks >= lb_total)
    md.minimize(total_breaks)
    solver = _params(deadline - time.monotonic(), workers, seed)
    if mod.fixed_search:
        # Measured on the 20 published instances (2 workers, 20 s): CP-SAT's fixed search proved 13-15
        # optima (runs vary), its default portfolio 8. With the one-block alternative per party and the fixed
        # search also without the automaton (tic-13): 16 in one bench run; 16-17 with the least-broken party
        # at 0 breaks (tic-13crafc always; ticf-13crafb in about half the runs); 18 in every run with the SAT
        # search beside it (forum-13crafc and ticf-13crafc proven; ticf-13crafb no longer reached; forum-13crafb
        # still missed). docs/benchmarks.md lists what else was measured (parity, clusters, interval models, ...).
        # Tried and dropped: explicit decision strategies on x or on used (slot-major, meeting-major) and
        # on the has-break Booleans; a soft-fairness first pass; fixed and default searches in two threads;
        # fixed search for 60 % of the time, then the default search from its best schedule; more workers
        # (8) or other subsolver pairs; objective shaving (feasibility at breaks <= LB, LB+1, ...); an LNS
        # loop (fixed slots or parties freed, 2 s sub-solves); patterns with one break enumerated as well.
        solver.parameters.search_branching = cp_model.FIXED_SEARCH
    threads: list[threading.Thread] = []
    polished: dict[str, dict[int, int] | None] = {}
    inc = satbreaks.Incumbent(ix, None, lb_total)
    use_sat = False
    done = satbreaks.Stopper()
    if mod.fixed_search and hint is not None and localsearch.applicable(ix):
        # In threads (CP-SAT's solve and Glucose release the GIL):
        # 1. break-minimising local search from the greedy schedule (fair schedules in about 1.5 s on the
        #    published instances), for LS_SHARE of the limit, beside CP-SAT or the climb; then, in the same thread,
        # 2. where every party can be held to d breaks exactly (``satbreaks``), the SAT descent (bottom-up probes
        #    from the proven lower bound, then fewer breaks than the best schedule known); and from the start,
        #    from a second thread, the SAT climb (at the lower bound, tables as busy parties; in a child process, see
        #    ``satbreaks.climb_shared``). The two share the best schedule and the bound, and stop each other
        #    once the best is proven optimal.
        budget = min(LS_SHARE * time_limit, LS_MAX_SECONDS)
        use_sat = fairness is not None and mod.zero_floor and satbreaks.applicable(ix, fairness)

        def settle() -> None:
            if inc.settled:
                done.stop()  # the best schedule is proven: the other searches have nothing left to find

        def run(start: dict[int, int] = hint) -> None:
            ls = localsearch.improve(
                ix, start, fairness=fairness, time_limit=budget, seed=seed, target=lb_total, stop=done.event
            )
            polished["ls"] = ls
            if not use_sat or done.is_set() or fairness is None:
                return
            if ls is not None and localsearch.is_complete_and_fair(ix, ls, fairness):
                inc.offer(ls)
                settle()
            satbreaks.descend_shared(ix, fairness, inc, done)
            settle()

        def run_climb() -> None:
            assert fairness is not None
            satbreaks.climb_shared(ix, fairness, inc, done, time_limit=max(1.0, deadline - time.monotonic()))
            settle()

        threads.append(threading.Thread(target=run, name="schedule-local-search", daemon=True))
        if use_sat:
            threads.append(threading.Thread(target=run_climb, name="schedule-sat-climb", daemon=True))
        for thread in threads:
            thread.start()
    if use_sat:
        # The SAT searches take both cores and CP-SAT is not run. Measured on the published instances, 20 s
        # (docs/benchmarks.md): CP-SAT (two workers) with the descent beside it, 18 of 20 proven; with the climb
        # as well (CP-SAT on one worker), forum-13crafb proven in 17.2 s; without CP-SAT, 19 of 20, forum-13crafb
        # in 12.5-14.3 s; since the climb states tables on busy parties only, 20 of 20 within 11.3 s.
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        st = _INFEASIBLE if inc.infeasible else cp_model.UNKNOWN
    else:
        st = solver.solve(md)
    if threads:
        done.stop()  # at the time limit, with a proof, or CP-SAT ended
        # Glucose mostly stops at once, but was measured up to 1.8 s late deep in a refutation (tic-13crafc,
        # "≤ 3 breaks"); an answer that late is past the limit anyway, so the daemon threads end on their own.
        # The climb's child process is killed within 50 ms.
        end = time.monotonic() + JOIN_GRACE
        for thread in threads:
            thread.join(timeout=max(0.0, end - time.monotonic()))
    if st == _INFEASIBLE:
        # With a weight floor from stage A this cannot happen; without, the must-hold set is infeasible.
        return FullResult(best, weight_optimal, False, best is None, 0)
    found: dict[int, int] | None = None
    bound = lb_total
    if st in (_OPTIMAL, _FEASIBLE):
        bound = max(lb_total, int(solver.best_objective_bound + 1e-6))
        found = _extract(mod, solver)
    candidates = [polished.get("ls")]
    if use_sat:
        # Every "no" of a SAT search is a proof (exact here, see ``satbreaks``), proven optimum or not.
        candidates.append(inc.best)
        bound = max(bound, inc.bounds()[0])
    for cand in candidates:
        if (
            st != _OPTIMAL
            and cand is not None
            and localsearch.is_complete_and_fair(ix, cand, fairness)
            and (found is None or _total(ix, cand) < _total(ix, found))
        ):
            found = cand
    if found is None:
        return FullResult(best, weight_optimal, False, False, lb_total)
    return FullResult(found, weight_optimal, _total(ix, found) <= bound, False, bound)


def _total(ix: Index, assign: dict[int, int]) -> int:
    return sum(party_breaks(ix, assign))


def _hint(mod: _Model, assign: dict[int, int]) -> None:
    mod.model.clear_hints()
    for m, row in enumerate(mod.x):
        for t, v in row.items():
            mod.model.add_hint(v, assign.get(m) == t)


def _extract(mod: _Model, solver: cp_model.CpSolver) -> dict[int, int]:
    out: dict[int, int] = {}
    for m, row in enumerate(mod.x):
        for t, v in row.items():
            if solver.boolean_value(v):
                out[m] = t
                break
    return out


def party_break_lower_bounds(ix: Index, time_limit: float = 0.2) -> list[int]:
    """For each party whose meetings are all must-hold, the fewest breaks it can have on its own.

    Each party is solved alone (its meetings on distinct slots among their compatible slots, minimising
    run starts); the result is a valid lower bound for the whole problem. Parties whose meetings all
    fit in one block of free common slots get 0 without a solve.
    """
    inst = ix.instance
    out = [0] * len(inst.parties)
    for p, ms in enumerate(ix.by_party):
        if len(ms) < 2 or not all(inst.meetings[m].must_hold for m in ms) or ix.capacity[p] != 1:
            continue
        days = {ix.slot_day[t] for m in ms for t in ix.allowed[m]}
        if len(days) != 1:
            continue
        if _fits_one_block(ix, ms):
            continue
        md = cp_model.CpModel()
        xs = [{t: md.new_bool_var("") for t in ix.allowed[m]} for m in ms]
        if any(not row for row in xs):
            continue
        for row in xs:
            md.add_exactly_one(row.values())
        slots = sorted({t for row in xs for t in row})
        used = {}
        for t in slots:
            vs = [row[t] for row in xs if t in row]
            md.add_at_most_one(vs)
            used[t] = sum(vs)
        starts = []
        for t in slots:
            s = md.new_bool_var("")
            if t - 1 in used:
                md.add(s >= used[t] - used[t - 1])
            else:
                md.add(s >= used[t])
            starts.append(s)
        md.minimize(sum(starts))
        solver = _params(time_limit, 1, 0)
        st = solver.solve(md)
        if st in (_OPTIMAL, _FEASIBLE):
            out[p] = max(0, int(solver.best_objective_bound) - 1)
    return out


def _fills_window(ix: Index, ms: list[int], window: range) -> bool:
    """Whether meetings ``ms`` can take exactly the slots of ``window``, one each (a perfect bipartite matching
    of meetings to slots over their allowed slots; augmenting paths, ``len(ms)`` is small)."""
    slots = set(window)
    taken: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for t in ix.allowed[m]:
            if t in slots and t not in seen:
                seen.add(t)
                if t not in taken or augment(taken[t], seen):
                    taken[t] = m
                    return True
        return False

    return all(augment(m, set()) for m in ms)


def _fits_one_block(ix: Index, ms: list[int]) -> bool:
    """Whether meetings ``ms`` can fill some window of ``len(ms)`` consecutive slots of one day."""
    k = len(ms)
    n = len(ix.instance.slots)
    return any(
        ix.slot_day[s] == ix.slot_day[s + k - 1] and _fills_window(ix, ms, range(s, s + k)) for s in range(n - k + 1)
    )
