"""Labelled seasons made up for the forecast tests, and paths to the shared real data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cliffhanger.forecast.labels import Outcome, TrainingRow

DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
SCORECARD = DATA / "status" / "metacritic_renewal_scorecard_2013_2020.csv"


def real_scorecard() -> Path:
    """Return the real scorecard's path, skipping the test when ../shared is absent."""
    if not SCORECARD.exists():
        pytest.skip(f"shared data not found at {SCORECARD}")
    return SCORECARD


def made_up_rows(years: range = range(2013, 2018), per_year: int = 40) -> list[TrainingRow]:
    """Return made-up decided seasons: long runs and "Steady" shows come back, new ones less."""
    rows = []
    for year in years:
        for i in range(per_year):
            network = ("Steady", "Fickle", "Netflix")[i % 3]
            season = 1 + (i % 5)
            returns = season >= 3 or (network == "Steady" and i % 2 == 0) or i % 7 == 0
            rows.append(
                TrainingRow(
                    show=f"Show {year}-{i}",
                    network=network,
                    season=season,
                    year=year,
                    decided=dt.date(year + 1, 1 + i % 5, 1 + i % 28),
                    outcome=Outcome.RENEWED if returns else Outcome.CANCELED,
                    source="scorecard",
                )
            )
    return rows


def write_scorecard(path: Path, years: range = range(2013, 2018)) -> Path:
    """Write a small made-up scorecard CSV in the real file's columns; return its path."""
    lines = ["name,season,status,tv_network,ano"]
    for year in years:
        for i in range(36):
            network = ("NBC", "Netflix", "FX")[i % 3]
            season = 1 + (i % 4)
            renewed = season >= 2 or i % 3 == 0
            status = (
                f"Renewed {1 + i % 5}/{1 + i % 27}" if renewed else f"Canceled {5}/{1 + i % 27}"
            )
            lines.append(f"Made-up Show {year} {i},{season},{status},{network},{year}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
