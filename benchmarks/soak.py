"""Soak: `cliffhanger serve` under the API bench's read mix plus writes, for minutes on end.

    .venv/bin/python benchmarks/soak.py --database-url postgresql://… [--seconds 600]
        [--clients 8] [--shows 2000] [--events 20000]

Fills an empty database like `api_bench.py`, serves it, and drives clients
that mostly read (board, show pages, the JSON show) and sometimes write (an
article through POST /api/documents, a correction). Prints requests per
status, every error, and the server's resident memory (VmRSS, MiB) after the
warm-up and at the end. Exits 1 if any request failed or answered 5xx.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from api_bench import build, free_port, start_server

from cliffhanger.store import web_repository
from cliffhanger.store.engine import make_engine, upgrade

NETWORKS = ["ABC", "CBS", "NBC", "Netflix", "HBO"]


def rss_mib(pid: int) -> float:
    """Return the resident memory of process `pid` in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(base: str, token: str, shows: int, seconds: float, clients: int) -> Counter[str]:
    """Return the count of answers per status (and per error kind) over `seconds`."""
    seen: Counter[str] = Counter()
    messages: set[str] = set()
    stop = time.monotonic() + seconds
    auth = {"Authorization": f"Bearer {token}"}

    async def client(n: int) -> None:
        rng = random.Random(n)
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            i = 0
            while time.monotonic() < stop:
                i += 1
                roll = rng.random()
                try:
                    if roll < 0.05:
                        text = (
                            f"{rng.choice(NETWORKS)} has renewed Soak Show {n}-{i} "
                            f"for a season {rng.randint(2, 9)}, the network said.\n"
                        )
                        response = await http.post(
                            "/api/documents",
                            content=text.encode(),
                            headers={**auth, "Content-Type": "text/plain"},
                        )
                    elif roll < 0.08:
                        response = await http.post(
                            f"/api/shows/{rng.randint(1, shows)}/corrections",
                            json={"status": "renewed", "season": rng.randint(1, 9)},
                            headers=auth,
                        )
                    else:
                        path = rng.choice(
                            ["/api/board?limit=100", "/", f"/shows/{rng.randint(1, shows)}"]
                            + [f"/api/shows/{rng.randint(1, shows)}"] * 2
                        )
                        response = await http.get(path)
                    seen[str(response.status_code)] += 1
                    if response.status_code >= 500 and len(messages) < 5:
                        route = response.request.method + " " + response.request.url.path
                        messages.add(f"{route.rstrip('0123456789')}: {response.text[:300]}")
                except httpx.HTTPError as e:
                    seen[type(e).__name__] += 1

    await asyncio.gather(*(client(n) for n in range(clients)))
    for message in sorted(messages):
        print(f"5xx: {message}", file=sys.stderr)
    return seen


def main() -> int:
    """Return 0 when no request failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty database to fill")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--shows", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    upgrade(engine)
    build(engine, args.shows, args.events)
    if engine.dialect.name == "postgresql":
        # build() inserts explicit ids; the sequences must start after them for new rows.
        with engine.begin() as connection:
            for table in ("networks", "shows", "documents", "events"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
    token = web_repository.create_token(engine, "soak")[1]
    engine.dispose()
    port = free_port()
    server = start_server(args.database_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(soak(base, token, args.shows, min(30.0, args.seconds / 10), args.clients))
        start_rss = rss_mib(server.pid)
        began = time.monotonic()
        seen = asyncio.run(soak(base, token, args.shows, args.seconds, args.clients))
        wall = time.monotonic() - began
        end_rss = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(seen.values())
    bad = sum(n for k, n in seen.items() if not k.isdigit() or k.startswith("5"))
    print(f"{total} requests in {wall:.0f}s ({total / wall:.0f}/s), {bad} errors or 5xx")
    print("answers: " + ", ".join(f"{k}: {n}" for k, n in sorted(seen.items())))
    print(f"server RSS after warm-up {start_rss:.1f} MiB, at the end {end_rss:.1f} MiB")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
