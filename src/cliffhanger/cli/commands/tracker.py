"""Tracker commands: `ingest` news into the store, then `status`, `timeline`, `board`, `search`."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlalchemy import Engine

from cliffhanger.cli import _state, app, console, err_console, fail
from cliffhanger.config import Settings
from cliffhanger.errors import CliffhangerError, NotFoundError, StoreError
from cliffhanger.model import TimelineEntry
from cliffhanger.serve import queries
from cliffhanger.store import repository
from cliffhanger.store.engine import open_store

log = logging.getLogger(__name__)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@contextmanager
def _reporting() -> Iterator[None]:
    # CliRunner calls `app` directly, so library errors become `Error: …` lines here too.
    try:
        yield
    except CliffhangerError as e:
        if _state["debug"]:
            raise
        raise fail(e) from e


@contextmanager
def _store() -> Iterator[Engine]:
    engine = open_store(Settings.from_env().database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _file_error(message: str) -> None:
    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Text or HTML files, folders of them, or - for stdin.")
    ],
) -> None:
    """Read news, extract the decisions in it and store them (a known article is skipped)."""
    # Imported here: extraction loads its lexicon, which the read-only commands never need.
    from cliffhanger.documents.load import iter_sources, read_document
    from cliffhanger.extraction import extract

    failed = read = new = added = 0
    sources: list[str] = []
    for path in paths:
        try:
            sources.extend(iter_sources([path]))
        except CliffhangerError as e:
            _file_error(e.message)
            failed += 1
    with _reporting(), _store() as engine, _progress() as progress:
        task = progress.add_task("Ingesting", total=len(sources))
        for source in sources:
            progress.update(task, description=escape(source[-40:]))
            try:
                document = read_document(source)
                result = repository.ingest(engine, extract(document))
            except StoreError:
                raise  # the database, not the file: no point going on
            except CliffhangerError as e:
                _file_error(e.message)
                failed += 1
            else:
                read += 1
                new += result.created
                added += result.events_added
            progress.advance(task)
    console.print(f"{read} documents read, {new} new, {added} events added", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def status(
    title: Annotated[str, typer.Argument(help="The show's title (any case or punctuation).")],
    as_json: JsonFlag = False,
) -> None:
    """Show a show's current status, its network and the sentence that decided it."""
    with _reporting(), _store() as engine:
        state = queries.show_status(engine, title)
    if as_json:
        _echo_json(queries.state_json(state))
        return
    console.print(f"[bold]{escape(state.show)}[/]: [bold]{state.status.value}[/]", highlight=False)
    rows = [
        ("network", state.network or "unknown"),
        ("seasons", str(state.seasons) if state.seasons is not None else "unknown"),
        ("why", state.reason),
    ]
    if state.deciding is not None:
        rows.append(("evidence", f"“{state.deciding.evidence}”"))
        rows.append(("source", _source(state.deciding)))
    for label, value in rows:
        console.print(f"  {label:<9} {escape(value)}", highlight=False)


@app.command()
def timeline(
    title: Annotated[str, typer.Argument(help="The show's title.")],
    as_json: JsonFlag = False,
) -> None:
    """List every event recorded for a show, oldest first, with its evidence."""
    with _reporting(), _store() as engine:
        entries = queries.show_timeline(engine, title)
    if as_json:
        _echo_json([queries.entry_json(e) for e in entries])
        return
    if not entries:
        console.print(f"No events recorded for {escape(title)}.", highlight=False)
        return
    table = Table(title=escape(entries[0].show), show_lines=False)
    for column in ("date", "event", "season", "network", "evidence"):
        table.add_column(column, overflow="fold")
    for e in entries:
        event = e.status.value + (" (rumour)" if e.speculative else "")
        event += " (correction)" if e.is_correction else ""
        table.add_row(
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
    with _reporting(), _store() as engine:
        boards = queries.board(engine, network)
        if network is not None and not boards:
            raise NotFoundError(
                f"no shows on network {network!r}",
                hint="networks are named as the news names them; see `cliffhanger board`",
            )
    if as_json:
        _echo_json(queries.board_json(boards))
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
    """Find shows by title and show each one's status."""
    with _reporting(), _store() as engine:
        states = queries.search(engine, text)
    if as_json:
        _echo_json([queries.state_json(s) for s in states])
        return
    if not states:
        console.print(f"No show matches {escape(repr(text))}.", highlight=False)
        return
    table = Table()
    for column in ("show", "status", "network", "why"):
        table.add_column(column, overflow="fold")
    for s in states:
        table.add_row(escape(s.show), s.status.value, escape(s.network or ""), escape(s.reason))
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


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
