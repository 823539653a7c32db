"""Slots and locations: the slot generator (idempotent, never drops a meeting silently) and event locations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from matchmaking.models import Event, EventDay, Exhibitor
from meetings.enums import LocationKind
from meetings.models import ACTIVE_MEETING, Location, Meeting, Slot
from meetings.slot_plan import DayPlan, PlannedSlot, plan_slots


class SlotPlanConflict(Exception):
    """Raised when a day-plan change would remove slots that hold active meetings.

    `meetings` lists them; nothing was changed. Call again with `cancel_affected=True` to cancel them
    explicitly (their requests stay accepted, so the next scheduler run places them again).
    """

    def __init__(self, meetings: Sequence[Meeting]):
        self.meetings = list(meetings)
        super().__init__(
            f"{len(self.meetings)} active meeting(s) sit in slots this change removes: "
            + ", ".join(str(m) for m in self.meetings[:10])
            + (" …" if len(self.meetings) > 10 else "")
        )


@dataclass
class SlotSyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    cancelled_meetings: list[Meeting] = field(default_factory=list)


def event_day_plans(*, event: Event, overrides: dict[int, DayPlan] | None = None) -> list[DayPlan]:
    """The event's day plans as plain data; `overrides` (EventDay pk → plan) stands in for unsaved edits."""
    overrides = overrides or {}
    plans = []
    for day in event.days.prefetch_related("breaks"):
        plans.append(
            overrides.get(day.pk)
            or DayPlan(
                date=day.date,
                opens=day.opens,
                closes=day.closes,
                breaks=tuple((b.starts, b.ends) for b in day.breaks.all()),
            )
        )
    return plans


def _planned(
    event: Event, plans: Sequence[DayPlan] | None, slot_minutes: int | None, buffer_minutes: int | None
) -> list[PlannedSlot]:
    return plan_slots(
        plans if plans is not None else event_day_plans(event=event),
        slot_minutes=slot_minutes if slot_minutes is not None else event.slot_minutes,
        buffer_minutes=buffer_minutes if buffer_minutes is not None else event.buffer_minutes,
        time_zone=event.time_zone,
    )


def slots_plan_conflicts(
    *,
    event: Event,
    plans: Sequence[DayPlan] | None = None,
    slot_minutes: int | None = None,
    buffer_minutes: int | None = None,
) -> list[Meeting]:
    """Active meetings whose slot would disappear if the event's plan became (plans, slot_minutes, buffer).

    Arguments left as None mean "as saved". Used by forms to refuse a change before anything is written.
    """
    keep = {p.starts_at for p in _planned(event, plans, slot_minutes, buffer_minutes)}
    return [
        m
        for m in Meeting.objects.filter(ACTIVE_MEETING, event=event)
        .select_related("slot", "buyer", "exhibitor", "slot__event")
        .order_by("slot__starts_at")
        if m.slot is not None and m.slot.starts_at not in keep
    ]


@transaction.atomic
def slots_generate(*, event: Event, cancel_affected: bool = False) -> SlotSyncResult:
    """Make the event's Slot rows match its day plans. Idempotent: a second call changes nothing.

    A slot whose start time survives keeps its row (and so its meetings and blocks); its end, index and session
    are updated. A slot that disappears is deleted with its availability blocks. If such a slot holds active
    meetings, the call raises SlotPlanConflict and writes nothing — unless `cancel_affected`, in which case those
    meetings are cancelled (listed in the result) before their slots go.
    """
    planned = _planned(event, None, None, None)
    days = {d.date: d for d in EventDay.objects.filter(event=event)}
    existing = {s.starts_at: s for s in Slot.objects.select_for_update().filter(event=event)}
    wanted = {p.starts_at: p for p in planned}

    obsolete = [s for start, s in existing.items() if start not in wanted]
    affected = list(
        Meeting.objects.filter(ACTIVE_MEETING, slot__in=obsolete).select_related("slot", "buyer", "exhibitor")
    )
    result = SlotSyncResult()
    if affected:
        if not cancel_affected:
            raise SlotPlanConflict(affected)
        from meetings.services.requests import meeting_cancel_row

        for m in affected:
            # Logged and versioned like any cancellation (feeds show it as cancelled; a confirmed one is e-mailed).
            meeting_cancel_row(m, None, "The slot was removed from the programme.")
        result.cancelled_meetings = affected
    if obsolete:
        Slot.objects.filter(pk__in=[s.pk for s in obsolete]).delete()
        result.removed = len(obsolete)

    to_create: list[Slot] = []
    to_update: list[Slot] = []
    for start, p in wanted.items():
        day = days[p.day]
        slot = existing.get(start)
        if slot is None:
            to_create.append(
                Slot(event=event, day=day, index=p.index, session=p.session, starts_at=start, ends_at=p.ends_at)
            )
        elif (slot.day_id, slot.index, slot.session, slot.ends_at) != (day.pk, p.index, p.session, p.ends_at):
            slot.day, slot.index, slot.session, slot.ends_at = day, p.index, p.session, p.ends_at
            to_update.append(slot)
        else:
            result.unchanged += 1
    Slot.objects.bulk_create(to_create)
    Slot.objects.bulk_update(to_update, ["day", "index", "session", "ends_at"])
    result.created, result.updated = len(to_create), len(to_update)
    return result


@transaction.atomic
def locations_sync(*, event: Event, lounge_tables: int | None = None, seats_per_table: int = 4) -> None:
    """Give every exhibitor one booth seat per parallel meeting and, if given, set the lounge to N tables.

    Idempotent. Seats or tables beyond the wanted number are marked unused (never deleted: past meetings may
    point at them).
    """
    seats = {
        (loc.exhibitor_id, loc.number): loc
        for loc in Location.objects.filter(event=event, kind=LocationKind.BOOTH_SEAT)
    }
    new: list[Location] = []
    reactivate: list[int] = []
    wanted_seats: set[tuple[int, int]] = set()
    for exhibitor in Exhibitor.objects.filter(event=event).only("pk", "company", "booth", "parallel_meetings"):
        for number in range(1, exhibitor.parallel_meetings + 1):
            wanted_seats.add((exhibitor.pk, number))
            loc = seats.get((exhibitor.pk, number))
            if loc is None:
                where = exhibitor.booth or exhibitor.company
                new.append(
                    Location(
                        event=event,
                        kind=LocationKind.BOOTH_SEAT,
                        exhibitor=exhibitor,
                        number=number,
                        name=f"Booth {where} · seat {number}",
                        seats=seats_per_table,
                    )
                )
            elif not loc.is_active:
                reactivate.append(loc.pk)
    retire = [loc.pk for key, loc in seats.items() if key not in wanted_seats and loc.is_active]
    if lounge_tables is not None:
        tables = {loc.number: loc for loc in Location.objects.filter(event=event, kind=LocationKind.LOUNGE_TABLE)}
        for number in range(1, lounge_tables + 1):
            loc = tables.get(number)
            if loc is None:
                new.append(
                    Location(
                        event=event,
                        kind=LocationKind.LOUNGE_TABLE,
                        number=number,
                        name=f"Lounge table {number}",
                        seats=seats_per_table,
                    )
                )
            elif not loc.is_active:
                reactivate.append(loc.pk)
        retire += [loc.pk for n, loc in tables.items() if n > lounge_tables and loc.is_active]
    Location.objects.bulk_create(new, batch_size=1000)
    Location.objects.filter(pk__in=reactivate).update(is_active=True)
    Location.objects.filter(pk__in=retire).update(is_active=False)
