"""Source commands: `watch` feeds and list `sources`; the URL and archive paths of `ingest`."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from cliffhanger.cli import app, console, err_console
from cliffhanger.cli.common import database, echo_json, file_error, reporting
from cliffhanger.errors import (
    BlockedURLError,
    CliffhangerError,
    FetchError,
    InputError,
    StoreError,
)
from cliffhanger.sources.archives import ArchiveItem
from cliffhanger.sources.fetch import Fetcher, check_url
from cliffhanger.sources.ingest_archive import OnItem, ingest_archive
from cliffhanger.sources.ingest_sources import DEFAULT_DELAY, FeedReport, ItemOutcome, Pacer
from cliffhanger.store import source_repository as repo
from cliffhanger.store.source_repository import Source, StatusChange, Stored

log = logging.getLogger(__name__)
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow private and loopback addresses for the hosts named here (not for the "
        "links they contain); link-local and metadata addresses stay refused.",
    ),
]
Delay = Annotated[
    float,
    typer.Option("--delay", min=0, help="Seconds between two requests to the same host."),
]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class Totals:
    """Documents read, new documents, events added and failures over one `ingest` run."""

    read: int = 0
    new: int = 0
    added: int = 0
    failed: int = 0

    def add(self, stored: Stored) -> None:
        """Return once `stored` is counted."""
        self.read += 1
        self.new += stored.created
        self.added += stored.events_added


def is_url(argument: str) -> bool:
    """Return True if an `ingest` argument is a web address rather than a path.

    Any "scheme://" counts, so that the fetcher refuses ftp:// or file:// with
    a clear reason instead of looking for a file of that name.
    """
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", argument))


def named_hosts(urls: list[str]) -> frozenset[str]:
    """Return the hosts of the URLs a user named: what `--allow-private` trusts, not their links."""
    hosts = set()
    for url in urls:
        try:
            hosts.add((urlsplit(url).hostname or "").lower())
        except ValueError:
            continue  # the fetcher says what is wrong with it
    return frozenset(hosts - {""})


def parse_every(text: str) -> dt.timedelta:
    """Return the interval written as "90", "30s", "10m", "2h" or "1d"; InputError otherwise."""
    found = _DURATION.match(text)
    if not found or float(found.group(1)) <= 0:
        raise InputError(
            f"--every {text!r}: not a duration", hint='write it as "30s", "10m", "2h" or "1d"'
        )
    return dt.timedelta(seconds=float(found.group(1)) * _UNITS[found.group(2).lower()])


def ingest_urls(
    engine: Engine, urls: list[str], totals: Totals, *, allow_private: bool, delay: float
) -> None:
    """Return once every page or feed URL is ingested; a URL that fails is reported and counted."""
    from cliffhanger.sources.ingest_sources import ingest_url

    pacer = Pacer(delay)
    with Fetcher(allow_private=named_hosts(urls) if allow_private else False) as fetcher:
        for url in urls:
            try:
                outcome = ingest_url(engine, url, fetcher, pacer)
            except StoreError:
                raise
            except CliffhangerError as e:
                _report_error(e)
                totals.failed += 1
                continue
            if isinstance(outcome, FeedReport):
                _print_feed(outcome)
                totals.failed += outcome.failed
                items = outcome.items
            else:
                items = (outcome,)
            for item in items:
                if item.stored is not None:
                    totals.add(item.stored)
            _print_changes(_changes(items))


def ingest_archives(engine: Engine, paths: list[str], totals: Totals) -> None:
    """Return once every archive is ingested (resuming after an earlier run's last commit)."""
    for path in paths:
        try:
            with _archive_progress(path) as on_item:
                report = ingest_archive(engine, path, on_item=on_item)
        except StoreError:
            raise
        except CliffhangerError as e:
            _report_error(e)
            totals.failed += 1
            continue
        if report.already_done:
            console.print(f"{escape(path)}: already ingested, nothing to do", highlight=False)
            continue
        resumed = f", resumed after position {report.resumed_at}" if report.resumed_at else ""
        console.print(
            f"{escape(path)}: {report.read} documents, {report.new} new, "
            f"{report.errors} unreadable records{resumed}",
            highlight=False,
        )
        totals.read += report.read
        totals.new += report.new
        totals.added += report.events
        totals.failed += report.errors


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs to poll.")],
    every: Annotated[
        str, typer.Option("--every", help='Time between rounds: "30s", "10m", "2h".')
    ] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit (cron).")] = False,
    allow_private: AllowPrivate = False,
    delay: Delay = DEFAULT_DELAY,
) -> None:
    """Poll feeds politely, ingest what is new and report the shows whose status changed.

    Runs until SIGINT or SIGTERM (the current item is finished and committed
    first); `--once` runs a single round. State is kept in the database, so
    several watchers can share feeds and a restart resumes where it stopped.
    """
    from cliffhanger.sources.watch import RoundReport, Stopper
    from cliffhanger.sources.watch import watch as watch_feeds

    def print_round(report: RoundReport) -> None:
        for feed in report.feeds:
            _print_feed(feed)
        _print_changes(report.changes)
        if not report.feeds:
            console.print("No feed was due.", highlight=False)

    trusted = named_hosts(feeds) if allow_private else False
    with reporting():
        interval = parse_every(every)
        for url in feeds:
            try:
                check_url(url, trusted)
            except BlockedURLError:
                raise
            except FetchError as e:
                # Unreachable right now (DNS, network): each poll records it and backs off.
                log.warning("%s", e.message)
        with database() as engine, Fetcher(allow_private=trusted) as fetcher:
            stopper = Stopper()
            with stopper.on_signals():
                watch_feeds(
                    engine,
                    feeds,
                    fetcher,
                    Pacer(delay),
                    every=interval,
                    once=once,
                    stop=stopper,
                    on_round=print_round,
                )


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the feeds watched: last polled, next poll, items seen and errors."""
    with reporting(), database() as engine:
        found = repo.list_sources(engine)
    if as_json:
        echo_json([_source_json(s) for s in found])
        return
    if not found:
        console.print("No feeds yet. Add one with `cliffhanger watch FEED_URL`.", highlight=False)
        return
    table = Table()
    for column in ("feed", "last polled", "next poll", "items", "failed items", "errors"):
        table.add_column(column, overflow="fold")
    for s in found:
        errors = f"{s.error_count}: {s.last_error}" if s.error_count else "0"
        table.add_row(
            escape(s.title or s.url) + ("" if not s.title else f"\n{escape(s.url)}"),
            _when(s.last_polled_at) or "never",
            _when(s.next_poll_at) or "now",
            str(s.items_seen),
            str(s.items_failed),
            escape(errors),
        )
    console.print(table)


def _source_json(source: Source) -> dict[str, object]:
    return {
        "url": source.url,
        "title": source.title,
        "last_polled_at": _iso(source.last_polled_at),
        "next_poll_at": _iso(source.next_poll_at),
        "items_seen": source.items_seen,
        "items_failed": source.items_failed,
        "error_count": source.error_count,
        "last_error": source.last_error,
    }


def _print_feed(report: FeedReport) -> None:
    if report.error is not None:
        file_error(report.error)
    elif report.not_modified:
        console.print(f"{escape(report.url)}: not modified", highlight=False)
    else:
        stopped = " (stopped early)" if report.stopped else ""
        console.print(
            f"{escape(report.url)}: {len(report.items)} new items, {report.new} new documents, "
            f"{report.events} events, {report.failed} failed{stopped}",
            highlight=False,
        )
        for item in report.items:
            if item.error is not None:
                file_error(item.error)


def _print_changes(changes: list[StatusChange]) -> None:
    for c in changes:
        before = c.before.value if c.before is not None else "new"
        network = f" ({escape(c.network)})" if c.network else ""
        console.print(
            f"[bold]{escape(c.show)}[/]{network}: {before} → [bold]{c.after.value}[/]",
            highlight=False,
        )


def _changes(items: tuple[ItemOutcome, ...]) -> list[StatusChange]:
    from cliffhanger.sources.watch import RoundReport

    feed = FeedReport(url="", items=items)
    return RoundReport(feeds=[feed]).changes


def _report_error(error: CliffhangerError) -> None:
    file_error(error.message)
    if error.hint:
        err_console.print(f"[bold]Hint:[/] {escape(error.hint)}", highlight=False)


@contextmanager
def _archive_progress(path: str) -> Iterator[OnItem]:
    """Yield the per-record callback that moves a Rich progress bar for the archive."""
    total = _count_lines(path) if path.lower().endswith((".jsonl", ".ndjson")) else None
    progress = Progress(
        TextColumn(escape(Path(path).name[-40:])),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("archive", total=total)

        def on_item(item: ArchiveItem, _stored: Stored | None) -> None:
            if total is not None and item.position > 0:
                progress.update(task, completed=item.position)
            else:
                progress.advance(task)

        yield on_item


def _count_lines(path: str) -> int | None:
    try:
        with open(path, "rb") as file:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
    except OSError:
        return None  # ingest_archive reports the problem


def _when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else None


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
