"""Incremental occupancy of slots, shared by the greedy pass, the repair pass and the fast path.

It tracks, for a partial schedule, how many meetings each party holds in each slot and on each day and how
many locations each slot uses, so testing or choosing a slot for one more meeting costs O(slots).
"""

from __future__ import annotations

from collections import Counter

from meetings.scheduling.model import Index


class Occupancy:
    """A conflict-free partial schedule over an :class:`Index` (meeting position → slot position).

    Invariant: ``assignment`` never exceeds a capacity, daily cap, location count or availability, and
    respects the precedences between held meetings.
    """

    def __init__(self, index: Index) -> None:
        self.ix = index
        n_slots = len(index.instance.slots)
        n_days = len(index.day_ids)
        self.busy: list[list[int]] = [[0] * n_slots for _ in index.instance.parties]
        self.day_load: list[list[int]] = [[0] * n_days for _ in index.instance.parties]
        self.loc_used: list[int] = [0] * n_slots
        self.assignment: dict[int, int] = {}
        # Reverse precedences: meetings that must come after a given meeting.
        self.before_of: list[list[int]] = [[] for _ in index.instance.meetings]
        for m, preds in enumerate(index.after):
            for p in preds:
                self.before_of[p].append(m)

    def block(self, m: int, t: int) -> str | None:
        """Why meeting ``m`` cannot take slot ``t`` now, as a short code, or ``None`` if it can."""
        ix = self.ix
        pair = ix.mparties[m]
        # Daily caps first: when a party's day is full, that is the reason, whatever else blocks the slot.
        for side, p in enumerate(pair):
            cap = ix.daily_cap[p]
            if cap is not None and self.day_load[p][ix.slot_day[t]] >= cap:
                return f"cap{side}"
        for side, p in enumerate(pair):
            if self.busy[p][t] >= ix.capacity[p]:
                return f"busy{side}"
        loc = ix.locations[t]
        if loc is not None and ix.instance.meetings[m].uses_location and self.loc_used[t] >= loc:
            return "locations"
        for p in ix.after[m]:
            s = self.assignment.get(p)
            if s is not None and s >= t:
                return "precedence"
        for q in self.before_of[m]:
            s = self.assignment.get(q)
            if s is not None and s <= t:
                return "precedence"
        return None

    def score(self, m: int, t: int) -> tuple[int, int]:
        """Preference of slot ``t`` for meeting ``m`` (higher is better).

        First: how many of the two parties' neighbouring slots are already used (placing next to existing
        meetings avoids breaks); then a mild push towards early slots so parties' days start compactly.
        """
        ix = self.ix
        adj = 0
        for p in ix.mparties[m]:
            row = self.busy[p]
            if t > 0 and row[t - 1] and ix.slot_day[t - 1] == ix.slot_day[t]:
                adj += 1
            if t + 1 < len(row) and row[t + 1] and ix.slot_day[t + 1] == ix.slot_day[t]:
                adj += 1
            if row[t]:
                # A party with parallel capacity already in this slot: no new idle time at all.
                adj += 1
        return adj, -t

    def best_slot(self, m: int) -> int | None:
        """The best currently feasible slot for meeting ``m`` (see :meth:`score`), or ``None``."""
        best: int | None = None
        best_score: tuple[int, int] | None = None
        for t in self.ix.allowed[m]:
            if self.block(m, t) is None:
                sc = self.score(m, t)
                if best_score is None or sc > best_score:
                    best, best_score = t, sc
        return best

    def place_with_move(self, m: int, slots: list[int] | None = None) -> bool:
        """Place ``m``, moving at most one other (unlocked) meeting to another slot if that frees one.

        ``slots`` restricts where ``m`` and the moved meeting may go (default: anywhere allowed). One Kempe-
        style move recovers most meetings a plain greedy leaves out of an almost-full session. Returns
        whether ``m`` was placed; on ``False`` nothing changed.
        """
        ix = self.ix
        within = None if slots is None else set(slots)
        cand = [t for t in ix.allowed[m] if within is None or t in within]
        best: tuple[tuple[int, int], int] | None = None
        for t in cand:
            if self.block(m, t) is None:
                sc = self.score(m, t)
                if best is None or sc > best[0]:
                    best = (sc, t)
        if best is not None:
            self.place(m, best[1])
            return True
        for t in cand:
            code = self.block(m, t)
            if code not in ("busy0", "busy1"):
                continue
            p = ix.mparties[m][int(code[-1])]
            for other in ix.by_party[p]:
                if self.assignment.get(other) != t or ix.instance.meetings[other].locked:
                    continue
                self.remove(other)
                if self.block(m, t) is None:
                    self.place(m, t)
                    for t2 in ix.allowed[other]:
                        if t2 != t and (within is None or t2 in within) and self.block(other, t2) is None:
                            self.place(other, t2)
                            return True
                    self.remove(m)
                self.place(other, t)
        return False

    def place(self, m: int, t: int) -> None:
        """Record meeting ``m`` in slot ``t``; the caller has checked :meth:`block`."""
        ix = self.ix
        d = ix.slot_day[t]
        for p in ix.mparties[m]:
            self.busy[p][t] += 1
            self.day_load[p][d] += 1
        if ix.instance.meetings[m].uses_location:
            self.loc_used[t] += 1
        self.assignment[m] = t

    def remove(self, m: int) -> None:
        """Undo :meth:`place` for meeting ``m``."""
        ix = self.ix
        t = self.assignment.pop(m)
        d = ix.slot_day[t]
        for p in ix.mparties[m]:
            self.busy[p][t] -= 1
            self.day_load[p][d] -= 1
        if ix.instance.meetings[m].uses_location:
            self.loc_used[t] -= 1

    def reason(self, m: int) -> str:
        """Why meeting ``m`` has no feasible slot in the current schedule, in words for organisers."""
        ix = self.ix
        inst = ix.instance
        meeting = inst.meetings[m]
        names = [_label(ix, p) for p in ix.mparties[m]]
        if not ix.allowed[m]:
            if meeting.fixed_slot is not None:
                return f"fixed slot {meeting.fixed_slot} is unavailable to one of {names[0]}, {names[1]}"
            for side, p in enumerate(ix.mparties[m]):
                in_sessions = [
                    t
                    for t in ix.free[p]
                    if meeting.allowed_sessions is None
                    or ix.session_ids[ix.slot_session[t]] in meeting.allowed_sessions
                ]
                if not in_sessions:
                    return f"{names[side]} is unavailable in every allowed slot"
            return f"no slot where both {names[0]} and {names[1]} are available"
        causes: Counter[str] = Counter()
        for t in ix.allowed[m]:
            code = self.block(m, t)
            if code is None:
                return "a compatible free slot exists but the meeting was not selected"
            causes[code] += 1
        n = len(ix.allowed[m])
        if causes["cap0"] + causes["cap1"] == n and min(causes["cap0"], causes["cap1"]) == 0:
            side = 0 if causes["cap0"] else 1
            return f"{names[side]}'s daily cap is reached on every common day"
        for side in (0, 1):
            if causes[f"busy{side}"] + causes[f"cap{side}"] == n and causes[f"busy{side}"]:
                # One side alone blocks every compatible slot: name it, organisers act on that party.
                return f"{names[side]} is fully booked in every slot both are available"
        parts = []
        labels = {
            "busy0": f"{names[0]} busy",
            "busy1": f"{names[1]} busy",
            "cap0": f"{names[0]}'s daily cap reached",
            "cap1": f"{names[1]}'s daily cap reached",
            "locations": "no location left",
            "precedence": "precedence order",
        }
        for code, count in causes.most_common():
            parts.append(f"{labels[code]} in {count}")
        return f"no common free slot among {n} compatible slots: " + ", ".join(parts)


def _label(ix: Index, p: int) -> str:
    party = ix.instance.parties[p]
    return f"{party.kind or 'party'} {party.id}"
