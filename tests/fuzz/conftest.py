"""Fuzzing: Hypothesis profiles, and a count of the cases each entry point ran.

`make test` runs the short profile (a few hundred cases in all); `make fuzz`
sets CLIFFHANGER_FUZZ=full, which runs at least 10,000 cases per entry point,
and prints the counts at the end of the run.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

FULL = os.environ.get("CLIFFHANGER_FUZZ") == "full"
CASES: Counter[str] = Counter()  # entry point -> cases run
ERRORS: Counter[str] = Counter()  # entry point -> tracebacks or HTTP 500s seen


def examples(short: int, full: int) -> int:
    """Return how many examples a fuzz test runs in this profile."""
    return full if FULL else short


settings.register_profile(
    "fuzz",
    deadline=None,
    derandomize=not FULL,  # the short run in `make test` is the same every time
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    database=None,
)
settings.load_profile("fuzz")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the cases run per entry point (and any failures counted) after the run."""
    if not CASES:
        return
    terminalreporter.write_sep("-", "fuzz cases per entry point")
    for name in sorted(CASES):
        terminalreporter.write_line(f"{name}: {CASES[name]} cases, {ERRORS[name]} failures")
