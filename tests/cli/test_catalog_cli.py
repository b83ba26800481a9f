"""Catalog and editing commands through Typer's CliRunner, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
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

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalog"


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner whose commands use the test database, with the fixture catalog loaded."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    result = runner.invoke(app, ["catalog", "import", str(FIXTURES / "shows.csv"), "-f", "csv"])
    assert result.exit_code == 0, result.output
    yield runner


def _news(engine: Engine, show: str, status: Status, network: str, confidence: float) -> int:
    doc = Document(
        source=f"{show}.txt",
        text=f"{network} {status} {show}.",
        published=dt.date(2022, 6, 1),
        url=f"https://news.example/{show.replace(' ', '-')}",
    )
    event = StatusEvent(
        show, status, network=network, season=3, confidence=confidence, evidence=f"{show}."
    )
    repository.ingest(engine, Extraction(document=doc, events=(event,)))
    return repository.timeline(engine, show)[-1].id


def _json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_catalog_import_prints_counts_and_reimport_updates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalog", "import", str(FIXTURES / "shows.csv"), "-f", "csv"])
    assert result.exit_code == 0
    assert "5 shows read: 0 new, 5 updated" in result.output
    wikidata = FIXTURES / "wikidata_shows.json"
    result = runner.invoke(app, ["catalog", "import", str(wikidata), "--format", "wikidata"])
    assert result.exit_code == 0 and "2 shows read: 2 new" in result.output


def test_catalog_import_says_how_many_events_moved(
    runner: CliRunner, engine: Engine, tmp_path: Path
) -> None:
    event_id = _news(engine, "The Flash", Status.FINAL_SEASON, "The CW", 0.95)  # in 2022
    path = tmp_path / "flash.csv"
    path.write_text(
        "title,network,premiered,ended,status,seasons,episodes,tvmaze,tmdb,imdb\n"
        "The Flash,CBS,1990-09-20,1991-05-18,Ended,1,22,,,\n"
        "The Flash,The CW,2014-10-07,2023-05-24,Ended,9,184,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["catalog", "import", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "1 event moved to a better-matching show" in result.output
    timeline = _json(runner, "timeline", "The Flash")  # the title names the 1990 series
    assert isinstance(timeline, list) and timeline == []
    shows = _json(runner, "catalog", "show", "The Flash")
    assert isinstance(shows, list)
    cw = next(s for s in shows if s["network"] == "The CW")
    assert _json(runner, "status", str(cw["id"]))["deciding"]["id"] == event_id  # type: ignore[index]


def test_catalog_show_lists_same_titled_shows_with_status(runner: CliRunner) -> None:
    entries = _json(runner, "catalog", "show", "The Order")
    assert isinstance(entries, list)
    by_network = {e["network"]: e for e in entries if e["title"] == "The Order"}
    assert set(by_network) == {"Netflix", "Fox"}
    netflix = by_network["Netflix"]
    assert (netflix["premiered"], netflix["ended"]) == ("2019-03-07", "2020-06-18")
    assert netflix["status"] == "ended" and "catalog" in netflix["reason"]
    table = runner.invoke(app, ["catalog", "show", "The Order"])
    assert table.exit_code == 0
    assert "2019–2020" in table.output and "Netflix" in table.output


def test_search_lists_every_show_of_a_title(runner: CliRunner) -> None:
    # two series called The Order (Netflix 2019, FOX 2000): search lists both, status each
    found = _json(runner, "search", "The Order")
    assert isinstance(found, list)
    orders = [s for s in found if s["show"] == "The Order"]
    assert len(orders) == 2 and orders[0]["id"] < orders[1]["id"]
    for show in orders:
        assert _json(runner, "status", str(show["id"]))["status"] == show["status"]  # type: ignore[index]


def test_review_accept_and_reject_show_at_once(runner: CliRunner, engine: Engine) -> None:
    doubtful = _news(engine, "Party Down", Status.CANCELED, "Starz", 0.5)
    queue = _json(runner, "review")
    assert isinstance(queue, dict)
    assert [i["event"]["id"] for i in queue["items"]] == [doubtful]
    assert (
        "the wording is not a clear decision (confidence 0.50; 0.70 needed)"
        in queue["items"][0]["reasons"]
    )
    # an event waiting in review does not decide (issue 11, item 3)
    assert _json(runner, "status", "Party Down")["status"] == "pending"

    result = runner.invoke(app, ["review", "--reject", str(doubtful), "--author", "ed"])
    assert result.exit_code == 0 and "rejected" in result.output
    assert _json(runner, "review")["total"] == 0
    status = _json(runner, "status", "Party Down")
    assert status["status"] == "pending"  # the rejected event no longer counts

    result = runner.invoke(app, ["review", "--accept", str(doubtful)])
    assert result.exit_code == 0
    assert _json(runner, "status", "Party Down")["status"] == "canceled"


def test_unlinked_show_is_queued_for_review(runner: CliRunner, engine: Engine) -> None:
    event_id = _news(engine, "Totally New Series", Status.ORDERED, "HBO", 0.95)
    queue = _json(runner, "review", "--limit", "5")
    assert isinstance(queue, dict)
    item = next(i for i in queue["items"] if i["event"]["id"] == event_id)
    assert item["recommendation"] == "none"
    table = runner.invoke(app, ["review"])
    assert table.exit_code == 0 and "Totally New Series" in table.output


# (filters, paging): each is the review page's and the API's parameter of the same name
QUEUE_VIEWS = [
    ({}, (0, 20)),  # no filter: the whole queue, newest first
    ({"status": "canceled"}, (0, 20)),  # one kind of decision
    ({"network": "hbo"}, (0, 20)),  # one network, any spelling of it
    ({"max_score": "0.5"}, (0, 20)),  # only the weakest (link score, else confidence)
    ({"status": "renewed", "network": "Starz"}, (0, 20)),  # filters combine
    ({}, (0, 2)),  # the first page of two
    ({}, (2, 2)),  # the second
    ({}, (4, 2)),  # the last, shorter
    ({}, (6, 2)),  # past the end: empty, the total still said
]


@pytest.mark.parametrize(("only", "page"), QUEUE_VIEWS)
def test_review_filters_and_pages_like_the_api(
    runner: CliRunner, engine: Engine, only: dict[str, str], page: tuple[int, int]
) -> None:
    from fastapi.testclient import TestClient

    from cliffhanger.api import create_app

    for show, status, network, confidence in [
        ("Party Down", Status.RENEWED, "Starz", 0.5),
        ("Tom Swift", Status.CANCELED, "The CW", 0.6),
        ("Minx", Status.CANCELED, "HBO Max", 0.4),  # stored under Max, HBO's sister
        ("Succession", Status.RENEWED, "HBO", 0.65),
        ("Barry", Status.CANCELED, "HBO", 0.3),
    ]:
        _news(engine, show, status, network, confidence)
    offset, limit = page
    args = [f"--{k.replace('_', '-')}={v}" for k, v in only.items()]
    cli = _json(runner, "review", *args, "--offset", str(offset), "--limit", str(limit))
    params = {**only, "offset": offset, "limit": limit}
    with TestClient(create_app(engine)) as client:
        api = client.get("/api/review", params=params).json()
    assert isinstance(cli, dict)
    assert [i["event"]["id"] for i in cli["items"]] == [i["id"] for i in api["items"]]
    assert (cli["total"], cli["offset"], cli["limit"]) == (api["total"], offset, limit)
    assert all(i["reasons"] for i in cli["items"])


def test_review_pages_in_the_table(runner: CliRunner, engine: Engine) -> None:
    for n in range(3):
        _news(engine, f"Doubtful Show {n}", Status.CANCELED, "HBO", 0.5)
    first = runner.invoke(app, ["review", "--limit", "2"])
    assert first.exit_code == 0, first.output
    assert "Review queue (1–2 of 3)" in first.output
    assert "Next page: --offset 2." in first.output
    last = runner.invoke(app, ["review", "--limit", "2", "--offset", "2"])
    assert "Review queue (3–3 of 3)" in last.output and "Next page" not in last.output
    past = runner.invoke(app, ["review", "--offset", "9"])
    assert past.exit_code == 0 and "No items past 9 (3 in all)." in past.output
    none = runner.invoke(app, ["review", "--status", "revived"])
    assert none.exit_code == 0 and "Nothing to review." in none.output
    bad = runner.invoke(app, ["review", "--max-score", "2"])
    assert bad.exit_code == 2  # a usage error, as every out-of-range option


def test_correct_wins_and_keeps_who_and_why(runner: CliRunner, engine: Engine) -> None:
    event_id = _news(engine, "Tom Swift", Status.RENEWED, "The CW", 0.9)
    result = runner.invoke(
        app,
        ["correct", str(event_id), "--status", "canceled", "--season", "1",
         "--note", "The CW said no", "--author", "Ed Itor"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "canceled" in result.output
    status = _json(runner, "status", "Tom Swift")
    assert isinstance(status, dict)
    assert status["status"] == "canceled"
    assert status["deciding"]["is_correction"] is True
    assert status["deciding"]["note"] == "The CW said no"
    timeline = _json(runner, "timeline", "Tom Swift")
    assert [e["is_correction"] for e in timeline] == [False, True]  # the machine's kept
    board = _json(runner, "board", "--network", "The CW")
    assert isinstance(board, list)
    assert [s["show"] for s in board[0]["statuses"]["canceled"]] == ["Tom Swift"]


def test_merge_and_alias(runner: CliRunner, engine: Engine) -> None:
    _news(engine, "Untitled Starz Comedy", Status.REVIVED, "Starz", 0.9)
    [keep] = [e["id"] for e in _json(runner, "catalog", "show", "Party Down")]  # type: ignore[union-attr]
    [drop] = [e["id"] for e in _json(runner, "catalog", "show", "Untitled Starz Comedy")]  # type: ignore[union-attr]
    result = runner.invoke(app, ["merge", str(keep), str(drop)])
    assert result.exit_code == 0, result.output
    status = _json(runner, "status", "Untitled Starz Comedy")  # the old title is an alias now
    assert isinstance(status, dict)
    assert status["show"] == "Party Down" and status["status"] == "returning"

    result = runner.invoke(app, ["alias", "add", str(keep), "PD"])
    assert result.exit_code == 0, result.output
    assert _json(runner, "status", "PD")["show"] == "Party Down"


def test_export_csv_and_json(runner: CliRunner, engine: Engine, tmp_path: Path) -> None:
    _news(engine, "Party Down", Status.RENEWED, "Starz", 0.9)
    _news(engine, "Tom Swift", Status.CANCELED, "The CW", 0.9)
    result = runner.invoke(app, ["export", "--format", "csv", "--network", "Starz"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["show"], r["status"], r["network"]) for r in rows] == [
        ("Party Down", "returning", "Starz")
    ]
    out = tmp_path / "board.json"
    result = runner.invoke(app, ["export", "--format", "json", "--output", str(out)])
    assert result.exit_code == 0
    networks = {b["network"] for b in json.loads(out.read_text())}
    assert networks == {"Starz", "The CW"}  # catalog-only shows are not on the scorecard


def test_scorecard_import(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "name,season,status,tv_network,ano\n"
        'Party Down,2,"Canceled 6/30, but revived 6/8/22",STRZ,2010\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["scorecard", "import", str(path)])
    assert result.exit_code == 0 and "1 rows read: 2 events, 2 stored" in result.output
    assert _json(runner, "status", "Party Down")["status"] == "returning"
    again = runner.invoke(app, ["scorecard", "import", str(path)])
    assert "nothing changed" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # an event that does not exist
        (["correct", "999", "--status", "renewed"], "Error: no event with id 999"),
        (["review", "--accept", "999"], "Error: no event with id 999"),
        # a show id that does not exist
        (["merge", "1", "999"], "Error: no show with id 999"),
        (["alias", "add", "999", "X"], "Error: no show with id 999"),
        # a catalog file that is not there
        (["catalog", "import", "/no/such.csv", "-f", "csv"], "Error: no catalog file"),
        # a title nothing names
        (["catalog", "show", "Zzzqqq Xxyy"], "Error: no show called"),
    ],
)
def test_errors_are_one_line_with_exit_1(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_catalog_networks_seeds_one_row_per_network(
    runner: CliRunner, engine: Engine, tmp_path: Path
) -> None:
    """A TMDB network dump and the curated table: spellings fold into canonical networks."""
    import gzip

    from sqlalchemy import func, select

    from cliffhanger.store.tables import NetworkRow

    records = [
        {"id": 1, "network_id": 1, "network_name": "Fuji TV", "network_country": "JP"},
        {"id": 2, "network_id": 2, "network_name": "Amazon Prime Video", "network_country": ""},
        {"id": 3, "network_id": 3, "network_name": "Prime Video", "network_country": ""},
        {"id": 4, "network_id": 4, "network_name": "Fuji TV", "network_country": "JP"},
    ]
    dump = tmp_path / "networks.json.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as fh:
        json.dump(records, fh)
    first = runner.invoke(app, ["catalog", "networks", str(dump)])
    assert first.exit_code == 0, first.output
    with engine.connect() as conn:
        names = set(conn.scalars(select(NetworkRow.name)))
        rows = conn.scalar(select(func.count(NetworkRow.id)))
    assert {"Fuji TV", "Prime Video", "Netflix"} <= names
    assert "Amazon Prime Video" not in names  # an alias, folded into Prime Video
    again = runner.invoke(app, ["catalog", "networks", str(dump)])
    assert again.exit_code == 0 and again.stdout.rstrip().endswith("0 networks added")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(NetworkRow.id))) == rows
    missing = runner.invoke(app, ["catalog", "networks", str(tmp_path / "none.json.gz")])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error:")
