"""Paths to the shared catalog data and fixtures, and the store issue 11 describes, built once.

`issue_store` is that store on SQLite and on PostgreSQL: the SQLite one is
built as a user would (the CLI: samples, seed, TVmaze, Netflix, TMDB details,
scorecard; about a minute and a half), the PostgreSQL one holds the same rows,
copied table by table (the import itself runs on PostgreSQL in
`test_import.py` and `test_load_order.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, text
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.store import catalog_tables, source_tables, web_tables  # noqa: F401  (tables)
from cliffhanger.store.engine import make_engine, upgrade
from cliffhanger.store.tables import Base

DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLES = Path(__file__).parents[2] / "src" / "cliffhanger" / "data" / "samples"
SEED = Path(__file__).parents[2] / ".." / "shared" / "seed" / "partner-track.txt"
SCORECARD = "metacritic_renewal_scorecard_2013_2020.csv"


def data_file(*parts: str) -> Path:
    """Return a path under ../shared/data, skipping the test when it is absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (clone ../shared next to the repo)")
    return path


@dataclass(frozen=True)
class Store:
    """A filled store: its engine, a CliRunner pointed at it, and its URL."""

    engine: Engine
    runner: CliRunner
    url: str


def _runner(url: str) -> CliRunner:
    return CliRunner(env={"CLIFFHANGER_DATABASE_URL": url, "COLUMNS": "200"})


@pytest.fixture(scope="package")
def sqlite_issue_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Yield a SQLite store holding everything the issue loads, loaded in its order by the CLI."""
    url = f"sqlite:///{tmp_path_factory.mktemp('full') / 'full.db'}"
    runner = _runner(url)
    catalog = [
        ("tvmaze_top_TV_show_data.csv", "tvmaze"),
        ("netflix_titles.csv", "netflix"),
        ("tmdb_tv_details_2025-04.jsonl.gz", "tmdb"),
    ]
    steps = [
        ["ingest", str(SAMPLES)],
        ["ingest", str(SEED)],
        *(["catalog", "import", str(data_file("catalog", f)), "-f", k] for f, k in catalog),
        ["scorecard", "import", str(data_file("status", SCORECARD))],
    ]
    for step in steps:
        result = runner.invoke(app, step)
        assert result.exit_code == 0, (step, result.output)
    engine = make_engine(url)
    upgrade(engine)
    yield Store(engine, runner, url)
    engine.dispose()


@pytest.fixture(scope="package")
def postgresql_issue_store(sqlite_issue_store: Store, package_pg_url: str) -> Iterator[Store]:
    """Yield a PostgreSQL store holding the rows of `sqlite_issue_store`, ids and all."""
    engine = make_engine(package_pg_url)
    upgrade(engine)
    copy_rows(sqlite_issue_store.engine, engine)
    yield Store(engine, _runner(package_pg_url), package_pg_url)
    engine.dispose()


@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
def issue_store(request: pytest.FixtureRequest) -> Store:
    """Return the issue's store on each backend in turn."""
    store: Store = request.getfixturevalue(f"{request.param}_issue_store")
    return store


def copy_rows(source: Engine, target: Engine) -> None:
    """Return once every table's rows of `source` are in the migrated `target`, and only they.

    Tables go parents first; on PostgreSQL each id sequence then moves past
    the highest id copied, so the store takes new rows as usual.
    """
    tables = Base.metadata.sorted_tables
    with source.connect() as read, target.begin() as write:
        for table in reversed(tables):  # rows a migration seeds (the store's version row)
            write.execute(table.delete())
        for table in tables:
            rows = [dict(r) for r in read.execute(select(table)).mappings()]
            for start in range(0, len(rows), 5_000):
                write.execute(insert(table), rows[start : start + 5_000])
        if target.dialect.name != "postgresql":
            return
        for table in tables:
            if "id" in table.c and table.c.id.primary_key:
                write.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
                    )
                )
