"""CLI: good input prints one JSON line per buyer; bad input names the line, exits 2, prints no traceback."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaking.engine.cli import main

BUYERS = [
    {
        "id": "B1",
        "name": "Metro",
        "country": "Uzbekistan",
        "languages": ["ru"],
        "categories": ["1"],
        "looking_for": "Видеонаблюдение и турникеты",
        "keywords": ["СКУД"],
    },
    {"id": 2, "name": "Bank", "country": "Uzbekistan", "languages": ["uz"], "looking_for": "Seyflar va videokuzatuv"},
]
EXHIBITORS = [
    {
        "id": "E1",
        "name": "CamCo",
        "country": "China",
        "languages": ["en"],
        "categories": ["1.1"],
        "offering": "IP cameras and video surveillance",
        "sponsor_tier": "gold",
        "unknown_export_column": 1,
    },
    {
        "id": "E2",
        "name": "Gate",
        "country": "Turkey",
        "languages": ["en", "ru"],
        "categories": ["2.3"],
        "offering": "Turnstiles",
        "description": "Speed gates for metro stations",
    },
    {
        "id": "E3",
        "name": "Vault",
        "country": "Germany",
        "offering": "Safes and vaults",
        "keywords": "safe deposit, vault",
    },
]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def run(args):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "buyers.jsonl", BUYERS), write_jsonl(tmp_path / "exhibitors.jsonl", EXHIBITORS)


def test_rank_prints_one_json_line_per_buyer(files):
    buyers, exhibitors = files
    code, out, err = run(["rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors), "--top", "2"])
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["buyer"] for r in rows] == ["B1", "2"]
    first = rows[0]["matches"]
    assert [m["exhibitor"] for m in first] == ["E2", "E1"] or [m["exhibitor"] for m in first] == ["E1", "E2"]
    assert len(first) == 2
    assert all(set(m) == {"exhibitor", "score", "reasons"} for m in first)
    assert all(isinstance(m["score"], float) and m["reasons"] for m in first)
    assert rows[1]["matches"][0]["exhibitor"] == "E3"


def test_rank_in_the_other_direction(files):
    buyers, exhibitors = files
    code, out, _ = run(["rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors), "--direction", "buyers"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["exhibitor"] for r in rows] == ["E1", "E2", "E3"]
    assert rows[2]["matches"][0]["buyer"] == "2"


def test_rules_file_is_applied(files, tmp_path):
    buyers, exhibitors = files
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"blocked_pairs": [["2", "E3"]], "top_k": 1}), encoding="utf-8")
    code, out, _ = run(["rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors), "--rules", str(rules)])
    rows = {r["buyer"]: r["matches"] for r in map(json.loads, out.splitlines())}
    assert code == 0
    assert all(len(m) <= 1 for m in rows.values())
    assert all(m["exhibitor"] != "E3" for m in rows["2"])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "exhibitors.jsonl:2: not valid JSON"),
        ('{"name": "no id", "offering": "x"}', "exhibitors.jsonl:2: 'id' is required"),
        (
            '{"id": "E9", "offering": "x", "categories": ["1.7"]}',
            "exhibitors.jsonl:2: category '1.7' is not a taxonomy code",
        ),
        ('{"id": "E9", "offering": "x", "languages": [true]}', "exhibitors.jsonl:2: 'languages' must be a list"),
        ('{"id": "E9", "name": "empty"}', "exhibitors.jsonl:2: nothing to match"),
        ('{"id": "E1", "offering": "duplicate"}', "exhibitors.jsonl:2: duplicate id 'E1'"),
        ('["a", "list"]', "exhibitors.jsonl:2: expected a JSON object"),
    ],
)
def test_malformed_line_is_named_and_exit_code_is_2(files, line, message):
    buyers, exhibitors = files
    write_jsonl(exhibitors, [EXHIBITORS[0], line])
    code, out, err = run(["rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors)])
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_invalid_rules_file_exits_2(files, tmp_path):
    buyers, exhibitors = files
    rules = tmp_path / "rules.json"
    rules.write_text('{"top_k": -1}', encoding="utf-8")
    code, _, err = run(["rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors), "--rules", str(rules)])
    assert code == 2
    assert "rules.json: top_k" in err


def test_missing_file_exits_2(files, tmp_path):
    _, exhibitors = files
    code, _, err = run(["rank", "--buyers", str(tmp_path / "nope.jsonl"), "--exhibitors", str(exhibitors)])
    assert code == 2
    assert "nope.jsonl: cannot read" in err


def test_preview_prints_figures(files):
    buyers, exhibitors = files
    code, out, _ = run(["preview", "--buyers", str(buyers), "--exhibitors", str(exhibitors), "--top", "2"])
    data = json.loads(out)
    assert code == 0
    assert data["buyers"] == 2 and data["exhibitors"] == 3
    assert data["samples"][0]["reasons"]


def test_module_entry_point_runs_without_traceback(files):
    buyers, exhibitors = files
    write_jsonl(exhibitors, ["{broken"])
    proc = subprocess.run(
        [sys.executable, "-m", "matchmaking.engine", "rank", "--buyers", str(buyers), "--exhibitors", str(exhibitors)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "exhibitors.jsonl:1" in proc.stderr
    assert "Traceback" not in proc.stderr
