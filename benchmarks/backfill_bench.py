"""Backfill benchmark: the Dask backfill with 1 and 2 local workers into PostgreSQL.

    python benchmarks/backfill_bench.py [--docs 4000] [--runs 3] [--postgres URL]

The synthetic archive of `archive_bench` (made-up articles), backfilled on a
LocalCluster of 1, then 2, worker processes into a fresh PostgreSQL database
each run (created and dropped). Prints documents per second (median of the
runs), the 2-worker/1-worker ratio from the same runs, and the projected time
for a million articles at the 2-worker rate, beside issue 13's targets
(ratio >= 1.6, under 1 hour). The cluster's start-up is part of the time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
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
        for _ in range(args.runs):
            for workers in (1, 2):
                with fresh_database("postgresql", folder, args.postgres) as url:
                    started = time.perf_counter()
                    report = backfill(
                        url, [str(archive)], workers=workers, partition_size=args.partition
                    )
                    rates[workers].append(report.read / (time.perf_counter() - started))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    ratios = [b / a for a, b in zip(rates[1], rates[2], strict=True)]
    hours = 1_000_000 / two / 3600
    print(f"archive: {args.docs} documents, partitions of {args.partition}, PostgreSQL")
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


if __name__ == "__main__":
    main()
