"""Source commands: `watch` feeds and list `sources` (`ingest`'s paths: `cli/ingest_paths.py`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.cli import app, console
from cliffhanger.cli.common import database, echo_json, reporting
from cliffhanger.errors import BlockedURLError, FetchError, InputError
from cliffhanger.sources import DEFAULT_DELAY

if TYPE_CHECKING:
    from cliffhanger.store.source_repository import Source

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


def parse_every(text: str) -> dt.timedelta:
    """Return the interval written as "90", "30s", "10m", "2h" or "1d"; InputError otherwise."""
    found = _DURATION.match(text)
    if not found or float(found.group(1)) <= 0:
        raise InputError(
            f"--every {text!r}: not a duration", hint='write it as "30s", "10m", "2h" or "1d"'
        )
    return dt.timedelta(seconds=float(found.group(1)) * _UNITS[found.group(2).lower()])


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
    from cliffhanger.cli.ingest_paths import named_hosts, print_changes, print_feed
    from cliffhanger.sources.fetch import Fetcher, check_url
    from cliffhanger.sources.ingest_sources import Pacer
    from cliffhanger.sources.watch import RoundReport, Stopper
    from cliffhanger.sources.watch import watch as watch_feeds

    def print_round(report: RoundReport) -> None:
        for feed in report.feeds:
            print_feed(feed)
        print_changes(report.changes)
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
    from cliffhanger.store import source_repository as repo

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


def _when(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else None


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
