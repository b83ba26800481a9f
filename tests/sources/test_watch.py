"""Watching feeds: rounds, changes, a clean stop on SIGTERM, and watchers sharing one database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from cliffhanger.model import ShowStatus
from cliffhanger.sources.fetch import Fetcher
from cliffhanger.sources.ingest_sources import Pacer
from cliffhanger.sources.watch import RoundReport, Stopper, run_round, watch
from cliffhanger.store import source_repository as repo
from cliffhanger.store.tables import DocumentRow

from .test_ingest_sources import count, load_newsroom

CLI = "import sys; from cliffhanger.cli import main; sys.argv[0] = 'cliffhanger'; main()"


@pytest.fixture
def site() -> Iterator[Any]:
    """Yield a running local news site."""
    with load_newsroom().Newsroom.start() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """Yield a fetcher allowed on 127.0.0.1."""
    with Fetcher(allow_private=True, connect_timeout=2, read_timeout=2) as f:
        yield f


def cliffhanger(db_url: str, *args: str) -> subprocess.Popen[str]:
    """Return a running `cliffhanger ARGS` subprocess on the test database."""
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": db_url}
    return subprocess.Popen(
        [sys.executable, "-c", CLI, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_round_polls_every_feed_and_reports_changes(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    feeds = [site.url("/feeds/malformed.xml"), site.url("/feeds/tv.xml")]
    repo.register_feeds(engine, feeds)
    report = run_round(engine, feeds, fetcher, Pacer(0), token="w1")
    by_url = {f.url: f for f in report.feeds}
    assert by_url[feeds[0]].error is not None  # the broken feed is recorded...
    assert by_url[feeds[1]].new == 3  # ...and the round goes on
    changes = {c.show: (c.before, c.after) for c in report.changes}
    assert changes["Night Court"] == (None, ShowStatus.RETURNING)
    assert changes["Warrior Nun"] == (None, ShowStatus.CANCELED)
    # Nothing is due any more: the next round polls nothing.
    assert run_round(engine, feeds, fetcher, Pacer(0), token="w1").feeds == []


def test_a_change_of_a_known_show_reports_its_old_status(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    from cliffhanger.documents.load import document_from_text
    from cliffhanger.extraction import extract

    earlier = document_from_text(
        "seed.txt", "Showtime has renewed Yellowjackets for a second season."
    )
    repo.store_document(engine, extract(earlier))
    feed = site.url("/feeds/tv.xml")
    repo.register_feeds(engine, [feed])
    report = run_round(engine, [feed], fetcher, Pacer(0), token="w1")
    changes = {c.show: (c.before, c.after) for c in report.changes}
    # Renewed for a third season while returning for a second: no change of status.
    assert "Yellowjackets" not in changes
    assert changes["Night Court"] == (None, ShowStatus.RETURNING)


def test_watch_runs_rounds_until_stopped_and_a_restart_resumes(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    stopper = Stopper()
    rounds: list[RoundReport] = []

    def on_round(report: RoundReport) -> None:
        rounds.append(report)
        if len(rounds) == 1:
            site.tv_feed = "tv-later.xml"  # a new item is published between rounds
        else:
            stopper.set()

    feed = site.url("/feeds/tv.xml")
    every = dt.timedelta(seconds=0.3)
    done = watch(engine, [feed], fetcher, Pacer(0), every=every, stop=stopper, on_round=on_round)
    assert done == 2
    assert [f.new for r in rounds for f in r.feeds] == [3, 1]
    # A restarted watcher finds its state in the database: an unchanged feed costs one 304.
    time.sleep(0.3)
    watch(engine, [feed], fetcher, Pacer(0), every=every, once=True, on_round=rounds.append)
    assert rounds[-1].feeds[0].not_modified
    assert count(engine, DocumentRow) == 4


def test_a_stop_mid_feed_keeps_the_unread_items_for_later(
    engine: Engine, site: Any, fetcher: Fetcher
) -> None:
    feed = site.url("/feeds/tv.xml")
    repo.register_feeds(engine, [feed])
    asked = Counter[str]()

    def stop_after_one_item() -> bool:
        asked["stop"] += 1
        return asked["stop"] > 2  # the round's check, then the first item's

    first = run_round(engine, [feed], fetcher, Pacer(0), token="w1", stop=stop_after_one_item)
    assert first.feeds[0].stopped and len(first.feeds[0].items) == 1
    [source] = repo.list_sources(engine)
    assert source.etag is None and source.claimed_by is None  # validators kept back, lease freed
    # An interrupted feed is due again at once.
    later = run_round(engine, [feed], fetcher, Pacer(0), token="w2")
    assert len(later.feeds[0].items) == 2  # the two unread items, nothing read twice
    assert count(engine, DocumentRow) == 3


def test_sigterm_finishes_cleanly_with_exit_0(engine: Engine, db_url: str, site: Any) -> None:
    feed = site.url("/feeds/tv.xml")
    process = cliffhanger(db_url, "watch", feed, "--every", "1h", "--allow-private", "--delay", "0")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sources = repo.list_sources(engine)
            if sources and sources[0].last_polled_at is not None:
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Night Court" in out
    [source] = repo.list_sources(engine)
    assert source.items_seen == 3 and source.claimed_by is None


def test_two_watchers_never_poll_one_feed_twice(engine: Engine, db_url: str, site: Any) -> None:
    if "postgresql" not in db_url:
        pytest.skip("several watchers share feeds on PostgreSQL; SQLite is one writer")
    feeds = [site.url(f"/feeds/tv.xml?n={n}&pause=0.3") for n in range(8)]
    args = ("watch", "--once", "--allow-private", "--delay", "0", *feeds)
    watchers = [cliffhanger(db_url, *args), cliffhanger(db_url, *args)]
    results = [w.communicate(timeout=120) for w in watchers]
    for watcher, (_, err) in zip(watchers, results, strict=True):
        assert watcher.returncode == 0, err
    assert all("/feeds/tv.xml" in out for out, _ in results)  # both shared the work
    polls = Counter(r for r in site.requests if r.startswith("/feeds/"))
    assert sorted(polls.values()) == [1] * 8  # every feed polled, none twice
    assert all(s.items_seen == 3 and s.error_count == 0 for s in repo.list_sources(engine))
    assert count(engine, DocumentRow) == 3
