"""Review commands: `review` (list, filter, page the queue; accept, reject), `correct`, `merge`.

The queue's filters and paging are the `/review` page's and `GET /api/review`'s:
one query, `store.review.review_queue`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.bounds import MAX_ID, MAX_OFFSET, MAX_SEASON, MIN_SEASON
from cliffhanger.cli import app, console, err_console
from cliffhanger.cli.common import JsonFlag, database, echo_json, reporting
from cliffhanger.errors import InputError
from cliffhanger.model import Status

if TYPE_CHECKING:
    from cliffhanger.store.review import ReviewItem


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
