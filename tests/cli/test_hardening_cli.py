"""What a careless user can give the CLI ends in one-line errors, never a traceback (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner whose commands use the test database."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    yield CliRunner()


def test_a_warc_record_without_a_target_uri_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "min.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nx")
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "0 documents read" in result.output
