"""Instance and result dataclasses of the scheduling core, plus a precomputed index.

Contract: everything here is plain, immutable data. An adapter builds an :class:`Instance` from rows,
calls :func:`meetings.scheduling.solve` and writes :class:`Solution.assignment` back. Identifiers are
strings chosen by the caller (database primary keys as text, for example).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class InstanceError(ValueError):
    """An instance is malformed. ``field`` names the offending field (``"meetings[3].parties"``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Slot:
    """One meeting slot. ``Instance.slots`` lists slots in chronological order.

    ``session`` is a half-day identifier unique across days (e.g. ``"2026-11-10/am"``); the slots of
    one session are consecutive in the list. ``locations`` caps how many location-using meetings run in
    this slot (lounge tables); ``None`` means unlimited.
    """

    id: str
    day: str
    session: str
    locations: int | None = None


@dataclass(frozen=True)
class Party:
    """A participant: a buyer (``capacity`` 1) or an exhibitor (``capacity`` = staff or tables).

    ``capacity`` is the number of meetings it can hold in parallel in one slot; ``unavailable`` are slot
    ids it cannot meet in; ``daily_cap`` bounds its meetings per day (``None``: no cap). ``kind`` is
    informational (``"buyer"``, ``"exhibitor"``) and used by the report's per-exhibitor share.
    """

    id: str
    capacity: int = 1
    unavailable: frozenset[str] = frozenset()
    daily_cap: int | None = None
    kind: str = ""


@dataclass(frozen=True)
class Meeting:
    """A requested meeting between two distinct parties.

    - ``weight`` (≥ 0) is what holding it is worth; the solver maximises the sum.
    - ``required``: must be held, or the instance is reported infeasible.
    - ``fixed_slot``: if held, it is held in this slot.
    - ``allowed_sessions``: session ids it may use (``None``: any).
    - ``locked``: already confirmed; implies required and needs ``fixed_slot``; never moves.
    - ``after``: ids of meetings that, when both are held, must take an earlier slot than this one.
    - ``uses_location``: counts against ``Slot.locations``.
    """

    id: str
    parties: tuple[str, str]
    weight: int = 1
    required: bool = False
    fixed_slot: str | None = None
    allowed_sessions: frozenset[str] | None = None
    locked: bool = False
    after: tuple[str, ...] = ()
    uses_location: bool = True

    @property
    def must_hold(self) -> bool:
        """Whether the meeting has to be held (required or locked)."""
        return self.required or self.locked


@dataclass(frozen=True)
class Instance:
    """A scheduling problem: ordered slots, parties and requested meetings."""

    slots: tuple[Slot, ...]
    parties: tuple[Party, ...]
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class Solution:
    """The result of :func:`meetings.scheduling.solve`.

    ``status``: ``"optimal"`` (weight and breaks proven optimal), ``"feasible"`` (a valid schedule, not
    proven optimal), ``"infeasible"`` (required/locked meetings cannot all be held: ``infeasibility``
    says why; ``assignment`` then holds the best partial schedule that keeps locked meetings) or
    ``"unknown"`` (no schedule found in time). ``assignment`` maps meeting id → slot id and is always
    conflict-free; ``unscheduled`` maps every other meeting id → a human-readable reason.
    """

    status: str
    assignment: dict[str, str]
    unscheduled: dict[str, str]
    weight: int
    upper_bound: int
    gap_percent: float
    breaks_total: int
    breaks_max: int
    breaks_by_party: dict[str, int]
    min_exhibitor_share: float | None
    seconds: float
    infeasibility: tuple[str, ...] = ()
    stats: dict[str, float] = field(default_factory=dict)


class Index:
    """Integer-indexed view of an :class:`Instance`, built once and shared by all algorithms.

    Validates the instance (raises :class:`InstanceError`). Slot ``t`` is adjacent to ``t + 1`` when both
    are on the same day: a lunch between sessions is not an idle gap.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        _validate(instance)
        self.slot_pos: dict[str, int] = {s.id: i for i, s in enumerate(instance.slots)}
        self.party_pos: dict[str, int] = {p.id: i for i, p in enumerate(instance.parties)}
        self.meeting_pos: dict[str, int] = {m.id: i for i, m in enumerate(instance.meetings)}
        days: list[str] = []
        sessions: list[str] = []
        for s in instance.slots:
            if not days or days[-1] != s.day:
                days.append(s.day)
            if not sessions or sessions[-1] != s.session:
                sessions.append(s.session)
        self.day_ids = days
        self.session_ids = sessions
        day_pos = {d: i for i, d in enumerate(days)}
        sess_pos = {d: i for i, d in enumerate(sessions)}
        self.slot_day: list[int] = [day_pos[s.day] for s in instance.slots]
        self.slot_session: list[int] = [sess_pos[s.session] for s in instance.slots]
        self.session_slots: list[list[int]] = [[] for _ in sessions]
        self.session_day: list[int] = [0] * len(sessions)
        for t in range(len(instance.slots)):
            self.session_slots[self.slot_session[t]].append(t)
            self.session_day[self.slot_session[t]] = self.slot_day[t]
        self.day_slots: list[list[int]] = [[] for _ in days]
        for t in range(len(instance.slots)):
            self.day_slots[self.slot_day[t]].append(t)
        self.capacity: list[int] = [p.capacity for p in instance.parties]
        self.daily_cap: list[int | None] = [p.daily_cap for p in instance.parties]
        self.locations: list[int | None] = [s.locations for s in instance.slots]
        self.free: list[frozenset[int]] = [
            frozenset(t for t, s in enumerate(instance.slots) if s.id not in p.unavailable) for p in instance.parties
        ]
        self.mparties: list[tuple[int, int]] = [
            (self.party_pos[m.parties[0]], self.party_pos[m.parties[1]]) for m in instance.meetings
        ]
        self.by_party: list[list[int]] = [[] for _ in instance.parties]
        for i, (a, b) in enumerate(self.mparties):
            self.by_party[a].append(i)
            self.by_party[b].append(i)
        # Slots a meeting may take, ignoring other meetings: both parties free, allowed session, fixed slot.
        self.allowed: list[list[int]] = []
        for i, m in enumerate(instance.meetings):
            a, b = self.mparties[i]
            cand = self.free[a] & self.free[b]
            if m.fixed_slot is not None:
                cand = cand & {self.slot_pos[m.fixed_slot]}
            if m.allowed_sessions is not None:
                ok = {sess_pos[x] for x in m.allowed_sessions}
                cand = frozenset(t for t in cand if self.slot_session[t] in ok)
            self.allowed.append(sorted(cand))
        self.after: list[list[int]] = [[self.meeting_pos[x] for x in m.after] for m in instance.meetings]

    def adjacent(self, t: int, u: int) -> bool:
        """Whether slot ``u`` directly follows slot ``t`` on the same day."""
        return u == t + 1 and self.slot_day[t] == self.slot_day[u]


def _validate(inst: Instance) -> None:
    """Check identifiers, references and value ranges; raise :class:`InstanceError` on the first problem."""
    if not inst.slots:
        raise InstanceError("slots", "at least one slot is needed")
    seen: set[str] = set()
    closed_sessions: set[str] = set()
    prev_session: str | None = None
    closed_days: set[str] = set()
    prev_day: str | None = None
    for i, s in enumerate(inst.slots):
        if s.id in seen:
            raise InstanceError(f"slots[{i}].id", f"duplicate slot id {s.id!r}")
        seen.add(s.id)
        if s.session != prev_session:
            if s.session in closed_sessions:
                raise InstanceError(f"slots[{i}].session", f"slots of session {s.session!r} are not consecutive")
            if prev_session is not None:
                closed_sessions.add(prev_session)
            prev_session = s.session
        if s.day != prev_day:
            if s.day in closed_days:
                raise InstanceError(f"slots[{i}].day", f"slots of day {s.day!r} are not consecutive")
            if prev_day is not None:
                closed_days.add(prev_day)
            prev_day = s.day
        if s.locations is not None and s.locations < 0:
            raise InstanceError(f"slots[{i}].locations", "must be >= 0")
    session_day: dict[str, str] = {}
    for i, s in enumerate(inst.slots):
        if session_day.setdefault(s.session, s.day) != s.day:
            raise InstanceError(f"slots[{i}].session", f"session {s.session!r} spans two days")
    pids: set[str] = set()
    for i, p in enumerate(inst.parties):
        if p.id in pids:
            raise InstanceError(f"parties[{i}].id", f"duplicate party id {p.id!r}")
        pids.add(p.id)
        if p.capacity < 1:
            raise InstanceError(f"parties[{i}].capacity", "must be >= 1")
        if p.daily_cap is not None and p.daily_cap < 0:
            raise InstanceError(f"parties[{i}].daily_cap", "must be >= 0")
        for u in p.unavailable:
            if u not in seen:
                raise InstanceError(f"parties[{i}].unavailable", f"unknown slot {u!r}")
    mids = {m.id for m in inst.meetings}
    if len(mids) != len(inst.meetings):
        counts: dict[str, int] = {}
        for i, m in enumerate(inst.meetings):
            counts[m.id] = counts.get(m.id, 0) + 1
            if counts[m.id] > 1:
                raise InstanceError(f"meetings[{i}].id", f"duplicate meeting id {m.id!r}")
    for i, m in enumerate(inst.meetings):
        a, b = m.parties
        for j, x in enumerate((a, b)):
            if x not in pids:
                raise InstanceError(f"meetings[{i}].parties[{j}]", f"unknown party {x!r}")
        if a == b:
            raise InstanceError(f"meetings[{i}].parties", "a meeting needs two different parties")
        if m.weight < 0:
            raise InstanceError(f"meetings[{i}].weight", "must be >= 0")
        if m.fixed_slot is not None and m.fixed_slot not in seen:
            raise InstanceError(f"meetings[{i}].fixed_slot", f"unknown slot {m.fixed_slot!r}")
        if m.locked and m.fixed_slot is None:
            raise InstanceError(f"meetings[{i}].fixed_slot", "a locked meeting needs its slot")
        if m.allowed_sessions is not None:
            for x in m.allowed_sessions:
                if x not in session_day:
                    raise InstanceError(f"meetings[{i}].allowed_sessions", f"unknown session {x!r}")
        for x in m.after:
            if x not in mids or x == m.id:
                raise InstanceError(f"meetings[{i}].after", f"unknown meeting {x!r}")


def benchmark_shape(index: Index) -> bool:
    """The published benchmark's shape: one day, every party capacity 1, every meeting required."""
    return (
        len(index.day_slots) == 1
        and all(c == 1 for c in index.capacity)
        and all(m.must_hold for m in index.instance.meetings)
    )


def party_breaks(index: Index, assignment: Mapping[int, int]) -> list[int]:
    """Breaks per party: consecutive meetings of a party on one day whose slots are not adjacent.

    ``assignment`` maps meeting position → slot position. Parallel meetings of a party in one slot
    count as one occupied slot.
    """
    used: list[set[int]] = [set() for _ in index.instance.parties]
    for m, t in assignment.items():
        a, b = index.mparties[m]
        used[a].add(t)
        used[b].add(t)
    out = []
    for slots in used:
        n = 0
        prev = -2
        for t in sorted(slots):
            if prev >= 0 and index.slot_day[prev] == index.slot_day[t] and t != prev + 1:
                n += 1
            prev = t
        out.append(n)
    return out
