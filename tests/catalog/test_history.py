"""The Metacritic scorecard as a historical source: tricky rows, dates, idempotent import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from cliffhanger.model import ShowStatus, Status
from cliffhanger.store import repository
from cliffhanger.store.history import import_scorecard, scorecard_events

from .conftest import data_file

# Rows in the scorecard's shape, written for this test (titles made up).
ROWS = """name,season,status,tv_network,ano
Night Shift Nine,3,"Canceled 8/22, but revived 4/15",NBC,2018
Harbor Lights,6,Will end with season 7,CBS,2016
Quiet Acres,1,Renewed,NETF,2019
"""


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "scorecard.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def test_tricky_rows_give_the_right_events(tmp_path: Path) -> None:
    rows, events = scorecard_events(_csv(tmp_path))
    assert rows == 3
    night = [e for e in events if e.show == "Night Shift Nine"]
    assert [(e.status, e.date) for e in night] == [
        (Status.CANCELED, dt.date(2018, 8, 22)),
        (Status.REVIVED, dt.date(2019, 4, 15)),  # after 8/22: the next spring
    ]
    harbor = next(e for e in events if e.show == "Harbor Lights")
    assert (harbor.status, harbor.season) == (Status.FINAL_SEASON, 7)
    quiet = next(e for e in events if e.show == "Quiet Acres")
    # undated: the end of its scorecard year, not the day of the import
    assert (quiet.network, quiet.season, quiet.date) == ("Netflix", 2, dt.date(2020, 5, 31))


def test_scorecard_import_is_stored_once_and_decides_status(engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    first = import_scorecard(engine, path)
    assert (first.rows, first.events, first.added, first.created) == (3, 4, 4, True)
    assert import_scorecard(engine, path).created is False
    night = repository.show_state(engine, "Night Shift Nine")
    assert night.status is ShowStatus.RETURNING and "revived" in night.reason
    assert repository.show_state(engine, "Harbor Lights").status is ShowStatus.ENDING


def test_real_scorecard_reads_whole() -> None:
    rows, events = scorecard_events(
        data_file("status", "metacritic_renewal_scorecard_2013_2020.csv")
    )
    assert rows == 5_049
    assert len(events) > 2_000
    assert all(e.date is not None for e in events)
