"""`make bench`: every benchmark in turn; each prints its own figures.

Benchmarks that need a service (PostgreSQL) or a server start what they need
themselves; a missing one is reported and the rest go on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ["extraction_bench.py"],
    ["real_articles_bench.py"],
    ["linear_bench.py"],
    ["startup_bench.py"],
    ["archive_bench.py"],
    ["backfill_bench.py"],
    ["api_bench.py"],
    ["board_paint_bench.py"],
    ["linking_bench.py"],
    ["forecast_bench.py"],
]


def main() -> int:
    failed = 0
    for argv in BENCHES:
        script = HERE / argv[0]
        if not script.exists():
            continue
        print(f"== {argv[0]}", flush=True)
        rc = subprocess.call([sys.executable, str(script), *argv[1:]])
        if rc != 0:
            print(f"{argv[0]} exited {rc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
