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


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_file_its_byte_order_mark_does_not_fit_is_an_error(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xfe\xff\xff\x08\xff\xff\x08")  # was a UnicodeDecodeError traceback
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "though it opens with a UTF-16 byte order mark" in result.output


NETFLIX_HEADER = "show_id,type,title,director,cast,country,date_added,release_year,duration\n"
TVMAZE_HEADER = "Name,Summary,End Date,Premiere Date,Network,Total Seasons\n"


@pytest.mark.parametrize(
    ("header", "given", "looks"),
    [
        (NETFLIX_HEADER, "tvmaze", "netflix"),  # was KeyError: 'Name'
        (TVMAZE_HEADER, "netflix", "tvmaze"),  # was 0 shows read, silently
        (NETFLIX_HEADER, "csv", "netflix"),  # a plain CSV would read its films as shows
        ("id,name\n", "csv", None),
        ("", "tvmaze", None),
    ],
)
def test_a_catalog_in_another_format_is_named(
    runner: CliRunner, tmp_path: Path, header: str, given: str, looks: str | None
) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(header + ("s1,TV Show,Made Up,,,,,2020,1 Season\n" if header else ""))
    result = runner.invoke(app, ["catalog", "import", str(path), "--format", given])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error:" in result.output
    if looks:
        assert f"use --format {looks}" in result.output
