"""The .dzn reader of the published benchmark and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetings.scheduling import InstanceError, check_schedule
from meetings.scheduling.__main__ import main
from meetings.scheduling.dzn import dzn_instance, read_dzn

REPO = Path(__file__).resolve().parents[3]
ANCHOR = REPO.parent / "shared" / "anchors" / "b2b-jair" / "tic-12.original.dzn"
INLINE_COPY = Path(__file__).parent / "data" / "tic-12.original.dzn"

TINY = """
% a tiny instance: 4 participants, 4 meetings, 2 tables, 3 slots (2 in the morning)
nBusiness = 4;
nMeetings = 4;
nTables = 2;
nTotalSlots = 3;
nMorningSlots = 2;
requested = [|1, 2, 1,
|1, 3, 3,
|2, 4, 3,
|3, 4, 3,
|];
forbidden = [{0}, {}, {1..1}, {0}];
fixed = [0, 2, 0, 0];
precedences = [{}, {1}, {}, {}];
"""


def test_read_dzn_tiny() -> None:
    p = read_dzn(TINY)
    assert (p.n_business, p.n_tables, p.n_slots, p.n_morning) == (4, 2, 3, 2)
    assert p.requested == [(1, 2, 1), (1, 3, 3), (2, 4, 3), (3, 4, 3)]
    assert p.forbidden == [set(), set(), {1}, set()]
    assert p.fixed == [0, 2, 0, 0]
    assert p.precedences == [set(), {1}, set(), set()]
    inst = dzn_instance(p)
    assert [s.session for s in inst.slots] == ["am", "am", "pm"]
    assert inst.meetings[0].allowed_sessions == frozenset({"am"})
    assert inst.meetings[1].fixed_slot == "2"
    assert inst.meetings[1].after == ("1",)
    assert all(m.required for m in inst.meetings)


def test_cli_solve_dzn_tiny(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "tiny.dzn"
    f.write_text(TINY)
    assert main(["solve-dzn", str(f), "--fairness", "2", "--time-limit", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    # The only valid layout: 1 before fixed 2 (slot 2) so slot 1; 4 avoids 3's forbidden slot 1 and 3's
    # meeting at 2, so slot 3; 3 then takes slot 2. Nobody has a gap.
    assert out["assignment"] == {"1": 1, "2": 2, "3": 2, "4": 3}
    assert (out["status"], out["breaks"]) == ("optimal", 0)


def test_cli_solve_dzn_infeasible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "tiny.dzn"
    # Participant 4 may not meet in slot 3, the only afternoon slot, but meeting 3 is afternoon-only.
    f.write_text(TINY.replace("|2, 4, 3,", "|2, 4, 2,").replace("{1..1}, {0}]", "{1..1}, {0,3}]"))
    assert main(["solve-dzn", str(f), "--time-limit", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "infeasible"


def test_read_dzn_real_anchor() -> None:
    path = ANCHOR if ANCHOR.exists() else INLINE_COPY
    p = read_dzn(path.read_text())
    assert (p.n_business, len(p.requested), p.n_tables, p.n_slots, p.n_morning) == (42, 125, 21, 8, 8)
    inst = dzn_instance(p)
    from meetings.scheduling import solve

    sol = solve(inst, time_limit=8, fairness=2, method="full")
    assert check_schedule(inst, sol.assignment) == []
    assert sol.breaks_max <= 2


def test_read_dzn_names_bad_field() -> None:
    with pytest.raises(InstanceError) as err:
        read_dzn(TINY.replace("|3, 4, 3,", "|3, 4, 7,"))
    assert err.value.field == "requested[4]"


def test_cli_solve_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = {
        "slots": [{"id": "s1", "day": "d1", "session": "d1/am"}, {"id": "s2", "day": "d1", "session": "d1/am"}],
        "parties": [{"id": "b", "kind": "buyer"}, {"id": "e1", "capacity": 1}, {"id": "e2"}],
        "meetings": [
            {"id": "m1", "parties": ["b", "e1"], "weight": 2},
            {"id": "m2", "parties": ["b", "e2"], "weight": 1, "locked": True, "fixed_slot": "s2"},
        ],
    }
    f = tmp_path / "i.json"
    f.write_text(json.dumps(data))
    assert main(["solve", str(f), "--time-limit", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scheduled"] == {"m1": "s1", "m2": "s2"}
    assert out["unscheduled"] == {}
    assert (out["status"], out["weight"], out["upper_bound"], out["breaks"]) == ("optimal", 3, 3, 0)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"slots": [], "parties": [], "meetings": []}, "slots"),
        ({"slots": [{"id": "s", "day": "d"}], "parties": [], "meetings": []}, "slots[0].session"),
        (
            {
                "slots": [{"id": "s", "day": "d", "session": "x"}],
                "parties": [{"id": "a", "capacity": "2"}],
                "meetings": [],
            },
            "parties[0].capacity",
        ),
        (
            {
                "slots": [{"id": "s", "day": "d", "session": "x"}],
                "parties": [{"id": "a"}],
                "meetings": [{"id": "m", "parties": ["a", "zz"]}],
            },
            "meetings[0].parties[1]",
        ),
    ],
)
def test_cli_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: dict[str, object], field: str
) -> None:
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(payload))
    assert main(["solve", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"field {field}:" in err
    assert "Traceback" not in err


def test_cli_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["solve", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "x.json").write_text("{nope")
    assert main(["solve", str(tmp_path / "x.json")]) == 2
    assert "not valid JSON" in capsys.readouterr().err
