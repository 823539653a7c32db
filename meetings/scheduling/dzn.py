"""Reader for the MiniZinc data files of the published B2B benchmark (Bofill et al., JAIR 2022).

Format (one day; slots ``1..nTotalSlots``, ``1..nMorningSlots`` in the morning):
``nBusiness``, ``nMeetings``, ``nTables``, ``nTotalSlots``, ``nMorningSlots``;
``requested = [| p1, p2, session | ... |]`` with session 1 = morning, 2 = afternoon, 3 = either;
``forbidden`` (per participant, a set of slots; 0 is padding), ``fixed`` (per meeting, 0 or a slot) and
``precedences`` (per meeting, a set of meeting numbers that must come earlier; 1-based).
Derived arrays (``meetingsxBusiness``, ``nMeetingsBusiness``) are read but not needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetings.scheduling.model import Instance, InstanceError, Meeting, Party, Slot

DznValue = int | list[int] | list[list[int]] | list[set[int]]


@dataclass(frozen=True)
class DznProblem:
    """The benchmark data as read, with 1-based participant, meeting and slot numbers."""

    n_business: int
    n_tables: int
    n_slots: int
    n_morning: int
    requested: list[tuple[int, int, int]]
    forbidden: list[set[int]]
    fixed: list[int]
    precedences: list[set[int]]


_ITEM = re.compile(r"([A-Za-z_]\w*)\s*=\s*(.*?);", re.S)


def _parse_set(text: str, field: str) -> set[int]:
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise InstanceError(field, f"expected a set like {{1,2}}, got {body[:30]!r}")
    out: set[int] = set()
    for part in body[1:-1].split(","):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            lo, hi = part.split("..")
            out.update(range(int(lo), int(hi) + 1))
        else:
            out.add(int(part))
    return out


def _parse_value(name: str, text: str) -> DznValue:
    text = text.strip()
    try:
        if text.startswith("[|"):
            rows = [r for r in text[2:].rstrip("]").rstrip().rstrip("|").split("|")]
            return [[int(v) for v in row.split(",") if v.strip()] for row in rows if row.strip(" \n,")]
        if text.startswith("["):
            inner = text[1:-1].strip()
            if inner.startswith("{") or not inner:
                sets = re.findall(r"\{[^}]*\}", inner)
                # Some files leave an empty element (",,") for an empty set: count separators instead.
                if inner and re.sub(r"\{[^}]*\}", "", inner).replace(",", "").strip():
                    raise ValueError("stray text between sets")
                return [_parse_set(s, name) for s in sets] if inner else []
            return [int(v) for v in inner.split(",") if v.strip()]
        return int(text)
    except ValueError as exc:
        raise InstanceError(name, f"cannot read value: {exc}") from None


def read_dzn(text: str) -> DznProblem:
    """Parse benchmark data text; raise :class:`InstanceError` naming the field on bad input."""
    text = re.sub(r"%[^\n]*", "", text)
    items = {name: _parse_value(name, value) for name, value in _ITEM.findall(text)}

    def num(name: str) -> int:
        v = items.get(name)
        if not isinstance(v, int):
            raise InstanceError(name, "missing or not an integer")
        return v

    n_business, n_slots = num("nBusiness"), num("nTotalSlots")
    n_tables, n_morning = num("nTables"), num("nMorningSlots")
    req = items.get("requested")
    if not isinstance(req, list) or any(not isinstance(r, list) or len(r) != 3 for r in req):
        raise InstanceError("requested", "expected rows of three integers [| p1, p2, session | ... |]")
    requested = [(r[0], r[1], r[2]) for r in req if isinstance(r, list)]
    if "nMeetings" in items and num("nMeetings") != len(requested):
        raise InstanceError("requested", f"has {len(requested)} rows but nMeetings = {num('nMeetings')}")
    for i, (a, b, s) in enumerate(requested):
        if not (1 <= a <= n_business and 1 <= b <= n_business) or a == b:
            raise InstanceError(f"requested[{i + 1}]", f"bad participants {a}, {b}")
        if s not in (1, 2, 3):
            raise InstanceError(f"requested[{i + 1}]", f"session must be 1, 2 or 3, got {s}")

    def sets(name: str, length: int) -> list[set[int]]:
        empty: list[set[int]] = [set() for _ in range(length)]
        v: DznValue = items.get(name, empty)
        if not isinstance(v, list) or len(v) != length or any(not isinstance(x, set) for x in v):
            raise InstanceError(name, f"expected {length} sets")
        return [x for x in v if isinstance(x, set)]

    forbidden = [{t for t in s if t != 0} for s in sets("forbidden", n_business)]
    precedences = sets("precedences", len(requested))
    fixed_v = items.get("fixed", [0] * len(requested))
    if not isinstance(fixed_v, list) or len(fixed_v) != len(requested):
        raise InstanceError("fixed", f"expected {len(requested)} integers")
    fixed = [int(f) if isinstance(f, int) else -1 for f in fixed_v]
    for i, f in enumerate(fixed):
        if not 0 <= f <= n_slots:
            raise InstanceError(f"fixed[{i + 1}]", f"slot {f} outside 0..{n_slots}")
    return DznProblem(n_business, n_tables, n_slots, n_morning, requested, forbidden, fixed, precedences)


def dzn_instance(p: DznProblem) -> Instance:
    """Translate to an :class:`Instance`: one day, sessions ``am``/``pm``, all meetings required.

    Party ids are ``"1".."n"``, meeting ids ``"1".."m"`` (row order of ``requested``) and slot ids
    ``"1".."nTotalSlots"``; every slot has ``nTables`` locations.
    """
    slots = tuple(
        Slot(id=str(t), day="1", session="am" if t <= p.n_morning else "pm", locations=p.n_tables)
        for t in range(1, p.n_slots + 1)
    )
    parties = tuple(
        Party(id=str(i + 1), unavailable=frozenset(str(t) for t in p.forbidden[i] if 1 <= t <= p.n_slots))
        for i in range(p.n_business)
    )
    has_pm = p.n_slots > p.n_morning
    meetings = []
    for i, (a, b, s) in enumerate(p.requested):
        allowed: frozenset[str] | None = None
        if s == 1:
            allowed = frozenset({"am"})
        elif s == 2:
            allowed = frozenset({"pm"}) if has_pm else frozenset({"am"})
        meetings.append(
            Meeting(
                id=str(i + 1),
                parties=(str(a), str(b)),
                required=True,
                fixed_slot=str(p.fixed[i]) if p.fixed[i] else None,
                allowed_sessions=allowed if has_pm else None,
                after=tuple(str(q) for q in sorted(p.precedences[i])),
            )
        )
    return Instance(slots=slots, parties=parties, meetings=tuple(meetings))
