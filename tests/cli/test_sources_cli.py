"""`ingest` of URLs and archives, `watch` and `sources` through Typer's CliRunner."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.store import repository

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"
QUIET = ["--delay", "0", "--allow-private"]


def load_newsroom() -> ModuleType:
    """Return the local news site module (tests/fixtures/sources/newsroom.py), loaded once."""
    name = "cliffhanger_tests_newsroom"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, FIXTURES / "newsroom.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def site() -> Iterator[Any]:
    """Yield a running local news site."""
    with load_newsroom().Newsroom.start() as running:
        yield running


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner whose commands use the test database."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    yield CliRunner()


def test_ingest_a_page_url(runner: CliRunner, site: Any, engine: Engine) -> None:
    url = site.url("/news/night-court-renewed.html")
    result = runner.invoke(app, ["ingest", url, *QUIET])
    assert result.exit_code == 0, result.output
    assert "1 document read, 1 new" in result.stdout
    assert "Night Court (NBC): new → returning" in result.stdout
    assert repository.show_state(engine, "Night Court").status == "returning"


def test_ingest_a_feed_url_then_again(runner: CliRunner, site: Any) -> None:
    url = site.url("/feeds/tv.xml")
    first = runner.invoke(app, ["ingest", url, *QUIET])
    assert first.exit_code == 0, first.output
    assert "3 documents read, 3 new" in first.stdout
    again = runner.invoke(app, ["ingest", url, *QUIET])
    assert again.exit_code == 0, again.output
    assert f"{url}: not modified" in again.stdout
    assert "0 documents read" in again.stdout


def test_a_private_address_is_refused_without_allow_private(runner: CliRunner, site: Any) -> None:
    result = runner.invoke(app, ["ingest", site.url("/feeds/tv.xml"), "--delay", "0"])
    assert result.exit_code == 1
    assert "refused, 127.0.0.1 resolves to a non-public address" in result.stderr
    assert "Hint: pass --allow-private" in result.stderr
    watched = runner.invoke(app, ["watch", "--once", site.url("/feeds/tv.xml")])
    assert watched.exit_code == 1
    assert watched.stderr.startswith("Error: ") and "non-public address" in watched.stderr
    assert site.hits["/feeds/tv.xml"] == 0


def test_a_broken_feed_item_fails_the_ingest_but_the_rest_is_stored(
    runner: CliRunner, site: Any, engine: Engine
) -> None:
    result = runner.invoke(app, ["ingest", site.url("/feeds/troubled.xml"), *QUIET])
    assert result.exit_code == 1
    assert "HTTP 404" in result.stderr and "redirect loop" in result.stderr
    assert "1 document read, 1 new" in result.stdout
    assert repository.show_state(engine, "Abbott Elementary").status == "returning"


@pytest.mark.parametrize("name", ["archive.jsonl", "archive.jsonl.gz"])
def test_ingest_a_jsonl_archive_once(runner: CliRunner, tmp_path: Path, name: str) -> None:
    archive = tmp_path / name
    data = (FIXTURES / "archive.jsonl").read_bytes()
    archive.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = runner.invoke(app, ["ingest", str(archive)])
    # The fixture holds unreadable records on purpose: reported, counted, exit 1.
    assert result.exit_code == 1
    assert "unreadable records" in result.stdout
    again = runner.invoke(app, ["ingest", str(archive)])
    assert "already ingested" in again.stdout
    assert "0 documents read" in again.stdout


def test_ingest_a_warc_archive(runner: CliRunner, tmp_path: Path, engine: Engine) -> None:
    archive = tmp_path / "crawl.warc.gz"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        page = (FIXTURES / "newsroom" / "abbott-elementary-renewed.html").read_bytes()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://couchreport.example/news/abbott-elementary-renewed",
            "response",
            payload=io.BytesIO(page.replace(b"{base}", b"https://couchreport.example")),
            http_headers=headers,
        )
        writer.write_record(record)
    result = runner.invoke(app, ["ingest", str(archive)])
    assert result.exit_code == 0, result.output
    assert "1 document read, 1 new" in result.stdout
    assert repository.show_state(engine, "Abbott Elementary").status == "returning"


def test_files_and_folders_still_ingest(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "plain.txt", tmp_path / "plain.txt")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 document read, 1 new" in result.stdout


def test_watch_once_then_sources(runner: CliRunner, site: Any) -> None:
    feeds = [site.url("/feeds/tv.xml"), site.url("/feeds/malformed.xml")]
    result = runner.invoke(app, ["watch", "--once", *QUIET, *feeds])
    assert result.exit_code == 0, result.output
    assert "Warrior Nun (Netflix): new → canceled" in result.stdout
    assert "not an RSS or Atom feed" in result.stderr
    listed = runner.invoke(app, ["sources", "--json"])
    assert listed.exit_code == 0, listed.output
    by_url = {s["url"]: s for s in json.loads(listed.stdout)}
    assert by_url[feeds[0]]["items_seen"] == 3 and by_url[feeds[0]]["error_count"] == 0
    assert by_url[feeds[1]]["error_count"] == 1 and by_url[feeds[1]]["last_error"]
    table = runner.invoke(app, ["sources"])
    assert table.exit_code == 0 and "Couch" in table.stdout  # titles fold in 80 columns
    # Within the interval, a second --once round finds nothing due.
    again = runner.invoke(app, ["watch", "--once", *QUIET, *feeds])
    assert "No feed was due." in again.stdout


@pytest.mark.parametrize(
    "every",
    [
        "soon",  # not a number
        "0",  # no interval at all
        "10 minutes",  # units are single letters
    ],
)
def test_watch_refuses_a_bad_interval(runner: CliRunner, every: str) -> None:
    result = runner.invoke(app, ["watch", "--every", every, "https://example.com/feed.xml"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: --every {every!r}: not a duration")


def test_sources_without_feeds(runner: CliRunner) -> None:
    result = runner.invoke(app, ["sources"])
    assert result.exit_code == 0
    assert "No feeds yet" in result.stdout


def test_other_url_schemes_are_refused_in_one_line(tmp_path: Path) -> None:
    """ftp:// and file:// are refused as URLs, not looked for as files."""
    import os

    from typer.testing import CliRunner

    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    args = ["ingest", "ftp://example.com/a", "file:///etc/passwd"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2 and all("only http and https" in e for e in errors)
