"""Start-up benchmark: CPU seconds of `cliffhanger --help`, `status` and `extract` on a small file.

    python benchmarks/startup_bench.py [--runs 5]

Each command runs in a fresh process (`status` on a SQLite store holding the
bundled samples); CPU time is user + system of the child, the median of the
runs, printed beside `python -c pass` and issue 13's targets and figures before.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "cliffhanger" / "data" / "samples"
SMALL = SAMPLES / "2018-05-11-fox-cancels-lucifer.txt"  # 179 words, the file
CLI = [sys.executable, "-c", "import sys; from cliffhanger.cli import main; main()"]
# (label, arguments, target CPU seconds, issue 13's figure before)
CASES = [
    ("--help", ["--help"], 0.5, 2.1),
    ("status", ["status", "Lucifer"], 0.5, None),
    ("extract (small file)", ["extract", str(SMALL)], 0.6, 1.8),
]


def cpu(argv: list[str], env: dict[str, str]) -> float:
    """Return the CPU seconds (user + system) one run of `argv` took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Return once the table is printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-startup-") as folder:
        env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{Path(folder) / 's.db'}"}
        subprocess.run([*CLI, "ingest", str(SAMPLES)], env=env, capture_output=True, check=True)
        bare = statistics.median(cpu([sys.executable, "-c", "pass"], env) for _ in range(args.runs))
        print(f"python -c pass: {bare:.3f} s CPU")
        print(f"{'command':<22}{'CPU s':>7}{'target':>8}{'before':>8}  runs")
        for label, argv, target, before in CASES:
            runs = [cpu([*CLI, *argv], env) for _ in range(args.runs)]
            median = statistics.median(runs)
            verdict = "met" if median < target else "NOT met"
            was = f"{before:.1f}" if before is not None else "-"
            shown = ", ".join(f"{r:.2f}" for r in runs)
            print(f"{label:<22}{median:>7.2f}{target:>8.1f}{was:>8}  {shown}  target {verdict}")


if __name__ == "__main__":
    main()
