"""Command line: ``python -m matchmaking.engine rank|preview ...`` (documented in docs/matching.md).

Exit codes: 0 success, 2 bad input (message on stderr naming the file and line, no traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .model import MatchModel
from .preview import preview
from .profiles_io import InputError, read_profiles, read_rules
from .rules import Rules
from .thesaurus import Thesaurus, ThesaurusError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matchmaking.engine", description="Exhibitor matchmaking core")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("rank", "print one JSON line per buyer (or exhibitor) with ranked, explained matches"),
        ("preview", "print the rules-preview figures as one JSON object"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--buyers", required=True, metavar="BUYERS.jsonl")
        p.add_argument("--exhibitors", required=True, metavar="EXHIBITORS.jsonl")
        p.add_argument("--rules", metavar="RULES.json", help="match rules (defaults otherwise)")
        p.add_argument("--top", type=int, metavar="K", help="matches per person (overrides rules.top_k)")
        p.add_argument(
            "--thesaurus",
            action="append",
            default=[],
            metavar="EXTRA.json",
            help="organiser thesaurus file merged into the shipped one (repeatable)",
        )
    rank = sub.choices["rank"]
    rank.add_argument(
        "--direction",
        choices=("exhibitors", "buyers"),
        default="exhibitors",
        help="exhibitors: top exhibitors per buyer (default); buyers: top buyers per exhibitor",
    )
    sub.choices["preview"].add_argument("--samples", type=int, default=5)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting (``__main__`` exits with it)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        rules = read_rules(args.rules) if args.rules else Rules()
        if args.top is not None:
            if args.top < 1:
                raise InputError("--top: must be ≥ 1")
            rules = dataclasses.replace(rules, top_k=args.top)
        thesaurus = Thesaurus.load(args.thesaurus)
        buyers = read_profiles(args.buyers, "buyer")
        exhibitors = read_profiles(args.exhibitors, "exhibitor")
    except (InputError, ThesaurusError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.command == "preview":
        report = preview(buyers, exhibitors, rules, samples=args.samples, thesaurus=thesaurus)
        data = dataclasses.asdict(report)
        data["samples"] = [
            {"buyer": m.buyer, "exhibitor": m.exhibitor, "score": m.score, "reasons": list(m.reasons)}
            for m in report.samples
        ]
        print(json.dumps(data, ensure_ascii=False), file=out)
        return 0
    model = MatchModel.fit(buyers, exhibitors, rules, thesaurus)
    if args.direction == "exhibitors":
        for bid, matches in model.exhibitors_for_all_buyers().items():
            row = {
                "buyer": bid,
                "matches": [{"exhibitor": m.exhibitor, "score": m.score, "reasons": list(m.reasons)} for m in matches],
            }
            print(json.dumps(row, ensure_ascii=False), file=out)
    else:
        for eid, matches in model.buyers_for_all_exhibitors().items():
            row = {
                "exhibitor": eid,
                "matches": [{"buyer": m.buyer, "score": m.score, "reasons": list(m.reasons)} for m in matches],
            }
            print(json.dumps(row, ensure_ascii=False), file=out)
    return 0
