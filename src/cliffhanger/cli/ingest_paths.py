"""The URL and archive paths of `ingest`, and how `ingest` and `watch` report feeds and changes.

Imported by those commands when they run, so the other commands never pay for
fetching, feeds and archives.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from cliffhanger.cli import console, err_console
from cliffhanger.cli.common import file_error
from cliffhanger.errors import CliffhangerError, StoreError
from cliffhanger.sources.archives import ArchiveItem
from cliffhanger.sources.extract_pool import default_workers
from cliffhanger.sources.fetch import Fetcher
from cliffhanger.sources.ingest_archive import OnItem, ingest_archive
from cliffhanger.sources.ingest_sources import FeedReport, ItemOutcome, Pacer
from cliffhanger.store.source_repository import StatusChange, Stored

log = logging.getLogger(__name__)


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
                report_error(e)
                totals.failed += 1
                continue
            if isinstance(outcome, FeedReport):
                print_feed(outcome)
                totals.failed += outcome.failed
                items = outcome.items
            else:
                items = (outcome,)
            for item in items:
                if item.stored is not None:
                    totals.add(item.stored)
            print_changes(_changes(items))


def ingest_archives(
    engine: Engine, paths: list[str], totals: Totals, *, workers: int | None, batch: int
) -> None:
    """Return once every archive is ingested (resuming after an earlier run's last commit).

    `workers` extraction processes (None: one per CPU); `batch` documents per commit.
    """
    processes = workers if workers is not None else default_workers()
    for path in paths:
        try:
            with _archive_progress(path) as on_item:
                report = ingest_archive(
                    engine, path, on_item=on_item, workers=processes, batch_size=batch
                )
        except StoreError:
            raise
        except CliffhangerError as e:
            report_error(e)
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


def print_feed(report: FeedReport) -> None:
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


def print_changes(changes: list[StatusChange]) -> None:
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


def report_error(error: CliffhangerError) -> None:
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
