"""CLI ids and seasons share the API's bounds: a usage error, never a traceback (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.bounds import MAX_ID, MAX_SEASON, MIN_SEASON, check_season
from cliffhanger.cli import app
from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.store import repository, review

HUGE = "99999999999999999999"


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner on the test database, which holds one show with one event."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    doc = Document(source="a.txt", text="A made-up note.", url="https://news.example/a")
    event = StatusEvent(show="Some Show", status=Status.RENEWED, season=2, evidence="made up")
    repository.ingest(engine, Extraction(document=doc, events=(event,)))
    yield CliRunner()


@pytest.mark.parametrize(
    "args",
    [
        ["correct", HUGE, "--status", "renewed"],
        ["correct", str(MAX_ID + 1), "--status", "renewed"],
        ["correct", "1", "--status", "renewed", "--season", HUGE],
        ["correct", "1", "--status", "renewed", "--season", "-5"],
        ["correct", "1", "--status", "renewed", "--season", "999999"],
        ["merge", "1", HUGE],
        ["merge", "0", "1"],
        ["review", "--accept", HUGE],
        ["review", "--reject", "3000000000"],
        ["review", "--limit", HUGE],
        ["review", "--offset", HUGE],
        ["review", "--offset", "-1"],
        ["alias", "add", HUGE, "Other Name"],
    ],
)
def test_out_of_range_numbers_are_usage_errors(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_largest_id_is_not_found(runner: CliRunner) -> None:
    result = runner.invoke(app, ["correct", str(MAX_ID), "--status", "renewed"])
    assert result.exit_code == 1
    assert f"no event with id {MAX_ID}" in result.output


@pytest.mark.parametrize("season", [MIN_SEASON, MAX_SEASON])
def test_seasons_at_the_bounds_are_recorded(runner: CliRunner, season: int) -> None:
    result = runner.invoke(app, ["correct", "1", "--status", "renewed", "--season", str(season)])
    assert result.exit_code == 0, result.output


def test_the_library_checks_the_same_bounds(engine: Engine) -> None:
    assert check_season(None) is None
    with pytest.raises(InputError, match="season -5 is out of range"):
        review.correct(engine, 1, Status.RENEWED, season=-5)
    event = StatusEvent(show="Some Show", status=Status.RENEWED, season=MAX_SEASON + 1)
    with pytest.raises(InputError, match="out of range"):
        repository.add_correction(engine, event)
    with pytest.raises(NotFoundError, match="no event with id"):
        review.decide(engine, 2**70, "accepted")
