"""Fast path: place one newly accepted meeting without moving any other meeting (no CP-SAT).

Cost is linear in the number of meetings given plus (slots × meetings of the two parties): about a
millisecond at show scale, so it can run inside the request that accepts a meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from meetings.scheduling.model import Index, Instance, InstanceError, Meeting
from meetings.scheduling.occupancy import Occupancy


@dataclass(frozen=True)
class Placement:
    """Result of :func:`place_meeting`: ``slot_id`` to use, or ``None`` and the ``reason`` none fits."""

    slot_id: str | None
    reason: str | None = None


def place_meeting(instance: Instance, assignment: Mapping[str, str], meeting: Meeting) -> Placement:
    """Best common free slot for ``meeting`` given the current schedule, or why there is none.

    ``instance`` holds the slots and at least the two parties and every scheduled meeting of those parties
    (plus all scheduled location-using meetings when slots have a location limit, and the meeting's
    precedence partners); other meetings may be omitted to save time. ``assignment`` maps scheduled meeting
    ids → slot ids. The chosen slot respects availability, capacities, daily caps, locations, allowed
    sessions, fixed slot and precedences, and prefers slots next to the parties' other meetings (fewest
    new breaks), then the earliest. Raises :class:`InstanceError` if the meeting references unknown ids.
    """
    if meeting.id in assignment:
        return Placement(assignment[meeting.id])
    pair = set(meeting.parties)
    after = set(meeting.after)
    relevant: list[Meeting] = []
    located: dict[str, int] = {}
    limited = any(s.locations is not None for s in instance.slots)
    for m in instance.meetings:
        if m.id == meeting.id:
            continue
        slot = assignment.get(m.id)
        if slot is None:
            continue
        if limited and m.uses_location:
            located[slot] = located.get(slot, 0) + 1
        if pair.intersection(m.parties) or m.id in after or meeting.id in m.after:
            relevant.append(m)
    keep = {m.id for m in relevant} | {meeting.id}
    # Only precedences between kept meetings matter here; dropping the rest keeps the mini instance valid.
    relevant = [replace(m, after=tuple(x for x in m.after if x in keep)) for m in relevant]
    new = replace(meeting, after=tuple(x for x in meeting.after if x in keep))
    missing = [x for x in meeting.after if x not in keep and x not in {m.id for m in instance.meetings}]
    if missing:
        raise InstanceError("meeting.after", f"unknown meeting {missing[0]!r}")
    party_ids = {p for m in relevant for p in m.parties} | pair
    parties = tuple(p for p in instance.parties if p.id in party_ids)
    mini = Instance(slots=instance.slots, parties=parties, meetings=(*relevant, new))
    ix = Index(mini)
    occ = Occupancy(ix)
    for i, m in enumerate(relevant):
        occ.place(i, ix.slot_pos[assignment[m.id]])
    if limited:
        occ.loc_used = [located.get(s.id, 0) for s in instance.slots]
    target = len(relevant)
    t = occ.best_slot(target)
    if t is None:
        return Placement(None, occ.reason(target))
    return Placement(instance.slots[t].id)
