"""Two-phase CP-SAT for show-sized instances: sessions first (weight), then slots inside each session (breaks).

Phase 1 chooses each meeting's session (half-day) under per-session and per-day capacities, maximising
weight. Phase 2 places each session's meetings on its slots, minimising run starts (hence breaks); a large
penalty for dropping a meeting keeps it feasible when availability is not uniform inside a session. For
buyer–exhibitor graphs with uniform availability phase 2 never drops anything (König's edge-colouring
theorem), so phase 1's weight is kept.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from meetings.scheduling.bound import session_lp
from meetings.scheduling.compact import compact
from meetings.scheduling.greedy import repair
from meetings.scheduling.model import Index
from meetings.scheduling.occupancy import Occupancy


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def choose_sessions(
    ix: Index, hint: dict[int, int], time_limit: float, workers: int, seed: int = 0
) -> tuple[dict[int, int] | None, int | None]:
    """Phase 1: meeting pos → session pos, or ``None`` if CP-SAT found nothing (or proved infeasible).

    ``hint`` is a complete schedule (meeting pos → slot pos), e.g. the greedy one. Also returns CP-SAT's
    proven bound on the phase-1 objective: phase 1 relaxes the real problem (every schedule induces a
    session choice meeting its constraints), so that bound is an honest upper bound on the schedulable
    weight, and usually much tighter than the flow bound because it sees days and sessions.
    """
    inst = ix.instance
    md = cp_model.CpModel()
    z: list[dict[int, cp_model.IntVar]] = []
    for m, meeting in enumerate(inst.meetings):
        sess = sorted({ix.slot_session[t] for t in ix.allowed[m]})
        row = {s: md.new_bool_var(f"z{m}_{s}") for s in sess}
        z.append(row)
        if meeting.must_hold:
            md.add_exactly_one(row.values())
        elif len(row) > 1:
            md.add_at_most_one(row.values())
    per_ps: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for m, row in enumerate(z):
        for s, v in row.items():
            for p in ix.mparties[m]:
                per_ps.setdefault((p, s), []).append(v)
    for (p, s), vs in per_ps.items():
        room = ix.capacity[p] * sum(1 for t in ix.session_slots[s] if t in ix.free[p])
        if len(vs) > room:
            md.add(sum(vs) <= room)
    for p, cap in enumerate(ix.daily_cap):
        if cap is None:
            continue
        for d in range(len(ix.day_ids)):
            vs = [v for (q, s), lst in per_ps.items() if q == p and ix.session_day[s] == d for v in lst]
            if len(vs) > cap:
                md.add(sum(vs) <= cap)
    for s, slots in enumerate(ix.session_slots):
        locs = [ix.locations[t] for t in slots]
        if any(loc is None for loc in locs):
            continue
        room = sum(loc for loc in locs if loc is not None)
        vs = [row[s] for m, row in enumerate(z) if s in row and inst.meetings[m].uses_location]
        if len(vs) > room:
            md.add(sum(vs) <= room)
    for m, preds in enumerate(ix.after):
        # Held together, a predecessor's session cannot be later than its successor's.
        for q in preds:
            for s, v in z[m].items():
                for s2, w in z[q].items():
                    if s2 > s:
                        md.add_bool_or([v.Not(), w.Not()])
    md.maximize(sum(inst.meetings[m].weight * v for m, row in enumerate(z) for v in row.values()))
    for m, row in enumerate(z):
        t = hint.get(m)
        for s, v in row.items():
            md.add_hint(v, t is not None and ix.slot_session[t] == s)
    solver = _solver(time_limit, workers, seed)
    st = solver.solve(md)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None
    out = {m: s for m, row in enumerate(z) for s, v in row.items() if solver.boolean_value(v)}
    return out, int(solver.best_objective_bound + 1e-6)


def place_in_sessions(ix: Index, sessions: dict[int, int]) -> Occupancy:
    """Greedy slot placement honouring a session choice: the phase-2 hint and fallback.

    Locked, then required, then heavy meetings first; most constrained first. A meeting that does not fit
    its session is left out (the repair pass may place it elsewhere later).
    """
    inst = ix.instance
    occ = Occupancy(ix)
    order = sorted(
        sessions,
        key=lambda m: (not inst.meetings[m].locked, not inst.meetings[m].required, -inst.meetings[m].weight, m),
    )
    for m in order:
        s = sessions[m]
        best: int | None = None
        best_score: tuple[int, int] | None = None
        for t in ix.allowed[m]:
            if ix.slot_session[t] != s or occ.block(m, t) is not None:
                continue
            sc = occ.score(m, t)
            if best_score is None or sc > best_score:
                best, best_score = t, sc
        if best is not None:
            occ.place(m, best)
    return occ


def improve_session(
    ix: Index, s: int, members: list[int], start: dict[int, int], time_limit: float, workers: int, seed: int = 0
) -> dict[int, int] | None:
    """Phase 2 for one session: place ``members`` on its slots, minimising dropped weight then run starts.

    ``start`` (meeting pos → slot pos) is a feasible placement used as a complete hint. Returns the new
    placement of the members that are held, or ``None`` when CP-SAT found nothing better in time.
    """
    inst = ix.instance
    slots = ix.session_slots[s]
    md = cp_model.CpModel()
    x: dict[int, dict[int, cp_model.IntVar]] = {}
    for m in members:
        row = {t: md.new_bool_var("") for t in ix.allowed[m] if ix.slot_session[t] == s}
        x[m] = row
        if inst.meetings[m].must_hold:
            md.add_exactly_one(row.values())
        else:
            md.add_at_most_one(row.values())
    at: dict[int, dict[int, list[cp_model.IntVar]]] = {}
    for m, row in x.items():
        for t, v in row.items():
            for p in ix.mparties[m]:
                at.setdefault(p, {}).setdefault(t, []).append(v)
    # The hint must be complete (x, u and run starts) or CP-SAT spends its time repairing it.
    hint_used: set[tuple[int, int]] = {(p, t) for m, t in start.items() for p in ix.mparties[m]}
    starts: list[cp_model.IntVar] = []
    for p, per_t in at.items():
        cap = ix.capacity[p]
        used: dict[int, cp_model.IntVar] = {}
        for t, vs in per_t.items():
            u = md.new_bool_var("")
            if cap == 1:
                md.add(sum(vs) == u)
            else:
                if len(vs) > cap:
                    md.add(sum(vs) <= cap)
                for v in vs:
                    md.add_implication(v, u)
                md.add_bool_or(vs).only_enforce_if(u)
            used[t] = u
            md.add_hint(u, (p, t) in hint_used)
        for t, u in used.items():
            st = md.new_bool_var("")
            md.add_hint(st, (p, t) in hint_used and (p, t - 1) not in hint_used)
            prev = used.get(t - 1)
            if prev is None:
                md.add(st == u)
            else:
                md.add_bool_or([st, u.Not(), prev])
                md.add_implication(st, u)
                md.add_implication(st, prev.Not())
            starts.append(st)
    for t in slots:
        loc = ix.locations[t]
        if loc is None:
            continue
        vs = [row[t] for m, row in x.items() if t in row and inst.meetings[m].uses_location]
        if len(vs) > loc:
            md.add(sum(vs) <= loc)
    member_set = set(members)
    for m in members:
        for q in ix.after[m]:
            if q in member_set:
                for t, v in x[m].items():
                    for t2, w in x[q].items():
                        if t2 >= t:
                            md.add_bool_or([v.Not(), w.Not()])
    # Dropping weight must never pay for fewer breaks: each dropped unit costs more than all run starts.
    big = len(starts) + 1
    dropped = sum(inst.meetings[m].weight * (1 - sum(row.values())) for m, row in x.items())
    md.minimize(big * dropped + sum(starts))
    for m, row in x.items():
        for t, v in row.items():
            md.add_hint(v, start.get(m) == t)
    solver = _solver(time_limit, workers, seed)
    status = solver.solve(md)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {m: t for m, row in x.items() for t, v in row.items() if solver.boolean_value(v)}


def solve_phases(
    ix: Index, greedy_occ: Occupancy, deadline: float, workers: int, seed: int = 0
) -> tuple[Occupancy, int | None]:
    """Phase 1 then phase 2 within ``deadline`` (a ``time.monotonic()`` value).

    Phase 1 solves the LP relaxation of the session model (GLOP): on show instances it comes out integral,
    which makes it the optimal session choice and an upper bound at once; if it is fractional, CP-SAT
    phase 1 starts from its rounding. Phase 2 places each session's meetings (greedy with one-move repair),
    then removes breaks by local search (:func:`compact`) and, with time left, CP-SAT per session.
    Returns a conflict-free occupancy never lighter than ``greedy_occ`` and the LP bound (or ``None``).
    """
    inst = ix.instance

    def weight(o: Occupancy) -> int:
        return sum(inst.meetings[m].weight for m in o.assignment)

    lp = session_lp(ix, time_limit=max(1.0, (deadline - time.monotonic()) * 0.4))
    lp_bound: int | None = None
    sessions: dict[int, int] = {}
    if lp is not None:
        lp_bound, values = lp
        fractional = False
        for m, row in values.items():
            s, v = max(row, key=lambda sv: sv[1])
            fractional = fractional or any(1e-6 < val < 1 - 1e-6 for _, val in row)
            if v >= 0.5:
                sessions[m] = s
        if fractional and deadline - time.monotonic() > 1.0:
            hint = {m: ix.session_slots[s][0] for m, s in sessions.items()}
            chosen, _ = choose_sessions(ix, hint, (deadline - time.monotonic()) * 0.4, workers, seed)
            if chosen is not None and sum(inst.meetings[m].weight for m in chosen) > sum(
                inst.meetings[m].weight for m in sessions
            ):
                sessions = chosen
    for m in range(len(inst.meetings)):
        if inst.meetings[m].must_hold and m not in sessions and ix.allowed[m]:
            sessions[m] = ix.slot_session[ix.allowed[m][0]]
    occ = Occupancy(ix)
    order = sorted(
        sessions,
        key=lambda m: (
            not inst.meetings[m].locked,
            not inst.meetings[m].required,
            -inst.meetings[m].weight,
            len(ix.allowed[m]),
            m,
        ),
    )
    for m in order:
        occ.place_with_move(m, ix.session_slots[sessions[m]])
    # Chosen in phase 1 but not placed in their session: try any session, with one move.
    for m in order:
        if m not in occ.assignment:
            occ.place_with_move(m)
    repair(occ)
    if weight(occ) < weight(greedy_occ) or any(
        inst.meetings[m].must_hold and m not in occ.assignment for m in range(len(inst.meetings))
    ):
        occ = greedy_occ
    reserve = 0.05 * max(0.0, deadline - time.monotonic())
    compact(occ, deadline - reserve)
    _cpsat_sessions(ix, occ, deadline - reserve, workers, seed)
    return occ, lp_bound


def _cpsat_sessions(ix: Index, occ: Occupancy, deadline: float, workers: int, seed: int) -> None:
    """Phase 2 by CP-SAT, session by session, while time remains; keeps a result only if it is better."""
    by_session: dict[int, list[int]] = {}
    for m, t in occ.assignment.items():
        by_session.setdefault(ix.slot_session[t], []).append(m)
    remaining = sorted(by_session.items(), key=lambda kv: -len(kv[1]))
    left = sum(len(v) for _, v in remaining)
    for s, members in remaining:
        budget = (deadline - time.monotonic()) * len(members) / max(1, left)
        left -= len(members)
        # Below about a second CP-SAT rarely beats the local search on a session; don't waste the time.
        if budget < 1.0:
            continue
        current = {m: occ.assignment[m] for m in members}
        parties = {p for m in members for p in ix.mparties[m]}
        before = sum(_party_day_breaks(occ, p, ix.session_day[s]) for p in parties)
        new = improve_session(ix, s, members, current, budget, workers, seed)
        if new is None or len(new) < len(current):
            continue
        for m in current:
            occ.remove(m)
        for m, t in new.items():
            occ.place(m, t)
        after = sum(_party_day_breaks(occ, p, ix.session_day[s]) for p in parties)
        if after > before:
            for m in new:
                occ.remove(m)
            for m, t in current.items():
                occ.place(m, t)


def _party_day_breaks(occ: Occupancy, p: int, d: int) -> int:
    row = occ.busy[p]
    runs = 0
    prev = False
    for t in occ.ix.day_slots[d]:
        cur = row[t] > 0
        runs += cur and not prev
        prev = cur
    return max(0, runs - 1)
