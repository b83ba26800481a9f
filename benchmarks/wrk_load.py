"""Drive wrk (a compiled HTTP load generator, Debian package `wrk`) and read its report.

`make bench` installs wrk when missing (the Makefile's `wrk` target); a
benchmark that finds none says so and skips what needs it. wrk is used, not a
Python client, so the client does not eat the cores the server runs on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}
# Round-robin over the paths, one request each (a Lua script; wrk 4.1).
SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


@dataclass(frozen=True)
class Load:
    """What one wrk run reports: requests done, their rate and latency percentiles."""

    requests: int
    seconds: float  # wall time of the run, as wrk reports it
    per_second: float  # requests per second (wall)
    p50_ms: float | None  # milliseconds; None without --latency
    p99_ms: float | None
    bad: int  # non-2xx/3xx answers plus socket errors


def available() -> str | None:
    """Return the path of wrk, or None when it is not installed."""
    return shutil.which("wrk")


def run(base: str, paths: list[str], *, connections: int, threads: int, seconds: float) -> Load:
    """Return the report of `connections` keep-alive clients hitting `paths` of `base` for a while.

    Latency percentiles are asked for (--latency). Raises RuntimeError when wrk fails.
    """
    wrk = available()
    if wrk is None:
        raise RuntimeError("wrk is not installed (make wrk)")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "paths.lua"
        script.write_text(SCRIPT % ", ".join(f'"{p}"' for p in paths))
        argv = [
            wrk,
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-s",
            str(script),
            base,
        ]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited {done.returncode}: {done.stderr.strip()[:300]}")
    return parse(done.stdout)


def parse(report: str) -> Load:
    """Return the figures of a wrk report (its stdout)."""
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", report)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if total is None or rate is None:
        raise RuntimeError(f"not a wrk report: {report[:300]!r}")
    bad = 0
    if non := re.search(r"Non-2xx or 3xx responses: (\d+)", report):
        bad += int(non.group(1))
    if errors := re.search(r"Socket errors: (.*)", report):
        bad += sum(int(n) for n in re.findall(r"\d+", errors.group(1)))
    return Load(
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * UNITS[total.group(3)],
        per_second=float(rate.group(1)),
        p50_ms=_percentile(report, "50"),
        p99_ms=_percentile(report, "99"),
        bad=bad,
    )


def _percentile(report: str, q: str) -> float | None:
    found = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.MULTILINE)
    if found is None:
        return None
    return float(found.group(1)) * UNITS[found.group(2)] * 1000
