"""Load benchmark: a realistic mix of users against a running `make serve`, at several concurrency levels.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--base-url http://127.0.0.1:8000] [--users 50 200]
        [--duration 60] [--think 0.5 2.0] [--event securex-2026]

Run it against the same database as the server (it reads the demo event's participants to pick accounts and the
requests waiting for an answer) with the server in PLAIN_HTTP=1 mode (or through a TLS proxy with --base-url).
Every virtual user logs in through the login form once (not measured), then loops until the time is up — pick an
action, wait a think time (uniform between the two --think values), repeat:

- buyers (70 %): home page with the recommended exhibitors, the agenda page and its live fragment, an exhibitor's
  page, recommendations and meetings through the API;
- exhibitors (20 %): home page, the pending-requests fragment, pending requests through the API, accepting one of
  them (each waiting request is accepted by one user only, so no accept is a race);
- organisers (10 %): dashboard, its statistics fragment, statistics through the API.

Prints, per level, requests/s and p50/p95/p99/max latency per endpoint with error counts (5xx, transport errors
and unexpected 4xx; a 409/400 on accept — e.g. the exhibitor's quota is reached — counts as "refused").
The numbers are client-side (they include the client's own queueing on the same machine).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "securex2026"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Accounts:
    slug: str
    buyers: list[str]
    exhibitors: list[str]
    organisers: list[str]
    exhibitor_ids: list[int]
    pending: dict[str, list[int]]  # exhibitor account e-mail -> ids of requests waiting for its answer
    urls: dict[str, str]  # action -> path ("{pk}" for an exhibitor's id); actions this tree lacks are left out


# action -> URL name (reversed with the tree the benchmark runs in, so it follows the portal's URL changes)
PAGES = {
    "buyer home": "buyer-home",
    "buyer agenda": "buyer-agenda",
    "buyer agenda_fragment": "buyer-agenda-fragment",
    "buyer exhibitor": "buyer-exhibitor",
    "buyer api_recommendations": "api:recommendation-list",
    "buyer api_meetings": "api:meeting-list",
    "exhibitor home": "exhibitor-home",
    "exhibitor pending_fragment": "exhibitor-pending-fragment",
    "exhibitor api_pending": "api:request-list",
    "exhibitor accept": "api:request-accept",
    "organiser dashboard": "organiser-home",
    "organiser stats_fragment": "organiser-stats-fragment",
    "organiser api_statistics": "api:statistics",
}


def _urls(slug: str) -> dict[str, str]:
    from django.urls import NoReverseMatch, reverse

    urls = {}
    for action, name in PAGES.items():
        key = "event" if name.startswith("api:") else "slug"
        for kwargs in ({key: slug}, {key: slug, "pk": 999999999}):
            try:
                urls[action] = reverse(name, kwargs=kwargs).replace("999999999", "{pk}")
                break
            except NoReverseMatch:
                continue
    return urls


def load_accounts(slug: str) -> Accounts:
    """Accounts and waiting requests of the event, read with the project's models (same DATABASE_URL as the server)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expomatch.settings")
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.db.models import Q
    from django.utils import timezone

    from matchmaking.models import Event, TeamMember
    from meetings.enums import RequestDirection, RequestStatus
    from meetings.models import MeetingRequest

    event = Event.objects.get(slug=slug)
    buyers = list(
        TeamMember.objects.filter(buyer__event=event, buyer__recommendations__isnull=False)
        .values_list("user__email", flat=True)
        .distinct()
        .order_by("user__email")
    )
    leads = dict(
        TeamMember.objects.filter(exhibitor__event=event, role="lead").values_list("exhibitor_id", "user__email")
    )
    pending: dict[str, list[int]] = defaultdict(list)
    for pk, exhibitor_id in MeetingRequest.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now() + timedelta(hours=1)),
        event=event,
        status=RequestStatus.PENDING,
        direction=RequestDirection.BUYER_TO_EXHIBITOR,
    ).values_list("pk", "exhibitor_id"):
        if exhibitor_id in leads:
            pending[leads[exhibitor_id]].append(pk)
    exhibitors = sorted(pending, key=lambda e: -len(pending[e])) + sorted(set(leads.values()) - set(pending))
    organisers = list(event.organisers.values_list("user__email", flat=True))
    return Accounts(slug, buyers, exhibitors, organisers, sorted(leads), dict(pending), _urls(slug))


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    refusal_samples: list[str] = field(default_factory=list)


class VirtualUser:
    def __init__(self, base_url: str, email: str, role: str, accounts: Accounts, rng: random.Random) -> None:
        self.client = httpx.AsyncClient(base_url=base_url, timeout=60.0, follow_redirects=False)
        self.email, self.role, self.accounts, self.rng = email, role, accounts, rng
        self.csrf = ""

    async def login(self) -> None:
        page = await self.client.get("/login/")
        token = CSRF_INPUT.search(page.text)
        if page.status_code != 200 or token is None:
            raise RuntimeError(f"login page: {page.status_code}")
        answer = await self.client.post(
            "/login/",
            data={"csrfmiddlewaretoken": token.group(1), "username": self.email, "password": PASSWORD},
            headers={"Referer": f"{self.client.base_url}login/"},
        )
        if answer.status_code != 302:
            raise RuntimeError(f"login of {self.email} failed: {answer.status_code}")
        self.csrf = self.client.cookies.get("csrftoken", "")

    async def call(
        self, stats: Stats, name: str, method: str, url: str, *, refusable: bool = False
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.client.request(
                method, url, headers={"X-CSRFToken": self.csrf} if method != "GET" else None
            )
        except httpx.HTTPError as exc:
            stats.errors[name] += 1
            stats.latencies[name].append(time.perf_counter() - started)
            if len(stats.error_samples) < 10:
                stats.error_samples.append(f"{name}: {type(exc).__name__} {exc}")
            return None
        stats.latencies[name].append(time.perf_counter() - started)
        if response.status_code >= 400:
            if refusable and response.status_code in {400, 409}:
                stats.refused[name] += 1
                if len(stats.refusal_samples) < 3:
                    stats.refusal_samples.append(f"{name}: {response.status_code} {response.text[:200]}")
            else:
                stats.errors[name] += 1
                if len(stats.error_samples) < 10:
                    stats.error_samples.append(f"{name}: {response.status_code} {url}")
        return response

    async def step(self, stats: Stats) -> None:
        rng, urls = self.rng, self.accounts.urls
        if self.role == "buyer":
            weights = {"home": 20, "agenda": 20, "agenda_fragment": 15, "exhibitor": 15}
            weights |= {"api_recommendations": 15, "api_meetings": 15}
        elif self.role == "exhibitor":
            weights = {"home": 25, "pending_fragment": 25, "api_pending": 25, "accept": 25}
        else:
            weights = {"dashboard": 30, "stats_fragment": 40, "api_statistics": 30}
        actions = [f"{self.role} {a}" for a in weights if f"{self.role} {a}" in urls]
        action = rng.choices(actions, weights=[weights[a.split(" ")[1]] for a in actions])[0]
        url = urls[action]
        if action == "exhibitor accept":
            waiting = self.accounts.pending.get(self.email, [])
            if not waiting:
                action, url = "exhibitor home", urls["exhibitor home"]
            else:
                await self.call(stats, action, "POST", url.format(pk=waiting.pop()), refusable=True)
                return
        if action == "exhibitor api_pending":
            url += "?status=pending"
        await self.call(stats, action, "GET", url.format(pk=rng.choice(self.accounts.exhibitor_ids)))

    async def run(self, stats: Stats, until: float, think: tuple[float, float]) -> None:
        await asyncio.sleep(self.rng.uniform(0, think[1]))  # users do not all start at the same instant
        while time.monotonic() < until:
            await self.step(stats)
            await asyncio.sleep(self.rng.uniform(*think))


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def print_table(level: int, stats: Stats, seconds: float) -> None:
    total = sum(len(v) for v in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(
        f"\n{level} concurrent users, {seconds:.0f} s: {total} requests, {total / seconds:.1f} req/s, "
        f"{errors} errors ({100 * errors / max(total, 1):.2f} %)"
    )
    columns = ("count", 6), ("req/s", 6), ("p50 ms", 7), ("p95 ms", 7), ("p99 ms", 7), ("max ms", 7), ("errors", 6)
    header = f"{'endpoint':<30} " + " ".join(f"{title:>{width}}" for title, width in columns) + f" {'refused':>7}"
    print(header)
    print("-" * len(header))
    for name in sorted(stats.latencies):
        values = sorted(stats.latencies[name])
        ms = [1000 * percentile(values, q) for q in (50, 95, 99)]
        print(
            f"{name:<30} {len(values):>6} {len(values) / seconds:>6.1f} {ms[0]:>7.0f} {ms[1]:>7.0f} {ms[2]:>7.0f} "
            f"{1000 * values[-1]:>7.0f} {stats.errors.get(name, 0):>6} {stats.refused.get(name, 0):>7}"
        )
    all_values = sorted(v for values in stats.latencies.values() for v in values)
    print(
        f"{'all':<30} {len(all_values):>6} {len(all_values) / seconds:>6.1f} "
        + " ".join(f"{1000 * percentile(all_values, q):>7.0f}" for q in (50, 95, 99))
        + f" {1000 * all_values[-1] if all_values else 0:>7.0f} {errors:>6}"
    )
    for sample in stats.error_samples:
        print(f"  error: {sample}")
    for sample in stats.refusal_samples:
        print(f"  refused: {sample}")


async def main_async(args: argparse.Namespace, accounts: Accounts) -> int:
    rng = random.Random(args.seed)
    most = max(args.users)
    roles = ["buyer"] * round(most * 0.7) + ["exhibitor"] * round(most * 0.2)
    roles += ["organiser"] * (most - len(roles))
    rng.shuffle(roles)
    pools = {"buyer": list(accounts.buyers), "exhibitor": list(accounts.exhibitors), "organiser": accounts.organisers}
    users: list[VirtualUser] = []
    for n, role in enumerate(roles):
        pool = pools[role]
        email = (
            pool[n % len(pool)] if role == "organiser" else pool.pop(rng.randrange(len(pool)) if role == "buyer" else 0)
        )
        users.append(VirtualUser(args.base_url, email, role, accounts, random.Random(rng.random())))
    print(
        f"{args.base_url}: event {args.event}, {len(accounts.buyers)} buyers with recommendations, "
        f"{len(accounts.exhibitors)} exhibitor leads, {sum(len(v) for v in accounts.pending.values())} waiting "
        f"requests; logging in {len(users)} users …",
        flush=True,
    )
    started = time.perf_counter()
    gate = asyncio.Semaphore(8)

    async def login(user: VirtualUser) -> None:
        async with gate:
            await user.login()

    await asyncio.gather(*(login(u) for u in users))
    print(f"logged in in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        for level in args.users:
            # The same mix at every level: the first `level` users of a list interleaved by role.
            chosen = users[:level]  # roles are shuffled: any prefix has about the same mix
            stats = Stats()
            until = time.monotonic() + args.duration
            begin = time.perf_counter()
            await asyncio.gather(*(u.run(stats, until, tuple(args.think)) for u in chosen))
            print_table(level, stats, time.perf_counter() - begin)
            if level != args.users[-1]:
                await asyncio.sleep(args.pause)
    finally:
        await asyncio.gather(*(u.client.aclose() for u in users))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--think", type=float, nargs=2, default=[0.5, 2.0], help="think time range, seconds")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between levels")
    parser.add_argument("--event", default="securex-2026")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    accounts = load_accounts(args.event)  # before the event loop: the ORM is synchronous
    return asyncio.run(main_async(args, accounts))


if __name__ == "__main__":
    sys.exit(main())
