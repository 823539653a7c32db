"""JSON instance format (documented in docs/scheduling.md) and solution output.

Reading is strict: unknown keys, wrong types and bad references raise :class:`InstanceError` whose
``field`` is a path such as ``meetings[3].weight``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meetings.scheduling.model import Instance, InstanceError, Meeting, Party, Slot, Solution

_SLOT_KEYS = {"id", "day", "session", "locations"}
_PARTY_KEYS = {"id", "kind", "capacity", "unavailable", "daily_cap"}
_MEETING_KEYS = {
    "id",
    "parties",
    "weight",
    "required",
    "fixed_slot",
    "allowed_sessions",
    "locked",
    "after",
    "uses_location",
}


def _obj(value: Any, field: str, keys: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(field, "expected an object")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise InstanceError(f"{field}.{unknown[0]}", "unknown field")
    for k in sorted(required):
        if k not in value:
            raise InstanceError(f"{field}.{k}", "missing")
    return value


def _str(value: Any, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InstanceError(field, "expected a string")
    return str(value)


def _int(value: Any, field: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(field, "expected an integer" + (" or null" if optional else ""))
    return value


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InstanceError(field, "expected true or false")
    return value


def _strs(value: Any, field: str) -> list[str]:
    if not isinstance(value, list):
        raise InstanceError(field, "expected a list of strings")
    return [_str(v, f"{field}[{i}]") for i, v in enumerate(value)]


def instance_from_dict(data: Any) -> Instance:
    """Build and validate an :class:`Instance` from parsed JSON (see docs/scheduling.md)."""
    root = _obj(data, "instance", {"slots", "parties", "meetings"}, {"slots", "parties", "meetings"})
    for key in ("slots", "parties", "meetings"):
        if not isinstance(root[key], list):
            raise InstanceError(key, "expected a list")
    slots = []
    for i, raw in enumerate(root["slots"]):
        f = f"slots[{i}]"
        d = _obj(raw, f, _SLOT_KEYS, {"id", "day", "session"})
        slots.append(
            Slot(
                id=_str(d["id"], f"{f}.id"),
                day=_str(d["day"], f"{f}.day"),
                session=_str(d["session"], f"{f}.session"),
                locations=_int(d.get("locations"), f"{f}.locations", optional=True),
            )
        )
    parties = []
    for i, raw in enumerate(root["parties"]):
        f = f"parties[{i}]"
        d = _obj(raw, f, _PARTY_KEYS, {"id"})
        parties.append(
            Party(
                id=_str(d["id"], f"{f}.id"),
                kind=_str(d.get("kind", ""), f"{f}.kind"),
                capacity=_int(d.get("capacity", 1), f"{f}.capacity") or 0,
                unavailable=frozenset(_strs(d.get("unavailable", []), f"{f}.unavailable")),
                daily_cap=_int(d.get("daily_cap"), f"{f}.daily_cap", optional=True),
            )
        )
    meetings = []
    for i, raw in enumerate(root["meetings"]):
        f = f"meetings[{i}]"
        d = _obj(raw, f, _MEETING_KEYS, {"id", "parties"})
        pair = _strs(d["parties"], f"{f}.parties")
        if len(pair) != 2:
            raise InstanceError(f"{f}.parties", "expected exactly two party ids")
        sessions = d.get("allowed_sessions")
        fixed = d.get("fixed_slot")
        meetings.append(
            Meeting(
                id=_str(d["id"], f"{f}.id"),
                parties=(pair[0], pair[1]),
                weight=_int(d.get("weight", 1), f"{f}.weight") or 0,
                required=_bool(d.get("required", False), f"{f}.required"),
                fixed_slot=None if fixed is None else _str(fixed, f"{f}.fixed_slot"),
                allowed_sessions=None if sessions is None else frozenset(_strs(sessions, f"{f}.allowed_sessions")),
                locked=_bool(d.get("locked", False), f"{f}.locked"),
                after=tuple(_strs(d.get("after", []), f"{f}.after")),
                uses_location=_bool(d.get("uses_location", True), f"{f}.uses_location"),
            )
        )
    return Instance(slots=tuple(slots), parties=tuple(parties), meetings=tuple(meetings))


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    """The inverse of :func:`instance_from_dict` (defaults written out)."""
    return {
        "slots": [{"id": s.id, "day": s.day, "session": s.session, "locations": s.locations} for s in inst.slots],
        "parties": [
            {
                "id": p.id,
                "kind": p.kind,
                "capacity": p.capacity,
                "unavailable": sorted(p.unavailable),
                "daily_cap": p.daily_cap,
            }
            for p in inst.parties
        ],
        "meetings": [
            {
                "id": m.id,
                "parties": list(m.parties),
                "weight": m.weight,
                "required": m.required,
                "fixed_slot": m.fixed_slot,
                "allowed_sessions": None if m.allowed_sessions is None else sorted(m.allowed_sessions),
                "locked": m.locked,
                "after": list(m.after),
                "uses_location": m.uses_location,
            }
            for m in inst.meetings
        ],
    }


def solution_to_dict(sol: Solution) -> dict[str, Any]:
    """JSON-ready form of a :class:`Solution` (keys documented in docs/scheduling.md)."""
    return {
        "status": sol.status,
        "scheduled": sol.assignment,
        "unscheduled": sol.unscheduled,
        "weight": sol.weight,
        "upper_bound": sol.upper_bound,
        "gap_percent": sol.gap_percent,
        "breaks": sol.breaks_total,
        "max_breaks": sol.breaks_max,
        "breaks_by_party": sol.breaks_by_party,
        "min_exhibitor_share": sol.min_exhibitor_share,
        "infeasibility": list(sol.infeasibility),
        "seconds": sol.seconds,
    }
