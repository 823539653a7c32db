"""An honest upper bound on the schedulable weight, by min-cost flow (weighted b-matching relaxation)."""

from __future__ import annotations

from meetings.scheduling.model import Index


def party_slot_budget(index: Index, p: int) -> int:
    """Most meetings party ``p`` can hold: Σ over days of min(daily cap, capacity × free slots that day)."""
    total = 0
    cap = index.daily_cap[p]
    for slots in index.day_slots:
        free = sum(1 for t in slots if t in index.free[p]) * index.capacity[p]
        total += free if cap is None else min(cap, free)
    return total


def upper_bound(index: Index) -> int:
    """Upper bound on the total weight of any feasible schedule.

    Every schedule is a b-matching (each party p holds at most ``party_slot_budget(p)`` meetings). The
    meeting graph need not be bipartite, so the flow runs on its bipartite double cover: each party on both
    sides, each meeting as two arcs (a→b and b→a) of cost −weight. A schedule of weight W gives a flow of
    cost −2W, so ⌊−min cost / 2⌋ bounds W. Solved by OR-Tools' ``SimpleMinCostFlow`` in milliseconds.
    """
    from ortools.graph.python import min_cost_flow

    inst = index.instance
    n = len(inst.parties)
    source, sink = 2 * n, 2 * n + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    budget = [party_slot_budget(index, p) for p in range(n)]
    total_budget = sum(budget)
    for p in range(n):
        if budget[p]:
            flow.add_arc_with_capacity_and_unit_cost(source, p, budget[p], 0)
            flow.add_arc_with_capacity_and_unit_cost(n + p, sink, budget[p], 0)
    any_arc = False
    for m, meeting in enumerate(inst.meetings):
        if not index.allowed[m] or meeting.weight == 0:
            continue
        a, b = index.mparties[m]
        flow.add_arc_with_capacity_and_unit_cost(a, n + b, 1, -meeting.weight)
        flow.add_arc_with_capacity_and_unit_cost(b, n + a, 1, -meeting.weight)
        any_arc = True
    if not any_arc:
        return 0
    # The bypass lets the flow send the full supply without forcing unprofitable arcs.
    flow.add_arc_with_capacity_and_unit_cost(source, sink, total_budget, 0)
    flow.set_node_supply(source, total_budget)
    flow.set_node_supply(sink, -total_budget)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return sum(m.weight for i, m in enumerate(inst.meetings) if index.allowed[i])
    return (-flow.optimal_cost()) // 2


def session_lp(index: Index, time_limit: float = 30.0) -> tuple[int, dict[int, list[tuple[int, float]]]] | None:
    """Upper bound from the LP relaxation of the phase-1 session model (GLOP), or ``None`` if not solved.

    Also returns the LP values (meeting pos → [(session pos, value)]); they are nearly integral on show
    instances and, rounded, give a far better phase-1 start than the greedy pass.

    Variables z[m,σ] ∈ [0,1] for sessions σ where both parties of m have a common compatible slot;
    Σ_σ z ≤ 1 per meeting; per party and session Σ z ≤ capacity × free slots; per party and day Σ z ≤ daily
    cap; per session Σ z ≤ its locations. Every schedule satisfies these, so the LP optimum bounds the
    weight. It sees days and sessions, which the flow bound does not, and is usually much tighter.
    """
    from ortools.linear_solver import pywraplp

    inst = index.instance
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    lp.SetTimeLimit(int(time_limit * 1000))
    per_ps: dict[tuple[int, int], list[pywraplp.Variable]] = {}
    per_pd: dict[tuple[int, int], list[pywraplp.Variable]] = {}
    per_s: dict[int, list[pywraplp.Variable]] = {}
    objective = lp.Objective()
    variables: dict[int, list[tuple[int, pywraplp.Variable]]] = {}
    for m, meeting in enumerate(inst.meetings):
        sessions = sorted({index.slot_session[t] for t in index.allowed[m]})
        if not sessions or meeting.weight == 0:
            continue
        row = [lp.NumVar(0.0, 1.0, "") for _ in sessions]
        if len(row) > 1:
            c = lp.Constraint(0.0, 1.0)
            for v in row:
                c.SetCoefficient(v, 1.0)
        variables[m] = list(zip(sessions, row, strict=True))
        for s, v in zip(sessions, row, strict=True):
            objective.SetCoefficient(v, float(meeting.weight))
            for p in index.mparties[m]:
                per_ps.setdefault((p, s), []).append(v)
                if index.daily_cap[p] is not None:
                    per_pd.setdefault((p, index.session_day[s]), []).append(v)
            if meeting.uses_location:
                per_s.setdefault(s, []).append(v)
    for (p, s), vs in per_ps.items():
        room = index.capacity[p] * sum(1 for t in index.session_slots[s] if t in index.free[p])
        if len(vs) > room:
            c = lp.Constraint(0.0, float(room))
            for v in vs:
                c.SetCoefficient(v, 1.0)
    for (p, _day), vs in per_pd.items():
        cap = index.daily_cap[p]
        if cap is not None and len(vs) > cap:
            c = lp.Constraint(0.0, float(cap))
            for v in vs:
                c.SetCoefficient(v, 1.0)
    for s, vs in per_s.items():
        locs = [index.locations[t] for t in index.session_slots[s]]
        if all(loc is not None for loc in locs):
            room = sum(loc for loc in locs if loc is not None)
            if len(vs) > room:
                c = lp.Constraint(0.0, float(room))
                for v in vs:
                    c.SetCoefficient(v, 1.0)
    objective.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    values = {m: [(s, v.solution_value()) for s, v in row] for m, row in variables.items()}
    # Integer weights: the integral optimum is at most the floor of the LP optimum (small tolerance).
    return int(objective.Value() + 1e-6), values
