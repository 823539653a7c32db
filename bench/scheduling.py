"""Scheduling benchmarks; prints tables (never part of the test run). Results: docs/benchmarks.md.

Usage (from the repository root):
    .venv/bin/python bench/scheduling.py                      # jair + securex + fcfs
    .venv/bin/python bench/scheduling.py --case large         # the slow large-show case
    .venv/bin/python bench/scheduling.py --case jair --anchors ../shared/anchors/b2b-jair --time-limit 20
    .venv/bin/python bench/scheduling.py --case jair --only tic-13crafc forum-13crafb   # some instances

Each solve runs in a fresh child process so that its peak memory (ru_maxrss) is its own; the SAT climb's own
child process (published instances) is added to it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Published optimal total breaks with fairness d = 2 (JAIR 74:263–301, Table 3; see the anchors README).
PUBLISHED = {
    "forum-13": (0, 2.5),
    "forum-13crafb": (6, 23.3),
    "forum-13crafc": (1, 2.3),
    "forum-14": (2, 5.1),
    "forumt-14": (5, 0.5),
    "forumt-14crafc": (5, 0.9),
    "forumt-14crafd": (4, 0.4),
    "forumt-14crafe": (5, 0.6),
    "tic-12": (0, 0.1),
    "tic-12crafc": (0, 0.3),
    "tic-13": (0, 0.4),
    "tic-13crafb": (0, 0.4),
    "tic-13crafc": (4, 5.8),
    "tic-14crafa": (0, 1.0),
    "tic-14crafc": (0, 0.8),
    "tic-14crafd": (0, 0.8),
    "ticf-13crafa": (0, 2.2),
    "ticf-13crafb": (3, 22.3),
    "ticf-13crafc": (1, 3.7),
    "ticf-14crafa": (0, 7.6),
}


def _peak_mb() -> float:
    """This process's peak resident set plus the largest of its finished children's (the SAT climb's)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def _run_jair(path: str, time_limit: float, workers: int) -> dict[str, Any]:
    from meetings.scheduling import check_schedule, solve
    from meetings.scheduling.dzn import dzn_instance, read_dzn

    inst = dzn_instance(read_dzn(Path(path).read_text()))
    sol = solve(inst, time_limit=time_limit, workers=workers, fairness=2, method="full")
    return {
        "participants": len(inst.parties),
        "meetings": len(inst.meetings),
        "status": sol.status if not sol.unscheduled else "unknown",
        # Only a complete schedule that meets fairness counts (status optimal or feasible).
        "breaks": sol.breaks_total if not sol.unscheduled and sol.status in ("optimal", "feasible") else None,
        "max_breaks": sol.breaks_max,
        "seconds": sol.seconds,
        "conflicts": len(check_schedule(inst, sol.assignment)),
        "peak_mb": _peak_mb(),
    }


def _show(case: str, seed: int) -> Any:
    import scheduling_instances as gen

    return gen.securex(seed) if case == "securex" else gen.large(seed)


def _run_show(case: str, seed: int, time_limit: float, workers: int) -> dict[str, Any]:
    from meetings.scheduling import check_schedule, solve

    inst = _show(case, seed)
    start = time.monotonic()
    sol = solve(inst, time_limit=time_limit, workers=workers)
    return {
        "meetings": len(inst.meetings),
        "parties": len(inst.parties),
        "scheduled": len(sol.assignment),
        "weight": sol.weight,
        "bound": sol.upper_bound,
        "pct": 100.0 * sol.weight / sol.upper_bound if sol.upper_bound else 100.0,
        "breaks": sol.breaks_total,
        "max_breaks": sol.breaks_max,
        "min_share": sol.min_exhibitor_share,
        "seconds": time.monotonic() - start,
        "conflicts": len(check_schedule(inst, sol.assignment)),
        "peak_mb": _peak_mb(),
        "reasons": _reason_kinds(sol.unscheduled),
    }


def _reason_kinds(unscheduled: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in unscheduled.values():
        if "daily cap" in r and ":" not in r:
            k = "daily cap reached"
        elif "fully booked in every slot" in r:
            k = ("exhibitor" if r.startswith("exhibitor") else "buyer") + " fully booked in every common slot"
        elif r.startswith("no slot where both"):
            k = "no common availability"
        elif r.startswith("no common free slot"):
            k = "no common free slot"
        else:
            k = r.split(":")[0][:40]
        out[k] = out.get(k, 0) + 1
    return out


def _run_fcfs(case: str, seed: int, time_limit: float, workers: int) -> dict[str, Any]:
    """Self-scheduling as platforms do it: requests accepted in random order take the earliest common slot."""
    from meetings.scheduling import check_schedule, solve
    from meetings.scheduling.model import Index, party_breaks
    from meetings.scheduling.occupancy import Occupancy

    inst = _show(case, seed)
    ix = Index(inst)
    order = list(range(len(inst.meetings)))
    random.Random(seed).shuffle(order)
    occ = Occupancy(ix)
    for m in order:
        t = next((t for t in ix.allowed[m] if occ.block(m, t) is None), None)
        if t is not None:
            occ.place(m, t)
    fc_assign = {inst.meetings[m].id: inst.slots[t].id for m, t in occ.assignment.items()}
    ours = solve(inst, time_limit=time_limit, workers=workers)
    return {
        "requests": len(inst.meetings),
        "fcfs_scheduled": len(occ.assignment),
        "fcfs_weight": sum(inst.meetings[m].weight for m in occ.assignment),
        "fcfs_breaks": sum(party_breaks(ix, occ.assignment)),
        "fcfs_conflicts": len(check_schedule(inst, fc_assign)),
        "ours_scheduled": len(ours.assignment),
        "ours_weight": ours.weight,
        "ours_breaks": ours.breaks_total,
        "bound": ours.upper_bound,
    }


def _child(fn: Any, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=1) as pool:
        return pool.submit(fn, *args).result()


def bench_jair(anchors: Path, time_limit: float, workers: int, only: list[str] | None = None) -> None:
    files = sorted(f for f in anchors.glob("*.dzn") if not only or f.name.split(".")[0] in only)
    if not files:
        print(f"no .dzn files in {anchors}")
        return
    print(f"\n## Published B2B instances (fairness d = 2, time limit {time_limit:g} s, {workers} workers)\n")
    print("| instance | participants | meetings | published opt | ours | status | s | published s | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    hit = 0
    proven = 0
    for f in files:
        name = f.name.split(".")[0]
        r = _child(_run_jair, str(f), time_limit, workers)
        opt, pub_s = PUBLISHED.get(name, (None, None))
        hit += r["breaks"] is not None and r["breaks"] == opt
        proven += r["status"] == "optimal"
        print(
            f"| {name} | {r['participants']} | {r['meetings']} | {opt} | {r['breaks']} | {r['status']} | "
            f"{r['seconds']:.1f} | {pub_s} | {r['peak_mb']:.0f} |",
            flush=True,
        )
    print(f"\npublished optimum reached: {hit}/{len(files)}; proven optimal: {proven}/{len(files)}")


def bench_show(case: str, seeds: list[int], time_limit: float, workers: int) -> None:
    print(f"\n## {case} (time limit {time_limit:g} s, {workers} workers)\n")
    print(
        "| seed | requests | parties | scheduled | weight | upper bound | % of bound | breaks | max breaks "
        "| min exhibitor share | s | conflicts | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    reasons = []
    for seed in seeds:
        r = _child(_run_show, case, seed, time_limit, workers)
        reasons.append((seed, r["reasons"]))
        share = "-" if r["min_share"] is None else f"{100 * r['min_share']:.0f} %"
        print(
            f"| {seed} | {r['meetings']} | {r['parties']} | {r['scheduled']} | {r['weight']} | {r['bound']} | "
            f"{r['pct']:.3f} | {r['breaks']} | {r['max_breaks']} | {share} | {r['seconds']:.1f} | "
            f"{r['conflicts']} | {r['peak_mb']:.0f} |",
            flush=True,
        )
    print()
    for seed, kinds in reasons:
        print(f"unscheduled by reason (seed {seed}): {kinds}")


def bench_fcfs(case: str, seeds: list[int], time_limit: float, workers: int) -> None:
    print(f"\n## First come, first served vs ours ({case})\n")
    print(
        "| seed | requests | FCFS scheduled | ours scheduled | FCFS weight | ours weight | upper bound "
        "| FCFS breaks | ours breaks |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in seeds:
        r = _child(_run_fcfs, case, seed, time_limit, workers)
        n = r["requests"]
        print(
            f"| {seed} | {n} | {r['fcfs_scheduled']} ({100 * r['fcfs_scheduled'] / n:.1f} %) | "
            f"{r['ours_scheduled']} ({100 * r['ours_scheduled'] / n:.1f} %) | {r['fcfs_weight']} | "
            f"{r['ours_weight']} | {r['bound']} | {r['fcfs_breaks']} | {r['ours_breaks']} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=["default", "jair", "securex", "fcfs", "large", "all"], default="default")
    parser.add_argument("--anchors", default=str(ROOT.parent / "shared" / "anchors" / "b2b-jair"))
    parser.add_argument("--time-limit", type=float, default=None, help="override the per-case default")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="published instances to run (default: all)")
    args = parser.parse_args()
    cases = {"default": ["jair", "securex", "fcfs"], "all": ["jair", "securex", "fcfs", "large"]}.get(
        args.case, [args.case]
    )
    print(f"python {sys.version.split()[0]}, {multiprocessing.cpu_count()} cores")
    if "jair" in cases:
        bench_jair(Path(args.anchors), args.time_limit or 20.0, args.workers, args.only)
    if "securex" in cases:
        bench_show("securex", args.seeds, args.time_limit or 10.0, args.workers)
    if "fcfs" in cases:
        bench_fcfs("securex", args.seeds, args.time_limit or 10.0, args.workers)
    if "large" in cases:
        bench_show("large", args.seeds[:1], args.time_limit or 120.0, args.workers)
        bench_fcfs("large", args.seeds[:1], args.time_limit or 120.0, args.workers)


if __name__ == "__main__":
    main()
