"""Command line: ``python -m meetings.scheduling solve|solve-dzn ...`` (see docs/scheduling.md).

Exit codes: 0 on success (whatever the schedule's status), 2 on unreadable or invalid input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from meetings.scheduling.dzn import dzn_instance, read_dzn
from meetings.scheduling.jsonio import instance_from_dict, solution_to_dict
from meetings.scheduling.model import InstanceError
from meetings.scheduling.solver import solve


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m meetings.scheduling", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_solve = sub.add_parser("solve", help="solve an instance in the JSON format")
    p_solve.add_argument("instance")
    p_dzn = sub.add_parser("solve-dzn", help="solve a published B2B benchmark instance (.dzn)")
    p_dzn.add_argument("instance")
    p_dzn.add_argument("--fairness", type=int, default=None, metavar="D")
    for p in (p_solve, p_dzn):
        p.add_argument("--time-limit", type=float, default=10.0, metavar="S")
        p.add_argument("--workers", type=int, default=2, metavar="N")
    args = parser.parse_args(argv)
    if args.time_limit <= 0 or args.workers < 1:
        return _fail("--time-limit must be > 0 and --workers >= 1")
    try:
        text = _read(args.instance)
    except OSError as exc:
        return _fail(f"cannot read {args.instance}: {exc.strerror}")
    try:
        if args.command == "solve":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                return _fail(f"{args.instance}: not valid JSON (line {exc.lineno}, column {exc.colno})")
            sol = solve(instance_from_dict(data), time_limit=args.time_limit, workers=args.workers)
            out = solution_to_dict(sol)
        else:
            inst = dzn_instance(read_dzn(text))
            sol = solve(inst, time_limit=args.time_limit, workers=args.workers, fairness=args.fairness, method="full")
            if sol.status == "infeasible":
                status = "infeasible"
            elif sol.unscheduled:
                # Every benchmark meeting is required: a partial schedule is no solution.
                status = "unknown"
            else:
                status = sol.status
            out = {
                "status": status,
                "breaks": sol.breaks_total if not sol.unscheduled else None,
                "max_breaks": sol.breaks_max,
                "assignment": {m: int(t) for m, t in sorted(sol.assignment.items(), key=lambda kv: int(kv[0]))},
                "seconds": sol.seconds,
            }
    except InstanceError as exc:
        return _fail(f"invalid instance, field {exc.field}: {exc.message}")
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
