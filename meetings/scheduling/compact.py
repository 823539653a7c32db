"""Local search that removes breaks by moving single meetings, never changing which meetings are held."""

from __future__ import annotations

import time

from meetings.scheduling.occupancy import Occupancy


def _day_breaks(occ: Occupancy, p: int, d: int) -> int:
    row = occ.busy[p]
    runs = 0
    prev = False
    for t in occ.ix.day_slots[d]:
        cur = row[t] > 0
        if cur and not prev:
            runs += 1
        prev = cur
    return max(0, runs - 1)


def compact(occ: Occupancy, deadline: float) -> int:
    """Hill-climb: move a meeting to another feasible slot when that lowers its two parties' breaks.

    Repeats passes until none improves or ``deadline`` (``time.monotonic()``) passes. Locked and fixed
    meetings stay. Returns the number of breaks removed. The schedule stays conflict-free: every move is
    checked with :meth:`Occupancy.block` after taking the meeting out.
    """
    ix = occ.ix
    inst = ix.instance
    gained = 0
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for m in list(occ.assignment):
            meeting = inst.meetings[m]
            if meeting.locked or meeting.fixed_slot is not None or len(ix.allowed[m]) < 2:
                continue
            t = occ.assignment[m]
            parties = ix.mparties[m]
            d0 = ix.slot_day[t]
            before = sum(_day_breaks(occ, p, d0) for p in parties)
            occ.remove(m)
            base = {(p, d0): _day_breaks(occ, p, d0) for p in parties}
            best_t, best_delta = t, 0
            for t2 in ix.allowed[m]:
                if t2 == t or occ.block(m, t2) is not None:
                    continue
                d2 = ix.slot_day[t2]
                occ.place(m, t2)
                after = sum(_day_breaks(occ, p, d2) for p in parties)
                if d2 != d0:
                    after += sum(base[(p, d0)] for p in parties)
                    before_total = before + sum(_day_breaks_without(occ, p, d2, m) for p in parties)
                else:
                    before_total = before
                occ.remove(m)
                delta = after - before_total
                if delta < best_delta:
                    best_t, best_delta = t2, delta
            occ.place(m, best_t)
            if best_delta < 0:
                gained -= best_delta
                improved = True
            if time.monotonic() >= deadline:
                break
    return gained


def _day_breaks_without(occ: Occupancy, p: int, d: int, m: int) -> int:
    """Breaks of ``p`` on day ``d`` with meeting ``m`` taken out (``m`` is currently placed on ``d``)."""
    t = occ.assignment[m]
    occ.remove(m)
    b = _day_breaks(occ, p, d)
    occ.place(m, t)
    return b
