"""Models and migrations agree, on every backend; the engine refuses what it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from cliffhanger.errors import StoreError
from cliffhanger.store.engine import alembic_config, make_engine, normalise_url, upgrade
from cliffhanger.store.schema_version import at_head, script_heads
from cliffhanger.store.tables import Base


def test_autogenerate_finds_no_difference(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_reaches_every_head_and_is_repeatable(engine: Engine) -> None:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    upgrade(engine)  # a second run changes nothing
    with engine.connect() as connection:
        assert set(MigrationContext.configure(connection).get_current_heads()) == heads
        assert "events" in inspect(connection).get_table_names()


def test_script_heads_are_alembics_heads() -> None:
    # open_store skips Alembic when the database is at these heads: they must be Alembic's own.
    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_at_head_tells_a_current_schema_from_an_old_or_empty_one(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert not at_head(engine)  # no alembic_version table yet
    upgrade(engine, "0001_core")
    assert not at_head(engine)
    upgrade(engine)
    assert at_head(engine)
    engine.dispose()


def test_first_revision_is_0001_core() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0001_core").down_revision is None


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    engine.dispose()


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        # A plain PostgreSQL URL gets the psycopg 3 driver that is installed.
        ("postgresql://u@h/db", "postgresql+psycopg"),
        # So does the short "postgres://" spelling some hosts hand out.
        ("postgres://u@h/db", "postgresql+psycopg"),
        # An explicit driver is left alone.
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        # SQLite is untouched.
        ("sqlite:///x.db", "sqlite"),
    ],
)
def test_normalise_url_picks_the_driver(given: str, driver: str) -> None:
    assert normalise_url(given).drivername == driver


@pytest.mark.parametrize(
    "url",
    [
        # Not a URL at all.
        "cliffhanger.db",
        # A folder that does not exist.
        "sqlite:////no/such/folder/cliffhanger.db",
        # A server nobody listens on.
        "postgresql://postgres@127.0.0.1:1/nothing",
        # A driver that is not installed.
        "mysql+nosuchdriver://u@h/db",
    ],
)
def test_unopenable_database_is_a_store_error_with_hint(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        make_engine(url)
    assert caught.value.hint
