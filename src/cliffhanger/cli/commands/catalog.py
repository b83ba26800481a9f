"""Catalog commands: `catalog import/networks/show`, `alias add`, `export`, `scorecard import`.

The review queue and the editors' `correct` and `merge` are in `review.py`.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.bounds import MAX_ID
from cliffhanger.cli import app, console, err_console
from cliffhanger.cli.common import JsonFlag, database, echo_json, progress, reporting
from cliffhanger.errors import InputError
from cliffhanger.model import ShowState

if TYPE_CHECKING:
    from cliffhanger.resolution.catalog import CatalogShow
    from cliffhanger.store.linking import CatalogEntry

catalog_app = typer.Typer(
    help="Load show catalogs and look shows up in them.", no_args_is_help=True
)
alias_app = typer.Typer(help="Other titles a show is known by.", no_args_is_help=True)
scorecard_app = typer.Typer(help="Historical renewal scorecards.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(alias_app, name="alias")
app.add_typer(scorecard_app, name="scorecard")


class CatalogFormat(StrEnum):
    """The catalog file formats `catalog import` reads."""

    TVMAZE = "tvmaze"
    NETFLIX = "netflix"
    WIKIDATA = "wikidata"
    TMDB = "tmdb"
    OMDB = "omdb"
    CSV = "csv"


class ExportFormat(StrEnum):
    """The formats `export` writes."""

    CSV = "csv"
    JSON = "json"


def _read_catalog(format_: CatalogFormat, path: Path) -> list[CatalogShow]:
    """Return the shows of a catalog file in `format_` (InputError if it cannot be read)."""
    from cliffhanger.resolution import catalog as readers
    from cliffhanger.resolution import id_catalogs

    read = {
        CatalogFormat.TVMAZE: readers.read_tvmaze_csv,
        CatalogFormat.NETFLIX: readers.read_netflix_csv,
        CatalogFormat.WIKIDATA: readers.read_wikidata_json,
        CatalogFormat.TMDB: id_catalogs.read_tmdb_details,
        CatalogFormat.OMDB: id_catalogs.read_omdb_csv,
        CatalogFormat.CSV: readers.read_csv,
    }[format_]
    return list(read(path))


EXPORT_COLUMNS = ("network", "show", "status", "seasons", "reason", "date", "event", "source")


@catalog_app.command("import")
def catalog_import(
    path: Annotated[Path, typer.Argument(help="The catalog file.")],
    format_: Annotated[
        CatalogFormat, typer.Option("--format", "-f", help="What kind of catalog the file is.")
    ],
) -> None:
    """Load a show catalog; shows already stored are updated, not duplicated.

    Then every event no editor placed is linked again against the whole catalog,
    so news stored before this catalog lands where news stored after it would.
    """
    from cliffhanger.store import catalog_repository

    with reporting():
        if not path.is_file():
            raise InputError(f"no catalog file at {path}", hint="check the path")
        shows = _read_catalog(format_, path)
        with database() as engine, progress() as bar:
            task = bar.add_task(f"Importing {format_.value}", total=len(shows))
            result = catalog_repository.import_catalog(
                engine, shows, format_.value, progress=lambda n: bar.advance(task, n)
            )
    console.print(
        f"{result.read} shows read: {result.created} new, {result.updated} updated, "
        f"{result.cast_added} cast entries added"
        + (
            f"; {_count(result.relinked, 'event')} moved to a better-matching show"
            if result.relinked
            else ""
        ),
        highlight=False,
    )


@catalog_app.command("networks")
def catalog_networks(
    path: Annotated[
        Path | None,
        typer.Argument(help="A TMDB network dump (.json or .json.gz); the curated table always."),
    ] = None,
) -> None:
    """Seed the network table: one row per real network, with aliases folded in."""
    from cliffhanger.resolution.networks import CURATED, load_tmdb_networks
    from cliffhanger.store import catalog_repository

    with reporting():
        names = [n.name for n in CURATED] + [a for n in CURATED for a in n.aliases]
        if path is not None:
            if not path.is_file():
                raise InputError(f"no network file at {path}", hint="check the path")
            names += list(load_tmdb_networks(path))
        with database() as engine:
            read, added = catalog_repository.seed_networks(engine, names)
    console.print(f"{read} network names read, {added} networks added", highlight=False)


@catalog_app.command("show")
def catalog_show(
    title: Annotated[str, typer.Argument(help="A title; every show it may name is listed.")],
    as_json: JsonFlag = False,
) -> None:
    """List the shows a title may name, with network, years, ids and status (and why)."""
    from cliffhanger.store.linking import catalog_candidates

    with reporting(), database() as engine:
        entries = catalog_candidates(engine, title)
    if as_json:
        echo_json([_entry_json(e) for e in entries])
        return
    table = Table(title=f"Shows called {escape(title)!r}", title_justify="left")
    for column in ("id", "show", "network", "years", "ids", "status", "why"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(
            str(e.show_id),
            escape(e.title),
            escape(e.network or ""),
            _years(e),
            escape(" ".join(f"{k}:{v}" for k, v in e.external_ids.items())),
            e.state.status.value,
            escape(e.state.reason),
        )
    console.print(table)


@alias_app.command("add")
def alias_add(
    show_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="The show's id.")],
    alias: Annotated[str, typer.Argument(help="Another title it is known by.")],
) -> None:
    """Make another title find a show (and link news that uses it)."""
    from cliffhanger.store import editing

    with reporting(), database() as engine:
        title = editing.add_alias_to(engine, show_id, alias)
    console.print(f"{escape(alias)!r} now finds {escape(title)} (#{show_id}).", highlight=False)


@app.command("export")
def export_command(
    format_: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")],
    network: Annotated[
        str | None, typer.Option("--network", "-n", help="Only this network.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Write the scorecard (every show's status, by network) as CSV or JSON."""
    from cliffhanger.serve import queries

    with reporting(), database() as engine:
        boards = queries.board(engine, network)
    rows = [_export_row(s) for b in boards for _, shows in b.groups for s in shows]
    if format_ is ExportFormat.JSON:
        text = json.dumps(queries.board_json(boards), indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if output is None:
        typer.echo(text, nl=False)
        return
    with reporting():
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise InputError(f"cannot write {output}: {e.strerror}", hint="check the path") from e
    err_console.print(f"{len(rows)} shows written to {escape(str(output))}.", highlight=False)


@scorecard_app.command("import")
def scorecard_import(
    path: Annotated[Path, typer.Argument(help="The Metacritic renewal scorecard CSV.")],
) -> None:
    """Load the Metacritic renewal scorecard (2013-2020) as a historical source of events."""
    from cliffhanger.store import history

    with reporting(), database() as engine:
        result = history.import_scorecard(engine, path)
    if not result.created:
        console.print(f"{path} was imported before; nothing changed.", highlight=False)
        return
    console.print(
        f"{result.rows} rows read: {result.events} events, {result.added} stored",
        highlight=False,
    )


def _years(entry: CatalogEntry) -> str:
    start = entry.premiered.year if entry.premiered else entry.year
    if start is None:
        return ""
    return f"{start}–{entry.ended.year}" if entry.ended else f"{start}–"


def _entry_json(entry: CatalogEntry) -> dict[str, Any]:
    from cliffhanger.serve import queries

    return {
        "id": entry.show_id,
        "title": entry.title,
        "network": entry.network,
        "premiered": entry.premiered.isoformat() if entry.premiered else None,
        "ended": entry.ended.isoformat() if entry.ended else None,
        "year": entry.year,
        "seasons": entry.seasons,
        "ids": entry.external_ids,
        "score": entry.score,
        **{k: v for k, v in queries.state_json(entry.state).items() if k in ("status", "reason")},
    }


def _export_row(state: ShowState) -> dict[str, Any]:
    deciding = state.deciding
    return {
        "network": state.network or "",
        "show": state.show,
        "status": state.status.value,
        "seasons": state.seasons if state.seasons is not None else "",
        "reason": state.reason,
        "date": deciding.date.isoformat() if deciding and deciding.date else "",
        "event": deciding.id if deciding else "",
        "source": (deciding.source or "") if deciding else "",
    }


def _count(n: int, noun: str) -> str:
    """Return "1 event" / "2 events"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
