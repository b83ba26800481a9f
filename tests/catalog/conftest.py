"""Paths to the shared catalog data and fixtures, and a store holding both real catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
FIXTURES = Path(__file__).parents[1] / "fixtures"


def data_file(*parts: str) -> Path:
    """Return a path under ../shared/data, skipping the test when it is absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (clone ../shared next to the repo)")
    return path
