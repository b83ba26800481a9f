"""The tracker commands through Typer's CliRunner: exit codes, output, one-line errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.store import repository

CANCELED = (
    "Netflix has canceled Partner Track after its first season, the streamer confirmed on Friday.\n"
)
RENEWED = "ABC has renewed Abbott Elementary for a third season.\n"


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner whose commands use the test database."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    yield CliRunner()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """Return the engine with two shows stored from hand-built extractions."""
    doc = Document(
        source="seed.txt",
        text="Two decisions in one made-up roundup.",
        url="https://news.example/roundup",
        outlet="Example Trade",
        published=dt.date(2022, 10, 14),
    )
    events = (
        StatusEvent(
            confidence=0.9,
            show="Partner Track",
            status=Status.CANCELED,
            network="Netflix",
            season=1,
            evidence="The streamer will not make a second season of Partner Track.",
        ),
        StatusEvent(
            confidence=0.9,
            show="Abbott Elementary",
            status=Status.RENEWED,
            network="ABC",
            season=3,
            evidence="Abbott Elementary returns for a third year.",
        ),
    )
    repository.ingest(engine, Extraction(document=doc, events=events))
    return engine


def test_status_prints_status_network_evidence_and_source(
    runner: CliRunner, seeded: Engine
) -> None:
    result = runner.invoke(app, ["status", "partner track"])
    assert result.exit_code == 0, result.output
    assert "Partner Track (show 1): canceled" in result.output
    assert "Netflix" in result.output
    assert "canceled by Netflix after 1 season" in result.output
    assert "will not make a second season" in result.output
    assert "https://news.example/roundup" in result.output


def test_status_json(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["status", "Abbott Elementary", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "returning" and data["seasons"] == 3
    assert data["deciding"]["date"] == "2022-10-14"


def test_unknown_show_is_a_one_line_error(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["status", "Partner Trak"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "Error: no show called 'Partner Trak' is known"
    assert "cliffhanger search" in result.stderr
    assert "Traceback" not in result.output


def test_timeline_lists_events(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["timeline", "Partner Track", "--json"])
    assert result.exit_code == 0, result.output
    assert [e["status"] for e in json.loads(result.stdout)] == ["canceled"]
    assert "canceled" in runner.invoke(app, ["timeline", "Partner Track"]).output


def test_board_groups_by_network_and_status(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["board", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [b["network"] for b in data] == ["ABC", "Netflix"]
    assert list(data[1]["statuses"]) == ["canceled"]
    table = runner.invoke(app, ["board", "--network", "netflix"])
    assert table.exit_code == 0 and "Partner Track" in table.output
    assert "Abbott" not in table.output


def test_board_of_unknown_network_fails(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["board", "--network", "Nowhere TV"])
    assert result.exit_code == 1
    assert "Error: no shows on network 'Nowhere TV'" in result.stderr


def test_search(runner: CliRunner, seeded: Engine) -> None:
    result = runner.invoke(app, ["search", "track", "--json"])
    assert result.exit_code == 0, result.output
    assert [s["show"] for s in json.loads(result.stdout)] == ["Partner Track"]
    assert "No show matches" in runner.invoke(app, ["search", "zzzz qqq"]).output


def test_ingest_folder_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(CANCELED)
    (news / "b.txt").write_text(RENEWED)
    first = runner.invoke(app, ["ingest", str(news)])
    assert first.exit_code == 0, first.output
    assert "2 documents read, 2 new" in first.stdout
    again = runner.invoke(app, ["ingest", str(news)])
    assert again.stdout.strip() == "2 documents read, 0 new, 0 events added"
    assert runner.invoke(app, ["status", "Partner Track"]).exit_code == 0


def test_ingest_reports_bad_files_continues_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CANCELED)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["ingest", str(empty), str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2
    assert "1 document read, 1 new" in result.stdout
    assert "Traceback" not in result.output


def test_ingest_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ingest", "-"], input=CANCELED)
    assert result.exit_code == 0, result.output
    assert "1 document read, 1 new" in result.stdout


def test_unopenable_database_is_one_line_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", f"sqlite:///{tmp_path}/no/such/dir/x.db")
    result = runner.invoke(app, ["board"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the database")
    assert "Hint:" in result.stderr
