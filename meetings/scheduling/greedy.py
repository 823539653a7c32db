"""Greedy scheduling: always returns a complete, conflict-free schedule in one pass.

It is the fallback when CP-SAT finds nothing in time and the full hint given to CP-SAT.
"""

from __future__ import annotations

from meetings.scheduling.model import Index
from meetings.scheduling.occupancy import Occupancy


def greedy(index: Index) -> tuple[Occupancy, list[str]]:
    """Place meetings one by one: locked first, then required, then by weight (descending).

    Within a class, meetings with fewer compatible slots go first (most constrained first). Each meeting
    takes the best feasible slot by :meth:`Occupancy.score`. Returns the occupancy and messages about
    locked or required meetings that could not be placed (empty when all were).
    """
    inst = index.instance
    occ = Occupancy(index)
    problems: list[str] = []
    order = sorted(
        range(len(inst.meetings)),
        key=lambda m: (
            not inst.meetings[m].locked,
            not inst.meetings[m].required,
            -inst.meetings[m].weight,
            len(index.allowed[m]),
            m,
        ),
    )
    for m in order:
        meeting = inst.meetings[m]
        t = occ.best_slot(m)
        if t is None:
            if meeting.must_hold:
                what = "locked" if meeting.locked else "required"
                problems.append(f"{what} meeting {meeting.id}: {occ.reason(m)}")
            continue
        occ.place(m, t)
    return occ, problems


def repair(occ: Occupancy, *, moves: bool = False) -> None:
    """Add every unplaced meeting that still fits somewhere, best weight first.

    With ``moves``, a meeting may displace one other meeting to a free slot (see
    :meth:`Occupancy.place_with_move`); without, nothing moves. Used after the CP-SAT phases: afterwards each
    meeting left out has a real blocking reason.
    """
    inst = occ.ix.instance
    rest = [m for m in range(len(inst.meetings)) if m not in occ.assignment]
    rest.sort(key=lambda m: (-inst.meetings[m].weight, len(occ.ix.allowed[m]), m))
    for m in rest:
        if moves:
            occ.place_with_move(m)
            continue
        t = occ.best_slot(m)
        if t is not None:
            occ.place(m, t)
