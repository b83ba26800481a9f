"""Catalog and editing commands: `catalog import/show`, `review`, `correct`, `merge`,
`alias add`, `export` and `scorecard import`."""

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

from cliffhanger.bounds import MAX_ID, MAX_OFFSET, MAX_SEASON, MIN_SEASON
from cliffhanger.cli import app, console, err_console
from cliffhanger.cli.common import JsonFlag, database, echo_json, progress, reporting
from cliffhanger.errors import InputError
from cliffhanger.model import ShowState, Status

if TYPE_CHECKING:
    from cliffhanger.resolution.catalog import CatalogShow
    from cliffhanger.store.linking import CatalogEntry
    from cliffhanger.store.review import ReviewItem

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
    """Load a show catalog; shows already stored are updated, not duplicated."""
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
        f"{result.cast_added} cast entries added",
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


@app.command("review")
def review_command(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MAX_ID, help="How many to list.")
    ] = 20,
    offset: Annotated[
        int, typer.Option("--offset", min=0, max=MAX_OFFSET, help="How many to skip (paging).")
    ] = 0,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only this kind of decision.")
    ] = None,
    network: Annotated[str | None, typer.Option("--network", help="Only this network.")] = None,
    max_score: Annotated[
        float | None,
        typer.Option(
            "--max-score", min=0.0, max=1.0, help="Link score (else confidence) at most, 0 to 1."
        ),
    ] = None,
    accept: Annotated[
        int | None, typer.Option("--accept", min=1, max=MAX_ID, help="Accept this event.")
    ] = None,
    reject: Annotated[
        int | None,
        typer.Option("--reject", min=1, max=MAX_ID, help="Reject this event: it stops counting."),
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="Who decides.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List uncertain events (low confidence or a weak show link), or accept / reject one.

    The filters and paging are the review page's and `GET /api/review`'s (one
    query, `store.review.review_queue`): newest first, --limit per page from --offset.
    """
    from cliffhanger.store import review

    with reporting(), database() as engine:
        if accept is not None and reject is not None:
            raise InputError("accept or reject, not both", hint="give one of --accept, --reject")
        if accept is not None or reject is not None:
            decision = "accepted" if accept is not None else "rejected"
            event_id = accept if accept is not None else reject
            assert event_id is not None
            item = review.decide(engine, event_id, decision, author=author)
            console.print(
                f"Event {item.entry.id} ({escape(item.entry.show)}, {item.entry.status.value}) "
                f"{decision}.",
                highlight=False,
            )
            return
        only = review.QueueFilter(
            status=status, network=(network or "").strip() or None, max_score=max_score
        )
        items, total = review.review_queue(engine, limit, offset=offset, only=only)
    if as_json:
        echo_json(
            {
                "total": total,
                "limit": limit,
                "offset": offset,
                "items": [_item_json(i) for i in items],
            }
        )
        return
    if not items:
        console.print(
            "Nothing to review." if not total else f"No items past {offset} ({total} in all).",
            highlight=False,
        )
        return
    shown = f"{offset + 1}–{offset + len(items)} of {total}"
    table = Table(title=f"Review queue ({shown})", title_justify="left")
    for column in ("event", "show", "decision", "date", "why queued", "evidence"):
        table.add_column(column, overflow="fold")
    for i in items:
        e = i.entry
        table.add_row(
            str(e.id),
            f"{escape(e.show)} (#{i.show_id})",
            f"{e.status.value}" + (f" s{e.season}" if e.season else ""),
            e.date.isoformat() if e.date else "",
            escape("; ".join(i.reasons)),
            escape(e.evidence),
        )
    console.print(table)
    if offset + len(items) < total:
        err_console.print(f"Next page: --offset {offset + len(items)}.", highlight=False)
    err_console.print("Accept with --accept ID, reject with --reject ID, or fix with `correct`.")


@app.command("correct")
def correct_command(
    event_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="The event to correct.")],
    status: Annotated[Status, typer.Option("--status", help="What was really decided.")],
    season: Annotated[
        int | None,
        typer.Option("--season", min=MIN_SEASON, max=MAX_SEASON, help="The season it concerns."),
    ] = None,
    network: Annotated[str | None, typer.Option("--network", help="The deciding network.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the fix).")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Who corrects.")] = None,
) -> None:
    """Record an editor's correction of an event; it wins over the machine's record."""
    from cliffhanger.serve import queries
    from cliffhanger.store import review

    with reporting(), database() as engine:
        entry = review.correct(
            engine, event_id, status, season=season, network=network, note=note, author=author
        )
        state = queries.show_status(engine, entry.show)
    console.print(
        f"Correction {entry.id} recorded: {escape(entry.show)} is now {state.status.value} "
        f"({escape(state.reason)}).",
        highlight=False,
    )


@app.command("merge")
def merge_command(
    keep: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="The show id to keep.")],
    drop: Annotated[
        int,
        typer.Argument(min=1, max=MAX_ID, help="The show id folded into it, then removed."),
    ],
) -> None:
    """Merge two shows that are one: events, cast and ids move, the title becomes an alias."""
    from cliffhanger.store import editing

    with reporting(), database() as engine:
        title = editing.merge_shows(engine, keep, drop)
    console.print(f"Show {drop} merged into {keep} ({escape(title)}).", highlight=False)


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


def _item_json(item: ReviewItem) -> dict[str, Any]:
    from cliffhanger.serve import queries

    return {
        "event": queries.entry_json(item.entry),
        "show_id": item.show_id,
        "mention": item.mention,
        "score": item.score,
        "recommendation": item.recommendation,
        "reasons": list(item.reasons),
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
