"""Pages, feeds and archives into the store, against a local news site, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cliffhanger.errors import BlockedURLError
from cliffhanger.sources.fetch import Fetcher
from cliffhanger.sources.ingest_archive import ingest_archive
from cliffhanger.sources.ingest_sources import (
    FeedReport,
    ItemOutcome,
    Pacer,
    backoff,
    ingest_url,
    poll_feed,
)
from cliffhanger.store import repository
from cliffhanger.store import source_repository as repo
from cliffhanger.store.engine import make_engine
from cliffhanger.store.source_tables import ArchiveProgressRow, SourceItemRow
from cliffhanger.store.tables import DocumentRow, EventRow
from store.current import assert_statuses_current

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources"


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
def fetcher() -> Iterator[Fetcher]:
    """Yield a fetcher allowed on 127.0.0.1, with a short read timeout for the slow page."""
    with Fetcher(allow_private=True, connect_timeout=2, read_timeout=0.5) as f:
        yield f


def count(engine: Engine, table: Any) -> int:
    """Return the number of rows of `table`."""
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def poll(engine: Engine, url: str, fetcher: Fetcher) -> FeedReport:
    """Return the report of registering, claiming and polling the feed at `url` once."""
    repo.register_feeds(engine, [url])
    source = repo.claim_next(engine, "test", [url], lease=dt.timedelta(minutes=1))
    assert source is not None
    return poll_feed(engine, source, fetcher, Pacer(0), token="test")


def test_a_feed_is_ingested_end_to_end(engine: Engine, site: Any, fetcher: Fetcher) -> None:
    report = poll(engine, site.url("/feeds/tv.xml"), fetcher)
    assert (report.new, report.failed, report.error) == (3, 0, None)
    assert report.events >= 3
    assert repository.show_state(engine, "Night Court").status == "returning"
    assert repository.show_state(engine, "Warrior Nun").status == "canceled"
    # The Yellowjackets page gives no date: the feed's date is the decision's date.
    [event] = [e for e in repository.timeline(engine, "Yellowjackets") if not e.speculative]
    assert event.date == dt.date(2022, 12, 14)
    # Each document remembers where it was found, by canonical URL.
    doc_id = report.items[0].stored.document_id  # type: ignore[union-attr]
    assert repo.document_urls(engine, doc_id)[0][0].endswith("/news/warrior-nun-canceled")
    [source] = repo.list_sources(engine)
    assert (source.items_seen, source.error_count, source.title) == (
        3,
        0,
        "The Couch Report: TV Decisions",
    )
    assert source.etag and source.claimed_by is None


def test_a_second_round_fetches_nothing_new(engine: Engine, site: Any, fetcher: Fetcher) -> None:
    poll(engine, site.url("/feeds/tv.xml"), fetcher)
    pages = sum(n for path, n in site.hits.items() if path.startswith("/news/"))
    again = poll(engine, site.url("/feeds/tv.xml"), fetcher)
    assert again.not_modified and again.items == ()
    assert sum(n for path, n in site.hits.items() if path.startswith("/news/")) == pages


def test_a_new_item_is_the_only_page_fetched(engine: Engine, site: Any, fetcher: Fetcher) -> None:
    poll(engine, site.url("/feeds/tv.xml"), fetcher)
    site.tv_feed = "tv-later.xml"
    report = poll(engine, site.url("/feeds/tv.xml"), fetcher)
    assert [i.url for i in report.items] == [site.url("/news/abbott-elementary-renewed.html")]
    assert site.hits["/news/night-court-renewed.html"] == 1
    assert repository.show_state(engine, "Abbott Elementary").status == "returning"


def test_a_syndicated_story_is_one_document_with_three_sources(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    paths = [
        "/news/warrior-nun-canceled.html",
        "/partner-a/warrior-nun.html",
        "/partner-b/warrior-nun.html",
    ]
    outcomes = [ingest_url(engine, site.url(p), fetcher, Pacer(0)) for p in paths]
    assert all(isinstance(o, ItemOutcome) and o.stored for o in outcomes)
    ids = {o.stored.document_id for o in outcomes}  # type: ignore[union-attr]
    assert len(ids) == 1 and count(engine, DocumentRow) == 1
    urls = repo.document_urls(engine, ids.pop())
    assert [u.rsplit("/", 2)[-2] for u, _ in urls] == ["news", "partner-a", "partner-b"]
    assert [outlet for _, outlet in urls] == ["The Couch Report", "Streamside", "Binge Daily"]


def test_broken_items_are_recorded_and_the_run_completes(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    report = poll(engine, site.url("/feeds/troubled.xml"), fetcher)
    errors = {i.url.rsplit("/", 1)[-1]: i.error for i in report.items if i.error}
    assert set(errors) == {"gone.html", "slow.html", "loop-a", "big.html", "binary.html"}
    assert "HTTP 404" in errors["gone.html"]  # a page taken down
    assert "timed out" in errors["slow.html"]  # a server that never answers
    assert "redirect loop" in errors["loop-a"]  # A -> B -> A
    assert "too large" in errors["big.html"]  # 20 MB
    assert "no readable article text" in errors["binary.html"]  # a picture served as HTML
    # The good article after them all is stored.
    assert report.new == 1
    assert repository.show_state(engine, "Abbott Elementary").status == "returning"
    with Session(engine) as session:
        recorded = session.scalars(
            select(SourceItemRow.error).where(SourceItemRow.error.is_not(None))
        )
        assert len(list(recorded)) == 5
    [source] = repo.list_sources(engine)
    assert source.items_failed == 5 and source.error_count == 0


def test_a_malformed_feed_is_an_error_with_backoff(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    report = poll(engine, site.url("/feeds/malformed.xml"), fetcher)
    assert report.error is not None and "not an RSS or Atom feed" in report.error
    [source] = repo.list_sources(engine)
    assert source.error_count == 1 and source.last_error == report.error
    assert source.next_poll_at is not None
    assert source.next_poll_at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=9)


@pytest.mark.parametrize(
    ("errors", "minutes"),
    [
        (0, 10),  # no error: the watch interval
        (1, 10),  # the first error: try again at the next round
        (3, 40),  # then the wait doubles
        (20, 24 * 60),  # and stops at a day
    ],
)
def test_backoff_doubles_up_to_a_day(errors: int, minutes: int) -> None:
    assert backoff(dt.timedelta(minutes=10), errors) == dt.timedelta(minutes=minutes)


def test_a_private_address_is_refused_without_allow_private(engine: Engine, site: Any) -> None:
    with Fetcher() as guarded, pytest.raises(BlockedURLError, match="non-public address"):
        ingest_url(engine, site.url("/feeds/tv.xml"), guarded, Pacer(0))
    assert site.hits["/feeds/tv.xml"] == 0


def test_a_feed_url_given_to_ingest_reads_every_item(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    report = ingest_url(engine, site.url("/feeds/tv.xml"), fetcher, Pacer(0))
    assert isinstance(report, FeedReport) and report.new == 3
    again = ingest_url(engine, site.url("/feeds/tv.xml"), fetcher, Pacer(0))
    assert isinstance(again, FeedReport) and again.not_modified


def test_pacer_keeps_a_delay_per_host() -> None:
    pacer = Pacer(0.2)
    started = dt.datetime.now()
    pacer.wait("http://a.example/1")
    pacer.wait("http://b.example/1")  # another host: no wait
    assert dt.datetime.now() - started < dt.timedelta(seconds=0.15)
    pacer.wait("http://a.example/2")
    assert dt.datetime.now() - started >= dt.timedelta(seconds=0.2)


def test_an_archive_is_ingested_once_and_resumes_after_a_stop(engine: Engine) -> None:
    archive = FIXTURES / "archive.jsonl"
    calls = 0

    def stop_after_two() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    first = ingest_archive(engine, str(archive), stop=stop_after_two)
    assert first.read + first.errors == 2
    rest = ingest_archive(engine, str(archive))
    assert rest.resumed_at > 0 and rest.skipped == 1  # the committed record is re-read, skipped
    assert first.new + rest.new == count(engine, DocumentRow)
    documents, events = count(engine, DocumentRow), count(engine, EventRow)
    done = ingest_archive(engine, str(archive))
    assert done.already_done and done.read == 0
    assert (count(engine, DocumentRow), count(engine, EventRow)) == (documents, events)


SHOWS = [
    ("Night Court", "NBC"),
    ("Warrior Nun", "Netflix"),
    ("Yellowjackets", "Showtime"),
    ("Abbott Elementary", "ABC"),
    ("The Rookie", "ABC"),
    ("Ghosts", "CBS"),
    ("The Bear", "FX"),
    ("Minx", "Starz"),
]
TEMPLATES = [
    "{network} has renewed {show} for a season {n}, the network said in issue {i}.",
    "{network} has canceled {show} after {n} seasons, according to bulletin {i}.",
    "{show} will end with its {n}th and final season on {network}, per report {i}.",
]


def write_archive(path: Path, records: int) -> None:
    """Write a JSONL archive of short, distinct, made-up articles about real shows."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(records):
            show, network = SHOWS[i % len(SHOWS)]
            text = TEMPLATES[i % len(TEMPLATES)].format(
                show=show, network=network, n=2 + i % 5, i=i
            )
            row = {
                "url": f"https://wire.example/{i}",
                "title": f"Bulletin {i}",
                "text": text,
                "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "outlet": "Example Wire",
            }
            out.write(json.dumps(row) + "\n")


def ingest_process(db_url: str, archive: Path) -> subprocess.Popen[bytes]:
    """Return a running `cliffhanger ingest ARCHIVE` subprocess on `db_url`."""
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": db_url}
    cli = "import sys; from cliffhanger.cli import main; sys.argv[0] = 'cliffhanger'; main()"
    return subprocess.Popen(
        [sys.executable, "-c", cli, "ingest", str(archive)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_an_archive_killed_half_way_resumes_without_loss_or_duplicates(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "big.jsonl"
    write_archive(archive, 600)
    process = ingest_process(db_url, archive)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if count(engine, DocumentRow) >= 150:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGKILL
    killed_at = count(engine, DocumentRow)
    assert 150 <= killed_at < 600
    assert_statuses_current(engine, dirty_ok=True)  # what was committed, the board reads right
    with Session(engine) as session:
        progress = session.scalars(select(ArchiveProgressRow)).one()
        assert progress.documents == killed_at  # every committed document moved the position
        assert progress.finished_at is None
    # The re-run and a clean run go through the command, like the killed run.
    out, err = ingest_process(db_url, archive).communicate(timeout=300)
    said = " ".join(out.decode().split())  # Rich wraps long lines at 80 columns
    assert f"{600 - killed_at} documents read, {600 - killed_at} new" in said, err
    assert f"resumed after position {progress.position}" in said
    assert_statuses_current(engine)  # the resumed run computed what the killed one left dirty
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    ingest_process(clean_url, archive).communicate(timeout=300)
    clean = make_engine(clean_url)
    assert count(engine, DocumentRow) == count(clean, DocumentRow) == 600
    assert count(engine, EventRow) == count(clean, EventRow) > 0
    clean.dispose()
