"""Benchmark: recommendations in the app (engine + database), on a seeded demo event in a throw-away SQLite file.

    .venv/bin/python bench/matching_app.py [--exhibitors 2000] [--buyers 10000] [--samples 20]

Prints: seeding time, full recompute (fit + both directions + writing Recommendation rows), and the refresh of
one saved profile (engine update + rescoring + rows written) for buyers and exhibitors: median and worst.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exhibitors", type=int, default=2000)
    parser.add_argument("--buyers", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="expomatch-bench-")
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expomatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from matchmaking import matching
    from matchmaking.models import Buyer, Exhibitor, Recommendation
    from matchmaking.services import recommendations_compute, recommendations_refresh
    from meetings.demo import seed_demo

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    summary = seed_demo(exhibitors=args.exhibitors, buyers=args.buyers, with_matches=False)
    seeded = time.perf_counter() - started
    event = summary.event

    started = time.perf_counter()
    stats = recommendations_compute(event=event)
    full = time.perf_counter() - started
    matching.model_current(event)  # the worker's cached model, as after a full recompute

    def refresh_times(model, field: str) -> list[float]:
        out = []
        for profile in model.objects.filter(event=event).order_by("?")[: args.samples]:
            setattr(profile, field, getattr(profile, field) + " video analytics and access control")
            profile.save()
            t = time.perf_counter()
            recommendations_refresh(profile=profile)
            out.append((time.perf_counter() - t) * 1000)
        return out

    buyers_ms = refresh_times(Buyer, "looking_for")
    exhibitors_ms = refresh_times(Exhibitor, "offering")
    print(f"event: {args.exhibitors} exhibitors × {args.buyers} buyers (seeded in {seeded:.1f} s)")
    print(f"{'step':<44} {'result':>24}")
    print(f"{'full recompute (fit, both directions, rows)':<44} {full:>22.1f} s")
    print(f"{'recommendation rows written':<44} {Recommendation.objects.filter(event=event).count():>24}")
    print(f"{'pairs (stats)':<44} {stats.pairs:>24}")
    for name, values in (("one buyer saved → refresh", buyers_ms), ("one exhibitor saved → refresh", exhibitors_ms)):
        print(f"{name:<44} {statistics.median(values):>9.0f} ms median, {max(values):>5.0f} ms max")


if __name__ == "__main__":
    main()
