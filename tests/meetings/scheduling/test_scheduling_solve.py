"""Unit tests of the scheduling core on small instances with known optima."""

from __future__ import annotations

from meetings.scheduling import Instance, Meeting, Party, Slot, check_schedule, solve

AM = "d1/am"


def slots(n: int, day: str = "d1", session: str = AM, locations: int | None = None) -> tuple[Slot, ...]:
    return tuple(Slot(id=f"{day}s{i}", day=day, session=session, locations=locations) for i in range(n))


def test_solve_holds_heavier_meeting_when_buyer_has_one_slot() -> None:
    inst = Instance(
        slots=slots(1),
        parties=(Party("b", kind="buyer"), Party("e1", kind="exhibitor"), Party("e2", kind="exhibitor")),
        meetings=(Meeting("light", ("b", "e1"), weight=1), Meeting("heavy", ("b", "e2"), weight=5)),
    )
    sol = solve(inst, time_limit=5)
    assert sol.assignment == {"heavy": "d1s0"}
    assert sol.weight == 5
    assert sol.upper_bound == 5
    assert sol.status == "optimal"
    assert sol.unscheduled["light"] == "buyer b is fully booked in every slot both are available"


def test_solve_uses_exhibitor_tables_in_parallel() -> None:
    inst = Instance(
        slots=slots(1),
        parties=(Party("b1"), Party("b2"), Party("e", capacity=2, kind="exhibitor")),
        meetings=(Meeting("m1", ("b1", "e")), Meeting("m2", ("b2", "e"))),
    )
    sol = solve(inst, time_limit=5)
    assert sol.assignment == {"m1": "d1s0", "m2": "d1s0"}
    assert sol.min_exhibitor_share == 1.0


def test_solve_avoids_breaks() -> None:
    # b meets e1 and e2; e2 is unavailable in s1, so b's meetings must be s0/s2 or s1..: optimum 0 breaks.
    inst = Instance(
        slots=slots(4),
        parties=(Party("b"), Party("e1"), Party("e2", unavailable=frozenset({"d1s1"}))),
        meetings=(Meeting("m1", ("b", "e1")), Meeting("m2", ("b", "e2"))),
    )
    sol = solve(inst, time_limit=5)
    assert len(sol.assignment) == 2
    assert sol.breaks_total == 0
    assert sol.status == "optimal"


def test_solve_counts_no_break_over_lunch() -> None:
    inst = Instance(
        slots=(Slot("a1", "d1", "d1/am"), Slot("p1", "d1", "d1/pm")),
        parties=(Party("b"), Party("e1"), Party("e2")),
        meetings=(
            Meeting("m1", ("b", "e1"), fixed_slot="a1"),
            Meeting("m2", ("b", "e2"), fixed_slot="p1"),
        ),
    )
    sol = solve(inst, time_limit=5)
    assert sol.breaks_total == 0


def test_solve_keeps_locked_meeting_in_its_slot() -> None:
    inst = Instance(
        slots=slots(3),
        parties=(Party("b"), Party("e1"), Party("e2")),
        meetings=(
            Meeting("locked", ("b", "e1"), weight=1, locked=True, fixed_slot="d1s2"),
            Meeting("other", ("b", "e2"), weight=9),
        ),
    )
    sol = solve(inst, time_limit=5)
    assert sol.assignment["locked"] == "d1s2"
    assert sol.assignment["other"] == "d1s1"


def test_solve_reports_infeasible_required_meetings() -> None:
    inst = Instance(
        slots=slots(1),
        parties=(Party("b"), Party("e1"), Party("e2")),
        meetings=(Meeting("r1", ("b", "e1"), required=True), Meeting("r2", ("b", "e2"), required=True)),
    )
    sol = solve(inst, time_limit=5)
    assert sol.status == "infeasible"
    assert sol.infeasibility
    assert len(sol.assignment) == 1
    assert check_schedule(inst, sol.assignment) in (
        ["r1: required or locked but not scheduled"],
        ["r2: required or locked but not scheduled"],
    )


def test_solve_reports_locked_conflict() -> None:
    inst = Instance(
        slots=slots(2),
        parties=(Party("b"), Party("e1"), Party("e2")),
        meetings=(
            Meeting("l1", ("b", "e1"), locked=True, fixed_slot="d1s0"),
            Meeting("l2", ("b", "e2"), locked=True, fixed_slot="d1s0"),
        ),
    )
    sol = solve(inst, time_limit=5)
    assert sol.status == "infeasible"
    assert sol.infeasibility[0].startswith("locked meeting l2")


def test_solve_respects_daily_cap_and_says_so() -> None:
    inst = Instance(
        slots=slots(3),
        parties=(Party("b", kind="buyer", daily_cap=2), Party("e1"), Party("e2"), Party("e3")),
        meetings=(
            Meeting("m1", ("b", "e1"), weight=3),
            Meeting("m2", ("b", "e2"), weight=2),
            Meeting("m3", ("b", "e3"), weight=1),
        ),
    )
    sol = solve(inst, time_limit=5)
    assert set(sol.assignment) == {"m1", "m2"}
    assert sol.unscheduled["m3"] == "buyer b's daily cap is reached on every common day"
    assert sol.upper_bound == 5


def test_solve_respects_locations_per_slot() -> None:
    inst = Instance(
        slots=slots(1, locations=1),
        parties=(Party("a"), Party("b"), Party("c"), Party("d")),
        meetings=(Meeting("m1", ("a", "b"), weight=2), Meeting("m2", ("c", "d"), weight=1)),
    )
    sol = solve(inst, time_limit=5)
    assert sol.assignment == {"m1": "d1s0"}
    assert "no location left" in sol.unscheduled["m2"]


def test_solve_respects_precedence() -> None:
    inst = Instance(
        slots=slots(2),
        parties=(Party("a"), Party("b"), Party("c")),
        meetings=(Meeting("second", ("a", "b"), after=("first",)), Meeting("first", ("a", "c"))),
    )
    sol = solve(inst, time_limit=5)
    assert sol.assignment == {"first": "d1s0", "second": "d1s1"}


def test_solve_allowed_sessions_and_fairness() -> None:
    inst = Instance(
        slots=(*slots(2, session="d1/am"), *tuple(Slot(f"p{i}", "d1", "d1/pm") for i in range(2))),
        parties=(Party("a"), Party("b"), Party("c")),
        meetings=(
            Meeting("ab", ("a", "b"), allowed_sessions=frozenset({"d1/pm"})),
            Meeting("ac", ("a", "c"), required=True),
        ),
    )
    sol = solve(inst, time_limit=5, fairness=0)
    assert sol.assignment["ab"].startswith("p")
    assert sol.breaks_total == 0
    assert check_schedule(inst, sol.assignment) == []


def small_show(seed: int) -> Instance:
    """Two days of two sessions, 12 buyers (one day each), 4 exhibitors with 1–2 tables, 40 requests."""
    import random

    rng = random.Random(seed)
    sl = tuple(Slot(f"{d}{h}{i}", d, f"{d}/{h}") for d in ("d1", "d2") for h in ("am", "pm") for i in range(3))
    buyers = [
        Party(f"b{i}", kind="buyer", daily_cap=3, unavailable=frozenset(s.id for s in sl if s.day == f"d{1 + i % 2}"))
        for i in range(12)
    ]
    exhibitors = [Party(f"e{i}", kind="exhibitor", capacity=1 + i % 2) for i in range(4)]
    pairs = sorted({(f"b{rng.randrange(12)}", f"e{rng.randrange(4)}") for _ in range(60)})[:40]
    meetings = tuple(Meeting(f"m{i}", pair, weight=rng.randint(1, 30)) for i, pair in enumerate(pairs))
    return Instance(slots=sl, parties=(*buyers, *exhibitors), meetings=meetings)


def test_solve_phases_method_reaches_bound_on_small_show() -> None:
    inst = small_show(seed=3)
    sol = solve(inst, time_limit=3, method="phases")
    assert check_schedule(inst, sol.assignment) == []
    assert sol.weight >= 0.99 * sol.upper_bound
