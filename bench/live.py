"""Benchmark: live updates with 1,000 concurrent WebSocket clients, on loopback, in a throw-away SQLite file.

    .venv/bin/python bench/live.py [--clients 1000] [--changes 30] [--runs 3] [--redis redis://127.0.0.1:6379/0]

Seeds one event with one buyer (and team member) per client, starts daphne (bench/live_app.py: the app plus a
route that writes changes inside the server and answers with the commit time) and connects the clients (each a
buyer, hello, caught_up). Prints connect times, then delivery latency from commit to client (p50, p95, max):
- single change: one change-log row for one buyer, `--changes` times, received by that buyer's client;
- scheduler run: one row per participant in one transaction (bulk), received by every client.
With --redis it repeats on two daphne processes sharing the Redis layer: clients split over both, writes go
through the first. Bounded: every wait has a timeout; temporary files are removed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(clients: int) -> tuple[str, dict[int, str]]:
    """An event with `clients` buyers, each with a logged-in team member; returns slug and {buyer id: cookie}."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from matchmaking.models import Buyer, Event, TeamMember, User

    event = Event.objects.create(slug="bench-live", name="Bench", start_date="2026-11-10", end_date="2026-11-12")
    users = User.objects.bulk_create(
        [User(email=f"b{i}@bench.example", password="!") for i in range(clients)], batch_size=500
    )
    buyers = Buyer.objects.bulk_create(
        [Buyer(event=event, company=f"Buyer {i}", country="UZ") for i in range(clients)], batch_size=500
    )
    TeamMember.objects.bulk_create(
        [TeamMember(user=u, buyer=b) for u, b in zip(users, buyers, strict=True)], batch_size=500
    )
    cookies = {}
    for user, buyer in zip(users, buyers, strict=True):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[buyer.pk] = f"sessionid={session.session_key}"
    return event.slug, cookies


class Server:
    def __init__(self, env: dict[str, str]):
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "bench.live_app:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise RuntimeError(
                        "daphne did not start: " + self.log.read().decode(errors="replace")[-2000:]
                    ) from exc
                time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _row(name: str, values_ms: list[float]) -> str:
    if not values_ms:
        return f"| {name} | 0 | – | – | – |"
    return (
        f"| {name} | {len(values_ms)} | {_pct(values_ms, 50):.1f} | {_pct(values_ms, 95):.1f} | {max(values_ms):.1f} |"
    )


async def _measure(servers: list[Server], slug: str, cookies: dict[int, str], changes: int, runs: int) -> list[str]:
    import websockets

    received: dict[int, list[tuple[int, float]]] = {b: [] for b in cookies}
    connect_ms: list[float] = []
    ready = asyncio.Event()
    done = asyncio.Event()
    open_count = 0
    # At most 50 handshakes in flight: daphne drops a handshake its app has not accepted within 5 s, and a
    # thousand at once queue behind the session and catch-up queries.
    handshakes = asyncio.Semaphore(50)

    async def client(index: int, buyer: int, cookie: str) -> None:
        nonlocal open_count
        server = servers[index % len(servers)]
        await handshakes.acquire()
        started = time.perf_counter()
        async with websockets.connect(
            f"ws://127.0.0.1:{server.port}/ws/events/{slug}/",
            additional_headers={"Cookie": cookie, "Origin": server.url},
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        ) as ws:
            await ws.send(json.dumps({"type": "hello", "since": 0}))
            while json.loads(await ws.recv())["type"] != "caught_up":
                pass
            connect_ms.append((time.perf_counter() - started) * 1000)
            handshakes.release()
            open_count += 1
            if open_count == len(cookies):
                ready.set()
            while not done.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                received[buyer].append((json.loads(raw)["version"], time.time()))

    started = time.perf_counter()
    tasks = [asyncio.create_task(client(i, b, c)) for i, (b, c) in enumerate(cookies.items())]
    await asyncio.wait_for(ready.wait(), 120)
    all_connected = (time.perf_counter() - started) * 1000
    writer = servers[0].url

    single: list[float] = []
    buyers = list(cookies)
    for _ in range(changes):
        buyer = random.choice(buyers)
        before = len(received[buyer])
        result = await asyncio.to_thread(_get_json, f"{writer}/__bench/change?event={slug}&buyer={buyer}")
        deadline = time.monotonic() + 10
        while len(received[buyer]) == before and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        if len(received[buyer]) > before:
            single.append((received[buyer][-1][1] - result["committed"]) * 1000)
        await asyncio.sleep(0.05)

    bulk: list[float] = []
    for _ in range(runs):
        before = {b: len(v) for b, v in received.items()}
        result = await asyncio.to_thread(_get_json, f"{writer}/__bench/run?event={slug}")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(len(received[b]) == before[b] for b in buyers):
            await asyncio.sleep(0.01)
        bulk += [
            (received[b][before[b]][1] - result["committed"]) * 1000 for b in buyers if len(received[b]) > before[b]
        ]
        await asyncio.sleep(0.5)

    done.set()
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    return [
        _row(f"connect + catch-up, per client (all {len(cookies)} in {all_connected:.0f} ms)", connect_ms),
        _row("single change → its buyer's client", single),
        _row(f"scheduler-run write ({len(buyers)} rows) → every client, {runs} runs", bulk),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--redis", default="", help="also measure two processes on this Redis (loopback only)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="expomatch-bench-live-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"SQLITE_PATH": str(Path(workdir) / "bench.sqlite3"), "DEBUG": "1"})
    env["DJANGO_SETTINGS_MODULE"] = "expomatch.settings"
    os.environ.clear()
    os.environ.update(env)
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        slug, cookies = _seed(args.clients)
        print(f"seeded {args.clients} buyers with sessions in {time.perf_counter() - t0:.1f} s\n")
        modes = [("one daphne process, in-memory layer", 1, {})]
        if args.redis:
            prefix = f"expomatch-bench-{uuid.uuid4().hex[:8]}"
            modes.append(("two daphne processes, Redis layer", 2, {"REDIS_URL": args.redis, "CHANNELS_PREFIX": prefix}))
        for title, processes, extra in modes:
            servers = [Server({**env, **extra}) for _ in range(processes)]
            try:
                rows = asyncio.run(_measure(servers, slug, cookies, args.changes, args.runs))
            finally:
                for server in servers:
                    server.stop()
            print(f"### {title}, {args.clients} clients\n")
            print("| measure | n | p50 ms | p95 ms | max ms |")
            print("|---|---:|---:|---:|---:|")
            print("\n".join(rows) + "\n")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
