"""The founding article end to end: ingest twice, ask its status; bad input writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.store import repository
from cliffhanger.store.tables import Base

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "partner-track.txt"


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    yield CliRunner()


def _rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()
        )


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not present")
def test_seed_ingested_twice_is_canceled_by_netflix_after_one_season(
    runner: CliRunner, engine: Engine
) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(SEED)])
        assert result.exit_code == 0, result.output
    assert _rows(engine, "documents") == 1
    timeline = repository.timeline(engine, "Partner Track")
    assert len(timeline) == 1  # one copy of the event
    result = runner.invoke(app, ["status", "Partner Track", "--json"])
    assert result.exit_code == 0, result.output
    state = json.loads(result.stdout)
    text = json.dumps(state)
    assert "canceled" in text and "Netflix" in text
    assert "Partner Track" in text and "Canceled at Netflix" in text  # the evidence sentence
    human = runner.invoke(app, ["status", "Partner Track"]).stdout
    assert "canceled by Netflix after 1 season" in human
    assert repository.show_state(engine, "The Imperfects").status.value == "canceled"


def test_bad_inputs_write_nothing(runner: CliRunner, engine: Engine, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("La série est annulée par Netflix.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    paths = [empty, binary, latin, huge, tmp_path / "missing.txt"]
    result = runner.invoke(app, ["ingest", *map(str, paths)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == len(paths)
    assert "Traceback" not in result.output
    assert _rows(engine, "documents") == 0
    assert _rows(engine, "events") == 0


def test_unknown_show_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["status", "A Show Nobody Made"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
