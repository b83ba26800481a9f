"""`cliffhanger db upgrade` on both backends; a database that cannot be opened is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, select
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.store.current_tables import ShowCurrentRow
from cliffhanger.store.engine import make_engine
from cliffhanger.store.tables import ShowRow


def test_db_upgrade_creates_the_schema_and_can_repeat(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    for _ in range(2):
        result = CliRunner().invoke(app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert "schema up to date" in result.stdout
    engine = make_engine(db_url)
    try:
        assert {"shows", "events", "documents"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_upgrade_on_a_missing_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", f"sqlite:///{tmp_path}/no/such/dir/x.db")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert "Traceback" not in result.output


def test_db_statuses_computes_rows_written_behind_its_back(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A show inserted with SQL has no stored status until `db statuses` computes it.
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(ShowRow), [{"title": "Raw Show", "key": "raw show"}])
        result = CliRunner().invoke(app, ["db", "statuses"])
        assert result.exit_code == 0, result.output
        assert "Computed the status of 1 show." in result.stdout
        with engine.connect() as connection:
            rows = connection.execute(select(ShowCurrentRow.status)).all()
        assert [r.status for r in rows] == ["pending"]
    finally:
        engine.dispose()
