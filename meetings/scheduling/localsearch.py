"""Break-minimising local search over complete schedules (pure Python, no CP-SAT).

Moves are Kempe chains between two slots: a meeting and every meeting linked to it through a shared party
in either slot swap slots together, so no party ever gets two meetings in one slot. A single move to a free
slot and a swap of two meetings are special cases. Each move keeps every meeting within its allowed slots
and every slot within its locations. The cost is lexicographic: fairness excess first, then total breaks.

Only for capacity-1 parties, all meetings required, without daily caps or precedences (the benchmark's
shape); :func:`improve` returns ``None`` otherwise.
"""

from __future__ import annotations

import math
import random
import threading
import time

from meetings.scheduling.model import Index

_FAIR_WEIGHT = 1000
_UNPLACED_WEIGHT = 100_000


def applicable(ix: Index) -> bool:
    """Whether the search supports this instance (capacity 1, no daily caps, no precedences)."""
    return (
        all(c == 1 for c in ix.capacity)
        and all(c is None for c in ix.daily_cap)
        and not any(ix.after)
        and all(m.must_hold for m in ix.instance.meetings)
    )


class _State:
    def __init__(self, ix: Index, assign: dict[int, int], fairness: int | None) -> None:
        self.ix = ix
        n_slots = len(ix.instance.slots)
        self.n_slots = n_slots
        self.fairness = fairness
        self.slot = [assign.get(m, -1) for m in range(len(ix.instance.meetings))]
        self.occ = [[-1] * n_slots for _ in ix.instance.parties]
        self.count = [0] * n_slots
        self.cap = [loc if loc is not None else 1 << 30 for loc in ix.locations]
        self.uses_loc = [m.uses_location for m in ix.instance.meetings]
        self.allowed = [set(a) for a in ix.allowed]
        for m, t in enumerate(self.slot):
            if t < 0:
                continue
            a, b = ix.mparties[m]
            self.occ[a][t] = m
            self.occ[b][t] = m
            if self.uses_loc[m]:
                self.count[t] += 1
        self.active = [p for p in range(len(ix.instance.parties)) if ix.by_party[p]]
        self.br = [self.party_breaks(p) for p in range(len(ix.instance.parties))]
        # A party with one meeting never has a break: then the fairness floor is 0 and the cost is incremental.
        self.zero_floor = any(len(ix.by_party[p]) == 1 for p in self.active)
        self.total = sum(self.br)
        self.unplaced = self.slot.count(-1)
        self.over = fairness if fairness is not None else len(ix.instance.slots)
        self.excess = sum(max(0, self.br[p] - self.over) for p in self.active)

    def party_breaks(self, p: int) -> int:
        row = self.occ[p]
        day = self.ix.slot_day
        n = 0
        prev = -1
        for t in range(self.n_slots):
            if row[t] >= 0:
                if prev >= 0 and day[prev] == day[t] and t != prev + 1:
                    n += 1
                prev = t
        return n

    def cost(self) -> int:
        total = self.total + _UNPLACED_WEIGHT * self.unplaced
        if self.fairness is None:
            return total
        if self.zero_floor:
            return _FAIR_WEIGHT * self.excess + total
        lo = min((self.br[p] for p in self.active), default=0)
        excess = sum(max(0, self.br[p] - lo - self.fairness) for p in self.active)
        return _FAIR_WEIGHT * excess + total

    def chain(self, m: int, t2: int) -> list[int] | None:
        """Meetings of the Kempe chain of ``m`` between its slot and ``t2``; ``None`` if it cannot flip."""
        t1 = self.slot[m]
        if t1 == t2:
            return None
        seen = {m}
        stack = [m]
        mp = self.ix.mparties
        while stack:
            x = stack.pop()
            other = t2 if self.slot[x] == t1 else t1
            if other not in self.allowed[x]:
                return None
            for p in mp[x]:
                y = self.occ[p][other]
                if y >= 0 and y not in seen:
                    seen.add(y)
                    stack.append(y)
        d1 = sum(1 for x in seen if self.uses_loc[x] and self.slot[x] == t1)
        d2 = sum(1 for x in seen if self.uses_loc[x] and self.slot[x] == t2)
        if self.count[t1] - d1 + d2 > self.cap[t1] or self.count[t2] - d2 + d1 > self.cap[t2]:
            return None
        return list(seen)

    def move(self, changes: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Set each meeting's slot (-1 = unplaced); returns the changes that undo it."""
        mp = self.ix.mparties
        touched: set[int] = set()
        undo = [(x, self.slot[x]) for x, _ in changes]
        for x, t_new in changes:
            t = self.slot[x]
            self.unplaced += (t_new < 0) - (t < 0)
            if t < 0:
                continue
            for p in mp[x]:
                if self.occ[p][t] == x:
                    self.occ[p][t] = -1
                touched.add(p)
            if self.uses_loc[x]:
                self.count[t] -= 1
        for x, t in changes:
            self.slot[x] = t
            if t < 0:
                continue
            for p in mp[x]:
                self.occ[p][t] = x
                touched.add(p)
            if self.uses_loc[x]:
                self.count[t] += 1
        for p in touched:
            b = self.party_breaks(p)
            self.total += b - self.br[p]
            self.excess += max(0, b - self.over) - max(0, self.br[p] - self.over)
            self.br[p] = b
        return undo

    def insert(self, m: int, t: int, rng: random.Random) -> list[tuple[int, int]]:
        """Changes placing unplaced ``m`` in ``t``, unplacing what conflicts with it there."""
        out = [(m, t)]
        ejected = set()
        for p in self.ix.mparties[m]:
            y = self.occ[p][t]
            if y >= 0 and y not in ejected:
                ejected.add(y)
                out.append((y, -1))
        if self.uses_loc[m]:
            freed = sum(1 for y in ejected if self.uses_loc[y])
            if self.count[t] - freed + 1 > self.cap[t]:
                others = [y for y in self.at_slot(t) if y not in ejected and self.uses_loc[y]]
                if not others:
                    return []
                out.append((rng.choice(others), -1))
        return out

    def at_slot(self, t: int) -> list[int]:
        return [x for x, s in enumerate(self.slot) if s == t]


def improve(
    ix: Index,
    assign: dict[int, int],
    *,
    fairness: int | None,
    time_limit: float,
    seed: int = 0,
    target: int | None = None,
    stop: threading.Event | None = None,
) -> dict[int, int] | None:
    """Simulated annealing on Kempe-chain moves from the schedule ``assign`` (meeting → slot).

    Meetings missing from ``assign`` are inserted by ejecting what conflicts with them (an unplaced meeting
    costs more than any fairness excess). Returns the best schedule found (never worse than ``assign`` by
    the lexicographic cost: unplaced meetings, fairness excess, total breaks), or ``None`` when the instance
    is not supported. Stops early once the cost reaches ``target`` (a proven lower bound on total breaks)
    or when ``stop`` is set (another solver finished).
    """
    if not applicable(ix):
        return None
    rng = random.Random(seed)
    st = _State(ix, assign, fairness)
    cur = st.cost()
    best = cur
    best_slot = list(st.slot)
    deadline = time.monotonic() + time_limit
    movable = [m for m in range(len(st.slot)) if len(st.allowed[m]) > 1 or st.slot[m] < 0]
    if not movable:
        return {m: t for m, t in enumerate(best_slot) if t >= 0}
    allowed_list = [sorted(a) for a in st.allowed]
    temp0, temp1 = 2.0, 0.05
    start = time.monotonic()
    it = 0
    while True:
        it += 1
        if it & 255 == 0:
            now = time.monotonic()
            if now >= deadline or (stop is not None and stop.is_set()):
                break
            frac = (now - start) / max(1e-9, deadline - start)
            temp = temp0 * (temp1 / temp0) ** frac
        elif it == 1:
            temp = temp0
        # Focus on meetings of parties with breaks most of the time.
        if rng.random() < 0.7:
            p = rng.choice(st.active)
            if st.br[p] == 0:
                continue
            m = rng.choice(ix.by_party[p])
            if st.slot[m] < 0:
                continue
        else:
            m = rng.choice(movable)
        unplaced = [x for x, t in enumerate(st.slot) if t < 0] if cur >= _UNPLACED_WEIGHT else []
        if unplaced and rng.random() < 0.5:
            m = rng.choice(unplaced)
        cand = allowed_list[m]
        if not cand:
            continue
        t2 = cand[rng.randrange(len(cand))]
        t1 = st.slot[m]
        if t1 < 0:
            changes = st.insert(m, t2, rng)
        else:
            ms = st.chain(m, t2)
            changes = [(x, t2 if st.slot[x] == t1 else t1) for x in ms] if ms is not None else []
        if not changes:
            continue
        undo = st.move(changes)
        new = st.cost()
        delta = new - cur
        if delta <= 0 or rng.random() < math.exp(-delta / temp):
            cur = new
            if cur < best:
                best = cur
                best_slot = list(st.slot)
                if best <= (target or 0):
                    break
        else:
            st.move(undo)
    return {m: t for m, t in enumerate(best_slot) if t >= 0}


def breaks_and_excess(ix: Index, assign: dict[int, int], fairness: int | None) -> tuple[int, int, int]:
    """Total breaks, fairness excess (0 when fair) and unplaced meetings of a schedule."""
    st = _State(ix, assign, fairness)
    total = sum(st.br)
    unplaced = st.slot.count(-1)
    return total, (st.cost() - total - _UNPLACED_WEIGHT * unplaced) // _FAIR_WEIGHT, unplaced


def is_complete_and_fair(ix: Index, assign: dict[int, int], fairness: int | None) -> bool:
    """Whether every meeting is placed and the fairness rule holds."""
    _, excess, unplaced = breaks_and_excess(ix, assign, fairness)
    return excess == 0 and unplaced == 0
