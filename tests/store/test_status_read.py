"""The quick read of one show's status (`store.status_read`) equals the full path's, both backends.

`cliffhanger status` on SQLite reads through `status_read.read_state` and
`sqlite3`; every other reader through the ORM (`web_browse.show_refs`). Here
the plain SQL runs through SQLAlchemy on both backends, and through `sqlite3`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from cliffhanger.documents.load import iter_sources, read_document
from cliffhanger.extraction import extract
from cliffhanger.resolution.catalog import read_csv
from cliffhanger.serve import queries
from cliffhanger.store import repository, review, sqlite_read, status_read, web_browse
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.current_tables import ShowCurrentRow, StoreVersionRow
from cliffhanger.store.engine import open_store
from cliffhanger.store.tables import EventRow, ShowRow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "cliffhanger" / "data" / "samples"
CATALOG = ROOT / "tests" / "fixtures" / "catalog" / "shows.csv"


def _fill(engine: Engine) -> list[int]:
    for source in iter_sources([str(SAMPLES)]):
        repository.ingest(engine, extract(read_document(source)))
    import_catalog(engine, read_csv(CATALOG), "csv")
    with Session(engine) as session:
        events = list(session.scalars(select(EventRow.id).order_by(EventRow.id)))
        shows = list(session.scalars(select(ShowRow.id).order_by(ShowRow.id)))
    review.decide_many(engine, events[:2], "rejected")
    review.decide(engine, events[2], "accepted")
    return shows


def _through(engine: Engine) -> Any:
    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]

    return run


def test_the_quick_read_equals_the_full_path_for_every_show(engine: Engine) -> None:
    shows = _fill(engine)
    assert len(shows) > 10
    full = {ref.id: ref.state for ref in web_browse.show_refs(engine, shows)}
    run = _through(engine)
    for show_id in shows:
        assert status_read.read_state(run, str(show_id)) == (show_id, full[show_id])
        title = full[show_id].show.upper()  # two shows may share a title: the lookup picks one
        ref = queries.find_show(engine, title)
        assert status_read.read_state(run, title) == (ref.id, ref.state)
    assert status_read.read_state(run, "no such show at all") is None
    assert status_read.read_state(run, "#999999") is None


def test_sqlite3_reads_what_sqlalchemy_reads(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    engine = open_store(url)
    try:
        shows = _fill(engine)
        full = {ref.id: ref.state for ref in web_browse.show_refs(engine, shows)}
    finally:
        engine.dispose()
    connection = sqlite_read.open_current(url)
    assert connection is not None
    try:
        run = sqlite_read.runner(connection)
        for show_id in shows:
            assert status_read.read_state(run, f"#{show_id}") == (show_id, full[show_id])
    finally:
        connection.close()


def test_only_a_store_ready_as_it_is_is_read_quickly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert sqlite_read.open_current(url) is None  # no file: the full path creates it
    assert sqlite_read.open_current(f"{url}?mode=ro") is None
    assert sqlite_read.open_current("sqlite://") is None
    assert sqlite_read.open_current("postgresql://localhost/x") is None
    engine = open_store(url)
    try:
        ready = sqlite_read.open_current(url)
        assert ready is not None
        ready.close()
        with engine.begin() as connection:  # statuses of other rules: to compute again
            connection.execute(update(StoreVersionRow).values(rules="other"))
        assert sqlite_read.open_current(url) is None
        with engine.begin() as connection:
            connection.execute(update(StoreVersionRow).values(rules=status_read.rules_hash()))
            connection.execute(text("DELETE FROM alembic_version"))  # as before any migration
        assert sqlite_read.open_current(url) is None
    finally:
        engine.dispose()


def test_a_status_waiting_on_a_catalog_date_leaves_the_store_to_the_full_path(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    engine = open_store(url)
    try:
        _fill(engine)
        assert sqlite_read.open_current(url) is not None
        with engine.begin() as connection:
            yesterday = dt.date.today() - dt.timedelta(days=1)
            connection.execute(update(ShowCurrentRow).values(recheck_on=yesterday))
        assert sqlite_read.open_current(url) is None
    finally:
        engine.dispose()
