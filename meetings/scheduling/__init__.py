"""Pure scheduling core of expomatch: no Django import; plain dataclasses in, plain dataclasses out.

Public API: :class:`Instance`, :class:`Slot`, :class:`Party`, :class:`Meeting` (input);
:func:`solve` → :class:`Solution` (batch run); :func:`place_meeting` → :class:`Placement` (fast path for one
newly accepted meeting); :func:`check_schedule` (independent validity check); JSON and .dzn readers.
"""

from meetings.scheduling.check import check_schedule
from meetings.scheduling.fastpath import Placement, place_meeting
from meetings.scheduling.model import Instance, InstanceError, Meeting, Party, Slot, Solution
from meetings.scheduling.solver import solve

__all__ = [
    "Instance",
    "InstanceError",
    "Meeting",
    "Party",
    "Placement",
    "Slot",
    "Solution",
    "check_schedule",
    "place_meeting",
    "solve",
]
