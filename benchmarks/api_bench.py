"""API benchmark: 10,000 shows and 100,000 events, 50 concurrent clients on board and show pages.

    .venv/bin/python benchmarks/api_bench.py [--shows 10000] [--events 100000]
        [--clients 50] [--requests 2000] [--database-url URL]

Builds the database with bulk inserts (a temporary SQLite file unless
--database-url is given), serves it with uvicorn on loopback in a child
process (`cliffhanger serve`), drives `--clients` concurrent httpx clients at
a bounded number of requests, and prints p50/p99 latency and requests/s per
route. The board's first, uncached computation is timed apart, before the clients start.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import Engine, insert

from cliffhanger.store.engine import make_engine, upgrade
from cliffhanger.store.tables import DocumentRow, EventRow, NetworkRow, ShowRow, utcnow

NETWORKS = ["ABC", "CBS", "NBC", "Fox", "The CW", "HBO", "Netflix", "Hulu", "Prime Video", "AMC"]
STATUSES = ["renewed", "canceled", "final_season", "ordered", "revived"]
BATCH = 5000


def build(engine: Engine, shows: int, events: int, seed: int = 7) -> None:
    """Return once `shows` shows and `events` events are bulk-inserted."""
    rng = random.Random(seed)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            insert(NetworkRow),
            [{"id": i + 1, "name": n, "key": n.lower()} for i, n in enumerate(NETWORKS)],
        )
        connection.execute(
            insert(ShowRow),
            [
                {
                    "id": i + 1,
                    "title": f"Show {i + 1:05d}",
                    "key": f"show {i + 1:05d}",
                    "network_id": i % len(NETWORKS) + 1,
                    "created_at": now,
                }
                for i in range(shows)
            ],
        )
        documents = max(1, events // 5)
        for start in range(0, documents, BATCH):
            connection.execute(
                insert(DocumentRow),
                [
                    {
                        "id": d + 1,
                        "source": f"bench-{d}",
                        "url": f"https://news.example/{d}",
                        "canonical_url": f"https://news.example/{d}",
                        "outlet": "Bench Trade",
                        "published": dt.date(2015, 1, 1) + dt.timedelta(days=d % 3650),
                        "content_hash": hashlib.sha256(str(d).encode()).hexdigest(),
                        "ingested_at": now,
                    }
                    for d in range(start, min(start + BATCH, documents))
                ],
            )
        for start in range(0, events, BATCH):
            rows = []
            for e in range(start, min(start + BATCH, events)):
                show = e % shows
                rows.append(
                    {
                        "show_id": show + 1,
                        "network_id": show % len(NETWORKS) + 1,
                        "status": rng.choice(STATUSES),
                        "season": rng.randint(1, 8),
                        "date": dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3650)),
                        "speculative": rng.random() < 0.1,
                        "confidence": round(rng.uniform(0.4, 1.0), 2),
                        "evidence": f"Network decided about Show {show + 1:05d} (event {e}).",
                        "document_id": e // 5 + 1,
                        "fingerprint": hashlib.sha256(str(e).encode()).hexdigest(),
                        "is_correction": False,
                        "created_at": now,
                    }
                )
            connection.execute(insert(EventRow), rows)


def free_port() -> int:
    """Return a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """Return the `cliffhanger serve` child process, once it answers."""
    script = Path(sys.executable).parent / "cliffhanger"
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": url}
    argv = ["-q", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        [str(script), *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


async def drive(base: str, paths: list[str], clients: int, requests: int) -> dict[str, list[float]]:
    """Return the latencies (seconds) per route of `requests` requests over `clients` clients."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(paths[i % len(paths)])
    timings: dict[str, list[float]] = {}
    errors = 0

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            while not queue.empty():
                path = queue.get_nowait()
                start = time.perf_counter()
                response = await http.get(path)
                took = time.perf_counter() - start
                if response.status_code != 200:
                    errors += 1
                route = path.split("?")[0].rstrip("0123456789")
                timings.setdefault(route, []).append(took)

    await asyncio.gather(*(client() for _ in range(clients)))
    if errors:
        print(f"{errors} requests failed", file=sys.stderr)
    return timings


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0..100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    """Return 0 once the figures are printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--database-url", help="an empty database to fill (default: temp SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        start = time.perf_counter()
        build(engine, args.shows, args.events)
        engine.dispose()
        print(
            f"built {args.shows} shows, {args.events} events in {time.perf_counter() - start:.1f}s"
        )
        port = free_port()
        server = start_server(url, port, args.workers)
        try:
            rng = random.Random(3)
            paths = ["/api/board?limit=100", "/"]
            paths += [f"/shows/{rng.randint(1, args.shows)}" for _ in range(8)]
            paths += [f"/api/shows/{rng.randint(1, args.shows)}" for _ in range(8)]
            cold = time.perf_counter()
            httpx.get(f"http://127.0.0.1:{port}/api/board?limit=1", timeout=300)
            print(
                f"first board (the status rules over every event): "
                f"{time.perf_counter() - cold:.2f}s; later ones are cached until the data changes"
            )
            began = time.perf_counter()
            timings = asyncio.run(
                drive(f"http://127.0.0.1:{port}", paths, args.clients, args.requests)
            )
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{args.requests} requests, {args.clients} clients, {wall:.1f}s: "
        f"{args.requests / wall:.0f} requests/s"
    )
    print(f"{'route':<16}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}")
    for route, values in sorted(timings.items()):
        print(
            f"{route:<16}{len(values):>6}{statistics.median(values) * 1000:>10.1f}"
            f"{percentile(values, 99) * 1000:>10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
