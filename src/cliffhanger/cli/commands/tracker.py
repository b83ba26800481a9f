"""Tracker commands: `ingest` news into the store, then `status`, `timeline`, `board`, `search`.

`status` and `timeline` take a show id or a title; every listing prints ids.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.cli import app, console
from cliffhanger.cli.common import (
    JsonFlag,
    database,
    echo_json,
    file_error,
    progress,
    reporting,
)
from cliffhanger.config import Settings
from cliffhanger.errors import CliffhangerError, NotFoundError, StoreError
from cliffhanger.model import ShowState, TimelineEntry

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cliffhanger.cli.ingest_paths import Totals

log = logging.getLogger(__name__)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Text or HTML files, folders of them, - for stdin; page or RSS/Atom feed URLs; "
            "JSONL or WARC archives (.jsonl, .jsonl.gz, .warc, .warc.gz)."
        ),
    ],
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow private and loopback addresses for the hosts named here (not for the "
            "links they contain); link-local and metadata addresses stay refused.",
        ),
    ] = False,
    delay: Annotated[
        float,
        typer.Option("--delay", min=0, help="Seconds between two requests to the same host."),
    ] = 1.0,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Processes extracting an archive (default: one per CPU).",
        ),
    ] = None,
    batch: Annotated[
        int,
        typer.Option(
            "--batch", min=1, max=100_000, help="Archive documents stored per transaction."
        ),
    ] = 200,
) -> None:
    """Read news, extract the decisions in it and store them (a known article is skipped).

    A URL is fetched: a page is read as one article, a feed item by item (each
    linked page once). An archive is streamed, extracted in a process pool and
    committed every --batch documents with its position; an interrupted run
    resumes where it stopped.
    """
    from cliffhanger.cli.ingest_paths import (
        Totals,
        ingest_archives,
        ingest_urls,
        is_url,
    )
    from cliffhanger.sources.ingest_archive import is_archive

    urls = [p for p in paths if is_url(p)]
    archives = [p for p in paths if not is_url(p) and is_archive(p)]
    files = [p for p in paths if not is_url(p) and not is_archive(p)]
    totals = Totals()
    with reporting(), database() as engine:
        if files:
            _ingest_files(engine, files, totals)
        if archives:
            ingest_archives(engine, archives, totals, workers=workers, batch=batch)
        if urls:
            ingest_urls(engine, urls, totals, allow_private=allow_private, delay=delay)
    console.print(
        f"{_count(totals.read, 'document')} read, {totals.new} new, "
        f"{_count(totals.added, 'event')} added",
        highlight=False,
    )
    if totals.failed:
        raise typer.Exit(1)


def _ingest_files(engine: Engine, paths: list[str], totals: Totals) -> None:
    # Imported here: extraction loads its lexicon, which the read-only commands never need.
    from cliffhanger.documents.load import iter_sources, read_document
    from cliffhanger.extraction import extract
    from cliffhanger.store import repository

    sources: list[str] = []
    for path in paths:
        try:
            sources.extend(iter_sources([path]))
        except CliffhangerError as e:
            file_error(e.message)
            totals.failed += 1
    with progress() as bar:
        task = bar.add_task("Ingesting", total=len(sources))
        for source in sources:
            bar.update(task, description=escape(source[-40:]))
            try:
                document = read_document(source)
                result = repository.ingest(engine, extract(document))
            except StoreError:
                raise  # the database, not the file: no point going on
            except CliffhangerError as e:
                file_error(e.message)
                totals.failed += 1
            else:
                totals.read += 1
                totals.new += result.created
                totals.added += result.events_added
            bar.advance(task)


@app.command()
def status(
    show: Annotated[
        str, typer.Argument(help="The show's id (42 or #42) or title (any case or punctuation).")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Show a show's current status, as of when and per whom, and the sentence that decided it."""
    from cliffhanger.serve.shapes import show_json

    found = _quick_status(show)
    if found is None:
        from cliffhanger.serve import queries

        with reporting(), database() as engine:
            ref = queries.find_show(engine, show)
        found = (ref.id, ref.state)
    show_id, state = found
    if as_json:
        echo_json(show_json(show_id, state))
        return
    console.print(
        f"[bold]{escape(state.show)}[/] (show {show_id}): [bold]{escape(state.label)}[/]",
        highlight=False,
    )
    rows = [
        ("network", state.network or "unknown"),
        ("seasons", str(state.seasons) if state.seasons is not None else "unknown"),
        ("why", state.reason),
    ]
    if state.as_of is not None:
        rows.append(
            ("as of", state.as_of.isoformat() + (f", per {state.outlet}" if state.outlet else ""))
        )
    if state.deciding is not None:
        rows.append(("event", str(state.deciding.id)))
        rows.append(("evidence", f"“{state.deciding.evidence}”"))
        rows.append(("source", _source(state.deciding)))
    if state.waiting:
        rows.append(("waiting", f"{_count(state.waiting, 'newer report')} in the review queue"))
    for label, value in rows:
        console.print(f"  {label:<9} {escape(value)}", highlight=False)


def _quick_status(show: str) -> tuple[int, ShowState] | None:
    """Return (id, state) of `show` read from a SQLite store that is ready as it is, else None.

    Through `sqlite3`, not SQLAlchemy (`store.sqlite_read`): start-up is most
    of what a status costs. None (another backend, a store to migrate or
    compute, a show not found, any SQLite error) leaves it to the full path,
    which computes the same state (`store.status_read`) and reports errors.
    """
    import sqlite3

    from cliffhanger.store import sqlite_read, status_read

    connection = sqlite_read.open_current(Settings.from_env().database_url)
    if connection is None:
        return None
    try:
        return status_read.read_state(sqlite_read.runner(connection), show)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


@app.command()
def timeline(
    show: Annotated[str, typer.Argument(help="The show's id (42 or #42) or title.")],
    as_json: JsonFlag = False,
) -> None:
    """List every event recorded for a show, oldest first, with ids and evidence."""
    from cliffhanger.serve import queries
    from cliffhanger.status.current import decides

    with reporting(), database() as engine:
        ref = queries.find_show(engine, show)
    entries = list(ref.state.timeline)
    if as_json:
        echo_json([{"show_id": ref.id, **queries.entry_json(e)} for e in entries])
        return
    if not entries:
        console.print(
            f"No events recorded for {escape(ref.state.show)} (show {ref.id}).", highlight=False
        )
        return
    table = Table(title=f"{escape(ref.state.show)} (show {ref.id})", show_lines=False)
    for column in ("event", "date", "status", "season", "network", "evidence"):
        table.add_column(column, overflow="fold")
    for e in entries:
        event = e.status.value + (" (rumour)" if e.speculative else "")
        event += " (correction)" if e.is_correction else ""
        event += " (in review)" if not decides(e) and not e.speculative else ""
        table.add_row(
            str(e.id),
            e.date.isoformat() if e.date else "",
            event,
            str(e.season or ""),
            escape(e.network or ""),
            escape(e.evidence),
        )
    console.print(table)


@app.command()
def board(
    network: Annotated[
        str | None, typer.Option("--network", "-n", help="Only this network.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the scorecard: every show's status, grouped by network and status."""
    from cliffhanger.serve import queries

    with reporting(), database() as engine:
        boards = queries.board(engine, network)
        if network is not None and not boards:
            raise NotFoundError(
                f"no shows on network {network!r}",
                hint="networks are named as the news names them; see `cliffhanger board`",
            )
    if as_json:
        echo_json(queries.board_json(boards))
        return
    if not boards:
        console.print("No shows yet. Add news with `cliffhanger ingest PATH`.", highlight=False)
        return
    for b in boards:
        table = Table(title=f"{escape(b.network)} ({b.count})", title_justify="left")
        for column in ("status", "show", "seasons", "why"):
            table.add_column(column, overflow="fold")
        for status_, shows in b.groups:
            for i, state in enumerate(shows):
                table.add_row(
                    status_.value if i == 0 else "",
                    escape(state.show),
                    str(state.seasons or ""),
                    escape(state.reason),
                )
            table.add_section()
        console.print(table)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Part of a title; close spellings also match.")],
    as_json: JsonFlag = False,
) -> None:
    """Find shows by title and show each one's id and status."""
    from cliffhanger.serve import queries

    with reporting(), database() as engine:
        refs = queries.search_refs(engine, text)
    if as_json:
        echo_json([queries.ref_json(r) for r in refs])
        return
    if not refs:
        console.print(f"No show matches {escape(repr(text))}.", highlight=False)
        return
    table = Table()
    for column in ("id", "show", "status", "as of", "network", "why"):
        table.add_column(column, overflow="fold")
    for r in refs:
        s = r.state
        table.add_row(
            str(r.id),
            escape(s.show),
            escape(s.label),
            s.as_of.isoformat() if s.as_of else "",
            escape(s.network or ""),
            escape(s.reason),
        )
    console.print(table)


def _source(entry: TimelineEntry) -> str:
    parts = [entry.source or "unknown source"]
    if entry.outlet:
        parts.append(f"({entry.outlet})")
    if entry.attribution:
        parts.append(f"per {entry.attribution}")
    if entry.date:
        parts.append(entry.date.isoformat())
    return " ".join(parts)


def _count(n: int, noun: str) -> str:
    """Return "1 document" / "2 documents"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
