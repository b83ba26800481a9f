"""Odds on a real store (SQLite and PostgreSQL): CLI, API and pages, with a made-up scorecard."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.api import create_app
from cliffhanger.cli import app
from cliffhanger.forecast import service
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.store import repository

from .conftest import write_scorecard


def _store(engine: Engine) -> None:
    """Store one decided show and two pending ones (one with a rumour) from made-up articles."""
    events = (
        StatusEvent(
            "Decided Drama", Status.RENEWED, "NBC", 3, confidence=0.9, evidence="NBC renewed it."
        ),
        StatusEvent(
            "Bubble Comedy", Status.CANCELED, "NBC", 1, speculative=True, evidence="Could end."
        ),
        StatusEvent(
            "Quiet Thriller", Status.RENEWED, "Netflix", 2, speculative=True, evidence="Maybe."
        ),
    )
    doc = Document(source="made-up.txt", text="A made-up roundup.", published=dt.date(2024, 2, 1))
    repository.ingest(engine, Extraction(document=doc, events=events))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Yield a data folder holding only a made-up scorecard, set as CLIFFHANGER_DATA_DIR."""
    folder = tmp_path / "data"
    (folder / "status").mkdir(parents=True)
    write_scorecard(folder / "status" / "metacritic_renewal_scorecard_2013_2020.csv")
    monkeypatch.setenv(service.DATA_ENV, str(folder))
    service.clear_cache()
    yield folder
    service.clear_cache()


def test_forecast_lists_pending_shows_most_at_risk_first(engine: Engine, data: Path) -> None:
    _store(engine)
    result = service.forecast(engine, as_of=dt.date(2024, 6, 1))
    assert {i.show for i in result.items} == {"Bubble Comedy", "Quiet Thriller"}
    assert [i.renewed for i in result.items] == sorted(i.renewed for i in result.items)
    assert all(0 < i.renewed < 1 for i in result.items)
    assert result.as_of == dt.date(2024, 6, 1) and result.trained_on >= 100
    streaming = next(i for i in result.items if i.show == "Quiet Thriller")
    assert streaming.network_kind == "streaming" and streaming.seasons == 1
    only = service.forecast(engine, as_of=dt.date(2024, 6, 1), network="netflix")
    assert [i.show for i in only.items] == ["Quiet Thriller"]


def test_cli_forecast(
    engine: Engine, db_url: str, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    _store(engine)
    runner = CliRunner()
    shown = runner.invoke(app, ["forecast", "--as-of", "2024-06-01"])
    assert shown.exit_code == 0, shown.output
    assert "Bubble Comedy" in shown.output and "2024-06-01" in shown.output
    as_json = runner.invoke(app, ["forecast", "--network", "NBC", "--json"])
    assert as_json.exit_code == 0
    assert [i["show"] for i in json.loads(as_json.output)["items"]] == ["Bubble Comedy"]
    for argv, message in (
        (["forecast", "--network", "Nowhere TV"], "unknown network"),
        (["forecast", "--as-of", "June"], "is not a date"),
        (["forecast", "--backtest", "--network", "NBC"], "does not apply"),
        (["forecast", "--data", str(data / "missing")], "too few decided seasons"),
    ):
        failed = runner.invoke(app, argv)
        assert failed.exit_code == 1, argv
        assert message in failed.output and "Traceback" not in failed.output


def test_cli_backtest(
    engine: Engine, db_url: str, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    result = CliRunner().invoke(app, ["forecast", "--backtest", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [y["label"] for y in report["years"]] == ["2015", "2016", "2017"]
    assert set(report["overall"]["baselines"]) == {"always renewed", "network rate", "seasons rule"}
    assert len(report["reliability"]) == 10


def test_api_and_pages(engine: Engine, data: Path) -> None:
    _store(engine)
    client = TestClient(create_app(engine))
    odds = client.get("/api/forecast")
    assert odds.status_code == 200
    assert {i["show"] for i in odds.json()["items"]} == {"Bubble Comedy", "Quiet Thriller"}
    assert client.get("/api/forecast", params={"network": "Nowhere TV"}).status_code == 404
    page = client.get("/forecast")
    assert page.status_code == 200 and "Bubble Comedy" in page.text
    assert client.get("/forecast?network=Nowhere+TV").status_code == 404
    backtest = client.get("/api/forecast/backtest")
    assert backtest.status_code == 200 and backtest.json()["overall"]["model"]["n"] > 0
    chart = client.get("/forecast/backtest")
    assert chart.status_code == 200 and "<svg" in chart.text and "<script" not in chart.text
    show_id = odds.json()["items"][0]["show_id"]
    assert "Renewal odds" in client.get(f"/shows/{show_id}").text


def test_no_training_data_is_a_clear_4xx(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(service.DATA_ENV, str(tmp_path / "nothing"))
    service.clear_cache()
    _store(engine)
    client = TestClient(create_app(engine))
    answer = client.get("/api/forecast")
    assert answer.status_code == 400 and "too few" in answer.json()["error"]["message"]
    assert client.get("/api/forecast/backtest").status_code == 400
    show_id = repository.find_shows(engine, "Bubble Comedy")[0]
    assert show_id.show == "Bubble Comedy"
