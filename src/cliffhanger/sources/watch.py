"""Watching feeds: rounds of polite polls, state in the database, a clean stop on signals.

A round claims each due feed in turn (a lease in the database, so several
watchers share the work and never poll one feed at the same time), polls it
and releases it. Everything a restart needs (validators, schedule, items
read) is in the database, so a stopped watcher resumes where it left off.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import FrameType

from sqlalchemy import Engine

from cliffhanger.sources.fetch import Fetcher
from cliffhanger.sources.ingest_sources import (
    DEFAULT_EVERY,
    DEFAULT_LEASE,
    FeedReport,
    Pacer,
    poll_feed,
)
from cliffhanger.store import source_repository as repo
from cliffhanger.store.source_repository import StatusChange

log = logging.getLogger(__name__)


def worker_id() -> str:
    """Return a name for this watcher, unique across machines and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class RoundReport:
    """What one watch round did: a report per feed polled, and the shows whose status changed."""

    feeds: list[FeedReport] = field(default_factory=list)

    @property
    def changes(self) -> list[StatusChange]:
        """Return one change per show: its status before the round and after it."""
        merged: dict[str, StatusChange] = {}
        for report in self.feeds:
            for change in report.changes:
                first = merged.get(change.show)
                merged[change.show] = replace(change, before=first.before) if first else change
        return [c for c in merged.values() if c.before != c.after]


class Stopper:
    """A stop flag set by SIGINT/SIGTERM (or by hand); the watcher checks it between items."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def __call__(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        """Return once the stop is requested."""
        self._event.set()

    def sleep(self, seconds: float) -> bool:
        """Return True if a stop was requested while sleeping up to `seconds`."""
        return self._event.wait(max(seconds, 0))

    @contextmanager
    def on_signals(self) -> Iterator[Stopper]:
        """Yield self with SIGINT and SIGTERM setting the flag; a second SIGINT interrupts."""
        if threading.current_thread() is not threading.main_thread():
            yield self  # signal handlers can only be installed from the main thread
            return

        def handle(signum: int, _frame: FrameType | None) -> None:
            if self() and signum == signal.SIGINT:
                raise KeyboardInterrupt
            log.warning("stopping after the current item (signal %d)", signum)
            self.set()

        previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run_round(
    engine: Engine,
    urls: Sequence[str],
    fetcher: Fetcher,
    pacer: Pacer,
    *,
    token: str,
    every: dt.timedelta = DEFAULT_EVERY,
    stop: Callable[[], bool] = lambda: False,
) -> RoundReport:
    """Return the report of one round: every due feed of `urls` nobody else holds, polled once."""
    report = RoundReport()
    pending = list(dict.fromkeys(urls))
    # A feed polled a little early is fine: cron and sleep timings jitter.
    due_before = dt.datetime.now(dt.UTC) + every / 10
    while pending and not stop():
        source = repo.claim_next(engine, token, pending, lease=DEFAULT_LEASE, due_before=due_before)
        if source is None:
            break
        pending.remove(source.url)
        log.info("polling %s", source.url)
        report.feeds.append(
            poll_feed(engine, source, fetcher, pacer, token=token, every=every, stop=stop)
        )
    return report


def watch(
    engine: Engine,
    urls: Sequence[str],
    fetcher: Fetcher,
    pacer: Pacer,
    *,
    every: dt.timedelta = DEFAULT_EVERY,
    once: bool = False,
    stop: Stopper | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
) -> int:
    """Return the number of rounds run: one with `once`, else until `stop` is set.

    The feeds are registered first, so `cliffhanger sources` lists them even
    before their first poll.
    """
    stop = stop or Stopper()
    token = worker_id()
    repo.register_feeds(engine, urls)
    rounds = 0
    while True:
        started = dt.datetime.now(dt.UTC)
        report = run_round(engine, urls, fetcher, pacer, token=token, every=every, stop=stop)
        rounds += 1
        if on_round is not None:
            on_round(report)
        if once or stop():
            return rounds
        elapsed = dt.datetime.now(dt.UTC) - started
        if stop.sleep((every - elapsed).total_seconds()):
            return rounds
