"""API benchmark, issue 13 items 5 and 6: a cold board, cached reads' CPU, 50 clients.

    .venv/bin/python benchmarks/api_bench.py [--shows 10000] [--events 100000]
        [--runs 3] [--seconds 5] [--clients 50] [--database-url URL]

Builds the store with bulk inserts (a temporary SQLite file unless
--database-url names an empty database), then keeps every show's status in
`show_current` as ingest does (`show_current.rebuild`, one transaction). Each
figure is printed beside its target, with "met" or "NOT met":

- **Cold board** (item 5): wall seconds of the first GET /api/board?limit=100
  of a fresh app on a new engine (in process, nothing cached), median of
  --runs. Target: under 1 s. The first GET / is timed the same way.
- **CPU per cached read** (item 6): server CPU (user + system seconds of the
  `cliffhanger serve` process, /proc/PID/stat) over a wrk run of one connection, per
  request wrk counted, in milliseconds. Cached reads are the JSON board, the
  board page and show pages (warmed first); the yardstick is /api/health,
  constant JSON in the same app, never cached. Target: each at most 3x the
  yardstick, as a ratio within one run; the median of --runs runs is quoted.
- **50 clients** (item 6): wrk with --clients connections and --latency per
  route: requests/s (ratio to /api/health within one run; target at least
  0.5 for the board and show pages) and p50/p99 milliseconds. Medians of --runs.

wrk is a compiled load generator (`make wrk` installs it); without it the
CPU and 50-client figures are skipped and said to be. The machine's load
average is printed before and after: runs on a shared machine vary, ratios less.
"""

from __future__ import annotations

import argparse
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
from typing import Any

import httpx
import wrk_load
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from cliffhanger.api import create_app
from cliffhanger.store import show_current, versioning
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


def keep_statuses(engine: Engine) -> int:
    """Return the number of shows once their statuses are kept, as ingest keeps them.

    `build` writes through a raw connection, which `versioning` does not see:
    its docstring asks for `show_current.rebuild` and `bump` after such writes.
    """
    with Session(engine) as session, session.begin():
        count = show_current.rebuild(session)
        versioning.bump(session)
    return count


def cold_read(url: str, path: str) -> tuple[float, float]:
    """Return (wall s, CPU s) of the first GET `path` of a fresh app on a new engine."""
    engine = make_engine(url)
    try:
        with TestClient(create_app(engine)) as client:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        response.raise_for_status()
    finally:
        engine.dispose()
    return wall, cpu


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


def server_cpu(pid: int) -> float:
    """Return the CPU seconds (user + system) process `pid` used so far, from /proc/PID/stat.

    Clock ticks (SC_CLK_TCK, usually 100 a second) of fields 14 and 15, after
    the command name in parentheses (which may hold spaces).
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_request(base: str, paths: list[str], server: int, seconds: float) -> float:
    """Return the server's CPU milliseconds per request over `seconds` of one client on `paths`."""
    before = server_cpu(server)
    load = wrk_load.run(base, paths, connections=1, threads=1, seconds=seconds)
    used = server_cpu(server) - before
    if load.bad or not load.requests:
        raise RuntimeError(f"{paths[0]}: {load.bad} bad answers of {load.requests}")
    return used / load.requests * 1000


def loads() -> str:
    """Return the 1, 5 and 15 minute load averages (runnable processes), as text."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"


def verdict(ok: bool) -> str:
    """Return how a figure compares with its target."""
    return "met" if ok else "NOT met"


def median_of(runs: list[dict[str, float]], key: str) -> float:
    """Return the median of `key` over runs."""
    return statistics.median(r[key] for r in runs)


def measure_cpu(base: str, routes: dict[str, list[str]], server: int, args: Any) -> None:
    """Print each route's server CPU per request beside 3x the yardstick's (medians of runs)."""
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        run = {
            name: cpu_per_request(base, paths, server, args.cpu_seconds)
            for name, paths in routes.items()
        }
        runs.append(run)
    yard = "/api/health"
    print(
        f"item 6a: server CPU per request, 1 wrk connection, {args.cpu_seconds:.0f} s per route, "
        f"median of {args.runs} runs (ratio to {yard} within each run)"
    )
    print(f"  {'route':<24}{'CPU ms/req':>11}{'ratio':>8}   target")
    for name in routes:
        ms = median_of(runs, name)
        if name == yard:
            print(f"  {name:<24}{ms:>11.2f}{'1.00':>8}   (yardstick: constant JSON, not cached)")
            continue
        ratio = statistics.median(r[name] / r[yard] for r in runs)
        print(f"  {name:<24}{ms:>11.2f}{ratio:>8.2f}   <= 3x: {verdict(ratio <= 3)}")


def measure_clients(base: str, routes: dict[str, list[str]], args: Any) -> None:
    """Print requests/s (and ratio to the yardstick) and p50/p99 at `args.clients` clients."""
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        run: dict[str, float] = {}
        for name, paths in routes.items():
            load = wrk_load.run(
                base, paths, connections=args.clients, threads=2, seconds=args.seconds
            )
            if load.bad:
                print(f"  {name}: {load.bad} bad answers of {load.requests}", file=sys.stderr)
            run[name] = load.per_second
            run[name + " p50"] = load.p50_ms or float("nan")
            run[name + " p99"] = load.p99_ms or float("nan")
        runs.append(run)
    yard = "/api/health"
    print(
        f"item 6b/c: {args.clients} clients, wrk -t2 -c{args.clients} -d{args.seconds:.0f}s "
        f"--latency per route, median of {args.runs} runs (ratio to {yard} within each run)"
    )
    print(f"  {'route':<24}{'req/s':>8}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}   target")
    for name in routes:
        rate = median_of(runs, name)
        ratio = statistics.median(r[name] / r[yard] for r in runs)
        target = "(yardstick)" if name == yard else f">= 0.5x: {verdict(ratio >= 0.5)}"
        print(
            f"  {name:<24}{rate:>8.0f}{ratio:>8.2f}{median_of(runs, name + ' p50'):>9.1f}"
            f"{median_of(runs, name + ' p99'):>9.1f}   {target}"
        )


def main() -> int:
    """Return 0 once the figures are printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (medians)")
    parser.add_argument("--seconds", type=float, default=5, help="wrk seconds per 50-client run")
    parser.add_argument("--cpu-seconds", type=float, default=3, help="wrk seconds per CPU run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--database-url", help="an empty database to fill (default: temp SQLite)")
    args = parser.parse_args()
    print(f"load average before: {loads()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        start = time.perf_counter()
        build(engine, args.shows, args.events)
        built = time.perf_counter() - start
        start = time.perf_counter()
        kept = keep_statuses(engine)
        engine.dispose()
        print(
            f"built {args.shows} shows, {args.events} events in {built:.1f} s; "
            f"{kept} statuses kept in {time.perf_counter() - start:.1f} s ({engine.dialect.name})"
        )
        for path, item in (("/api/board?limit=100", "item 5"), ("/", "      ")):
            cold = [cold_read(url, path) for _ in range(args.runs)]
            wall = statistics.median(w for w, _ in cold)
            cpu = statistics.median(c for _, c in cold)
            print(
                f"{item}: cold board, first GET {path} of a fresh app: {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU (median of {args.runs})   target < 1 s: {verdict(wall < 1)}"
            )
        if wrk_load.available() is None:
            print("item 6: wrk is not installed (make wrk): CPU and 50-client figures NOT measured")
            return 1
        serve(url, args)
    print(f"load average after: {loads()}")
    return 0


def serve(url: str, args: Any) -> None:
    """Print the item 6 figures against `cliffhanger serve` on `url`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(3)
    shows = [f"/shows/{rng.randint(1, args.shows)}" for _ in range(8)]
    routes = {
        "/api/health": ["/api/health"],
        "/api/board?limit=100": ["/api/board?limit=100"],
        "/ (board page)": ["/"],
        "/shows/ID (8 shows)": shows,
    }
    process = start_server(url, port)
    try:
        for paths in routes.values():  # warm: the board is read and every page rendered once
            for path in paths:
                httpx.get(base + path, timeout=300).raise_for_status()
        server = process.pid  # one worker: uvicorn serves in this process
        measure_cpu(base, routes, server, args)
        measure_clients(base, routes, args)
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
