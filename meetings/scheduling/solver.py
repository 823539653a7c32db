"""Entry point of the scheduling core: :func:`solve` (and the report it builds)."""

from __future__ import annotations

import time
from dataclasses import replace

from meetings.scheduling.bound import upper_bound
from meetings.scheduling.cpsat_full import party_break_lower_bounds, solve_full
from meetings.scheduling.cpsat_phases import solve_phases
from meetings.scheduling.greedy import greedy, repair
from meetings.scheduling.model import Index, Instance, Solution, party_breaks
from meetings.scheduling.occupancy import Occupancy

# Above this many (meeting, slot) pairs the whole-instance model is too slow to build and search
# (measured: 300k Booleans need ~14 s to a first solution); the two-phase method is used instead.
FULL_MODEL_MAX_PAIRS = 20_000


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    fairness: int | None = None,
    method: str = "auto",
    seed: int = 0,
) -> Solution:
    """Schedule ``instance``: hold every required and locked meeting, maximise weight, then minimise breaks.

    - ``time_limit`` (seconds) bounds the whole call; the best schedule found so far is returned (anytime).
    - ``fairness`` d: breaks of any two parties with meetings differ by at most d (whole-model method only).
    - ``method``: ``"auto"`` (whole model when small, else two phases), ``"full"``, ``"phases"`` or
      ``"greedy"`` (no CP-SAT; what the fast path would do meeting by meeting).

    Raises :class:`~meetings.scheduling.model.InstanceError` for malformed instances. Locked meetings keep
    their slot in every returned schedule. If the required/locked meetings cannot all be held, ``status``
    is ``"infeasible"``, ``infeasibility`` explains which and why, and the schedule is the greedy one.
    On the heuristic paths (``"phases"``, ``"greedy"``) a required meeting left out is listed in
    ``infeasibility`` while the status stays ``"feasible"`` unless the meeting has no compatible slot at all.
    With ``fairness``, a schedule that does not meet it (only the greedy fallback) has status ``"unknown"``.
    """
    started = time.monotonic()
    deadline = started + time_limit
    ix = Index(instance)
    occ, problems = greedy(ix)
    greedy_s = time.monotonic() - started
    ub = upper_bound(ix)
    pairs = sum(len(a) for a in ix.allowed)
    if method == "auto":
        method = "full" if pairs <= FULL_MODEL_MAX_PAIRS or fairness is not None else "phases"
    status = "feasible"
    infeasibility: tuple[str, ...] = ()
    locked_bad = [p for p in problems if p.startswith("locked")]
    if locked_bad:
        # A locked meeting that does not fit its own slot cannot be fixed by search: report at once.
        return _report(ix, occ, "infeasible", tuple(locked_bad), ub, started, greedy_s)
    if method == "full":
        lb = party_break_lower_bounds(ix) if all(m.must_hold for m in instance.meetings) else None
        res = solve_full(
            ix,
            hint=occ.assignment,
            time_limit=deadline - time.monotonic(),
            workers=workers,
            fairness=fairness,
            party_lb=lb,
            seed=seed,
        )
        if res.infeasible:
            status = "infeasible"
            infeasibility = tuple(problems) or ("the required and locked meetings cannot all be held together",)
        elif res.assignment is not None:
            occ = _occupancy(ix, res.assignment)
            status = "optimal" if res.weight_optimal and res.breaks_optimal else "feasible"
        elif problems:
            status = "unknown"
            infeasibility = tuple(problems)
    elif method == "phases":
        occ, lp_bound = solve_phases(ix, occ, deadline, workers, seed)
        if lp_bound is not None:
            ub = min(ub, lp_bound)
    repair(occ)
    if method != "full":
        # Heuristic paths prove nothing: a required meeting they could not place is reported, and the status
        # is "infeasible" only when that meeting has no compatible slot at all.
        missing = [m for m, meeting in enumerate(instance.meetings) if meeting.must_hold and m not in occ.assignment]
        if missing:
            infeasibility = tuple(f"required meeting {instance.meetings[m].id}: {occ.reason(m)}" for m in missing)
            status = "infeasible" if any(not ix.allowed[m] for m in missing) else "feasible"
    sol = _report(ix, occ, status, infeasibility, ub, started, greedy_s)
    if fairness is not None and sol.status in ("optimal", "feasible"):
        with_meetings = [sol.breaks_by_party.get(p.id, 0) for i, p in enumerate(instance.parties) if ix.by_party[i]]
        if with_meetings and max(with_meetings) - min(with_meetings) > fairness:
            # Only the greedy fallback can get here (CP-SAT found nothing in time): not an answer.
            sol = replace(sol, status="unknown", infeasibility=(*sol.infeasibility, f"fairness {fairness} not met"))
    return sol


def _occupancy(ix: Index, assignment: dict[int, int]) -> Occupancy:
    occ = Occupancy(ix)
    for m, t in sorted(assignment.items(), key=lambda kv: kv[1]):
        occ.place(m, t)
    return occ


def _report(
    ix: Index,
    occ: Occupancy,
    status: str,
    infeasibility: tuple[str, ...],
    ub: int,
    started: float,
    greedy_s: float,
) -> Solution:
    inst = ix.instance
    weight = sum(inst.meetings[m].weight for m in occ.assignment)
    breaks = party_breaks(ix, occ.assignment)
    share: float | None = None
    for p, party in enumerate(inst.parties):
        if party.kind == "exhibitor" and ix.by_party[p]:
            got = sum(1 for m in ix.by_party[p] if m in occ.assignment) / len(ix.by_party[p])
            share = got if share is None else min(share, got)
    ub = max(ub, weight)
    if status == "feasible" and weight == ub and sum(breaks) == 0:
        status = "optimal"
    return Solution(
        status=status,
        assignment={inst.meetings[m].id: inst.slots[t].id for m, t in sorted(occ.assignment.items())},
        unscheduled={meeting.id: occ.reason(m) for m, meeting in enumerate(inst.meetings) if m not in occ.assignment},
        weight=weight,
        upper_bound=ub,
        gap_percent=round(100.0 * (ub - weight) / ub, 3) if ub else 0.0,
        breaks_total=sum(breaks),
        breaks_max=max(breaks, default=0),
        breaks_by_party={inst.parties[p].id: b for p, b in enumerate(breaks) if b},
        min_exhibitor_share=share,
        seconds=round(time.monotonic() - started, 3),
        infeasibility=infeasibility,
        stats={"greedy_seconds": round(greedy_s, 3), "meetings": len(inst.meetings)},
    )
