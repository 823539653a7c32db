"""Seeded generator of realistic trade-show scheduling instances for the benchmarks.

Shape (Securex-like): 20-minute slots; days 1–2 10:00–17:00 with lunch 13:00–14:00, day 3 10:00–15:00,
so five morning/afternoon sessions... six sessions in all (day 3 afternoon is one hour). Buyers attend 1–3
consecutive days and take at most 8 meetings a day; exhibitors hold 1–3 meetings in parallel; a few slots
are blocked on both sides; exhibitor popularity is skewed so the popular ones are oversubscribed; weights
come from the request's priority (1–3) and match score.
"""

from __future__ import annotations

import random

from meetings.scheduling.model import Instance, Meeting, Party, Slot

DAYS = (("2026-11-10", 10 * 60, 17 * 60), ("2026-11-11", 10 * 60, 17 * 60), ("2026-11-12", 10 * 60, 15 * 60))
LUNCH = (13 * 60, 14 * 60)
SLOT_MINUTES = 20


def show_slots() -> tuple[Slot, ...]:
    """The show's slots in order: ids like ``2026-11-10T10:00``; sessions ``<day>/am`` and ``<day>/pm``."""
    out = []
    for day, start, end in DAYS:
        t = start
        while t + SLOT_MINUTES <= end:
            if not (LUNCH[0] <= t < LUNCH[1]):
                half = "am" if t < LUNCH[0] else "pm"
                out.append(Slot(id=f"{day}T{t // 60:02d}:{t % 60:02d}", day=day, session=f"{day}/{half}"))
            t += SLOT_MINUTES
    return tuple(out)


def generate(
    *, exhibitors: int, buyers: int, requests: int, seed: int = 1, daily_cap: int = 8, max_tables: int = 3
) -> Instance:
    """A random show instance; the same arguments always give the same instance."""
    rng = random.Random(seed)
    slots = show_slots()
    by_day: dict[str, list[str]] = {}
    for s in slots:
        by_day.setdefault(s.day, []).append(s.id)
    day_ids = list(by_day)
    parties: list[Party] = []
    ex_ids = [f"e{i}" for i in range(exhibitors)]
    for eid in ex_ids:
        tables = rng.choices(range(1, max_tables + 1), weights=[6, 3, 1][:max_tables])[0]
        blocked = frozenset(rng.sample([s.id for s in slots], rng.choice([0, 0, 0, 1, 2, 3])))
        parties.append(Party(id=eid, kind="exhibitor", capacity=tables, unavailable=blocked))
    buyer_days: dict[str, list[str]] = {}
    for i in range(buyers):
        bid = f"b{i}"
        n_days = rng.choices([1, 2, 3], weights=[3, 4, 3])[0]
        first = rng.randrange(0, len(day_ids) - n_days + 1)
        days = day_ids[first : first + n_days]
        buyer_days[bid] = days
        away = {sid for d in day_ids if d not in days for sid in by_day[d]}
        present = [sid for d in days for sid in by_day[d]]
        blocked = set(rng.sample(present, rng.choice([0, 0, 1, 2, 4])))
        parties.append(Party(id=bid, kind="buyer", unavailable=frozenset(away | blocked), daily_cap=daily_cap))
    # Zipf-like popularity: a few exhibitors attract many requests, as at real shows.
    popularity = [1.0 / (r + 1) ** 0.8 for r in range(exhibitors)]
    rng.shuffle(popularity)
    meetings: list[Meeting] = []
    seen: set[tuple[str, str]] = set()
    buyer_ids = [f"b{i}" for i in range(buyers)]
    while len(meetings) < requests:
        bid = rng.choice(buyer_ids)
        eid = rng.choices(ex_ids, weights=popularity)[0]
        if (bid, eid) in seen:
            continue
        seen.add((bid, eid))
        priority = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
        score = rng.randint(0, 9)
        meetings.append(Meeting(id=f"r{len(meetings)}", parties=(bid, eid), weight=10 * priority + score))
    return Instance(slots=slots, parties=tuple(parties), meetings=tuple(meetings))


def securex(seed: int = 1) -> Instance:
    """Securex scale: 120 exhibitors, 600 buyers, 4,000 accepted requests over 3 days."""
    return generate(exhibitors=120, buyers=600, requests=4000, seed=seed)


def large(seed: int = 1) -> Instance:
    """A large show: 2,000 exhibitors (1–3 tables), 10,000 buyers (1–3 days), 60,000 requests."""
    return generate(exhibitors=2000, buyers=10000, requests=60000, seed=seed)
