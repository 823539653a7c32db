"""Benchmark: many concurrent accepts, fast-path placements, reschedules and cancels fighting for the same slots and
people — the scenario of tests/meetings/test_races.py at a larger scale, on SQLite and/or PostgreSQL.

    .venv/bin/python bench/races.py [--ops 1000] [--threads 40] [--exhibitors 10] [--buyers 30] [--hours 3]
                                    [--postgres postgres://user@host:5432/postgres] [--no-sqlite]

Each database is a throw-away one (a temporary SQLite file; with --postgres a fresh database on that server,
dropped afterwards). Prints one table row per database: operations, successes, conflicts (clear refusals:
WorkflowError / PlacementError with a code), errors (anything else: raw database errors), double bookings,
broken guarantees (lost updates, inconsistent change log — see race_check) and seconds for the concurrent part.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _measure(args: argparse.Namespace) -> dict:
    from django.core.management import call_command

    from tests.meetings.test_races import RaceWorld, race_check, race_operations, race_run

    call_command("migrate", verbosity=0)
    world = RaceWorld(exhibitors=args.exhibitors, buyers=args.buyers, closes=10 + args.hours)
    ops = race_operations(world, total=args.ops, seed=args.seed)
    started = time.perf_counter()
    results = race_run(ops, threads=args.threads)
    seconds = time.perf_counter() - started
    report = race_check(world, ops, results)
    report["seconds"] = seconds
    return report


def _child(args: argparse.Namespace) -> None:
    """Runs in a fresh interpreter whose environment names the database; prints one table row."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection

    report = _measure(args)
    print(
        f"| {connection.vendor} | {report['ops']} | {args.threads} | {report['succeeded']} | {report['conflicts']} "
        f"| {report['errors']} | {report['double_bookings']} | {len(report['problems'])} | {report['seconds']:.1f} |"
    )
    for problem in report["problems"][:10]:
        print(f"  problem: {problem}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=40, help="concurrent threads, each its own connection")
    parser.add_argument("--exhibitors", type=int, default=10)
    parser.add_argument("--buyers", type=int, default=30)
    parser.add_argument("--hours", type=int, default=3, help="length of the one show day (slots to fight for)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--postgres", default="", help="server URL; a fresh database is created and dropped there")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return

    import subprocess

    passthrough = [a for a in sys.argv[1:] if a != "--child"]
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH")}
    base_env.update({"DJANGO_SETTINGS_MODULE": "expomatch.settings", "DEBUG": "0", "SECRET_KEY": "bench-races"})
    base_env.setdefault("LOG_LEVEL", "WARNING")  # the table, not a log line per enqueued notification
    base_env["PYTHONPATH"] = str(ROOT)
    print(
        f"{args.ops} operations on {args.threads} threads: {args.exhibitors} exhibitors × {args.buyers} buyers, "
        f"one {args.hours}-hour day\n"
    )
    print("| database | ops | threads | succeeded | conflicts | errors | double bookings | broken guarantees | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    runs: list[dict[str, str]] = []
    workdir = tempfile.TemporaryDirectory(prefix="expomatch-bench-races-")
    if not args.no_sqlite:
        runs.append({"SQLITE_PATH": str(Path(workdir.name) / "races.sqlite3")})
    db_name = ""
    if args.postgres:
        import psycopg

        db_name = f"expomatch_bench_races_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db_name}"')
        parts = urlsplit(args.postgres)
        runs.append({"DATABASE_URL": urlunsplit(parts._replace(path=f"/{db_name}"))})
    try:
        for extra in runs:
            subprocess.run(
                [sys.executable, __file__, *passthrough, "--child"],
                env={**base_env, **extra},
                cwd=ROOT,
                check=True,
                timeout=1800,
            )
    finally:
        workdir.cleanup()
        if db_name:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
