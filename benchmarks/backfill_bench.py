"""Backfill benchmark: the Dask backfill with 1 and 2 local workers into PostgreSQL.

    python benchmarks/backfill_bench.py [--docs 4000] [--runs 3] [--postgres URL]

The synthetic archive of `archive_bench` (made-up articles), backfilled on a
LocalCluster of 1, then 2, worker processes into a fresh PostgreSQL database
each run (created and dropped). Prints documents per second (median of the
runs), the 2-worker/1-worker ratio from the same runs, and the projected time
for a million articles at the 2-worker rate, beside issue 13's targets
(ratio >= 1.6, under 1 hour). The rates are timed on a running cluster (as a
long backfill sees it); the cluster's start-up is measured apart, added once
to the projection, and the rates with start-up inside the time are printed too.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archive_bench import fresh_database, write_archive

from cliffhanger.sources.backfill import backfill


def main() -> None:
    """Return once the benchmark has printed its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partition", type=int, default=500)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CLIFFHANGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-backfill-") as name:
        folder = Path(name)
        archive = folder / "archive.jsonl"
        write_archive(archive, args.docs)
        rates: dict[int, list[float]] = {1: [], 2: []}
        cold: dict[int, list[float]] = {1: [], 2: []}
        startup: list[float] = []
        for _ in range(args.runs):
            for workers in (1, 2):
                with fresh_database("postgresql", folder, args.postgres) as url:
                    started = time.perf_counter()
                    report = backfill(
                        url, [str(archive)], workers=workers, partition_size=args.partition
                    )
                    cold[workers].append(report.read / (time.perf_counter() - started))
                with (
                    fresh_database("postgresql", folder, args.postgres) as url,
                    _cluster(workers, startup) as address,
                ):
                    started = time.perf_counter()
                    report = backfill(
                        url, [str(archive)], scheduler=address, partition_size=args.partition
                    )
                    rates[workers].append(report.read / (time.perf_counter() - started))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    ratios = [b / a for a, b in zip(rates[1], rates[2], strict=True)]
    hours = (1_000_000 / two + statistics.median(startup)) / 3600
    print(f"archive: {args.docs} documents, partitions of {args.partition}, PostgreSQL")
    print(
        "cluster started before timing (as a running cluster serves a long backfill); "
        f"its start-up, {statistics.median(startup):.1f} s, is added once to the projection"
    )
    print(
        "with start-up inside the time: 1 worker "
        f"{statistics.median(cold[1]):.0f}, 2 workers {statistics.median(cold[2]):.0f} documents/s"
    )
    print(f"1 worker : {one:.0f} documents/s  (runs: {', '.join(f'{r:.0f}' for r in rates[1])})")
    print(f"2 workers: {two:.0f} documents/s  (runs: {', '.join(f'{r:.0f}' for r in rates[2])})")
    ratio = statistics.median(ratios)
    print(
        f"2/1 ratio: {ratio:.2f} (median of same-run ratios; target >= 1.6: "
        f"{'met' if ratio >= 1.6 else 'NOT met'})"
    )
    print(
        f"1M articles at the 2-worker rate: {hours:.1f} h (target < 1 h: "
        f"{'met' if hours < 1 else 'NOT met'}; before: 4-6 h projected)"
    )


@contextmanager
def _cluster(workers: int, startup: list[float]) -> Iterator[str]:
    """Yield the address of a running LocalCluster of `workers` processes, its workers warm
    (the extractor imported); append its start-up seconds to `startup`."""
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)  # fmt: skip
    with Client(cluster) as client:
        client.run(lambda: __import__("cliffhanger.extraction.pipeline"))
    startup.append(time.perf_counter() - started)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
