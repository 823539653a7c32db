"""Pure slot arithmetic: a show day's local plan → the start and end of each meeting slot.

No Django here; `meetings.services.slots_generate` turns the result into Slot rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class DayPlan:
    """Meeting hours of one show day in the event's local time; breaks must lie inside them."""

    date: date
    opens: time
    closes: time
    breaks: tuple[tuple[time, time], ...] = ()


@dataclass(frozen=True)
class PlannedSlot:
    """One meeting slot: `starts_at`/`ends_at` aware UTC datetimes; `session` 1-based within the day."""

    day: date
    index: int
    session: int
    starts_at: datetime
    ends_at: datetime


def plan_slots(days: Sequence[DayPlan], *, slot_minutes: int, buffer_minutes: int, time_zone: str) -> list[PlannedSlot]:
    """Cut each day into slots of `slot_minutes`, `buffer_minutes` apart, skipping breaks.

    A slot never overlaps a break or runs past closing time. Each break that falls between two slots starts a
    new session, so the slots of a session are consecutive — the scheduler counts idle gaps per session. The
    result is ordered by start time and fully determined by its inputs (the generator is idempotent).
    """
    if slot_minutes <= 0:
        raise ValueError("slot_minutes must be positive")
    if buffer_minutes < 0:
        raise ValueError("buffer_minutes cannot be negative")
    zone = ZoneInfo(time_zone)
    length = timedelta(minutes=slot_minutes)
    step = timedelta(minutes=slot_minutes + buffer_minutes)
    planned: list[PlannedSlot] = []
    for day in sorted(days, key=lambda d: d.date):
        opens = datetime.combine(day.date, day.opens, tzinfo=zone)
        closes = datetime.combine(day.date, day.closes, tzinfo=zone)
        breaks = sorted(
            (datetime.combine(day.date, s, tzinfo=zone), datetime.combine(day.date, e, tzinfo=zone))
            for s, e in day.breaks
        )
        start = opens
        index = 0
        session = 1
        last_session_break: tuple[datetime, datetime] | None = None
        while start + length <= closes:
            end = start + length
            clash = next((b for b in breaks if b[0] < end and start < b[1]), None)
            if clash is not None:
                # Resume at the break's end; the break separates two sessions.
                start = clash[1]
                if index > 0 and clash != last_session_break:
                    session += 1
                    last_session_break = clash
                continue
            planned.append(
                PlannedSlot(
                    day=day.date,
                    index=index,
                    session=session,
                    starts_at=start.astimezone(ZoneInfo("UTC")),
                    ends_at=end.astimezone(ZoneInfo("UTC")),
                )
            )
            index += 1
            start += step
    return planned
