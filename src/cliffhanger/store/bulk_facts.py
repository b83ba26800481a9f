"""Bulk ingest of cast, season and cliffhanger facts: what `store.ingest` does per fact, per batch.

The same rules as the per-document path: a cast line or a cliffhanger is
stored once per show; a season row keeps what is already known and a later
article only fills in what was missing. The rows already stored for the
batch's shows are read in one query per table first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from cliffhanger.model import Extraction
from cliffhanger.store.ingest import premiere_date
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import CastRow, CliffhangerRow, SeasonRow

CHUNK = 500


def table_of(model: Any) -> Table:
    """Return the Core table of a declarative model (for typed Core statements)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def mentions(x: Extraction) -> list[str]:
    """Return the show titles of the extraction's cast, season and cliffhanger facts, in order."""
    return [f.show for f in x.cast] + [f.show for f in x.seasons] + [f.show for f in x.cliffhangers]


def insert_facts(
    session: Session, show_ids: dict[str, int], fresh: Sequence[tuple[Extraction, int]]
) -> None:
    """Store the cast, season and cliffhanger facts of new documents `fresh` (extraction, doc id).

    `show_ids` maps each show key the documents mention to its stored id.
    """
    ids = sorted({show_ids[k] for x, _ in fresh for k in _keys(x) if k in show_ids})
    _cast(session, show_ids, fresh, ids)
    _seasons(session, show_ids, fresh, ids)
    _cliffhangers(session, show_ids, fresh, ids)


def _keys(x: Extraction) -> set[str]:
    return {name_key(title)[:300] for title in mentions(x)}


def _existing(
    session: Session, columns: Sequence[Any], show_column: Any, ids: list[int]
) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows.extend(session.execute(select(*columns).where(show_column.in_(part))))
    return rows


def _cast(
    session: Session,
    show_ids: dict[str, int],
    fresh: Sequence[tuple[Extraction, int]],
    ids: list[int],
) -> None:
    columns = (CastRow.show_id, CastRow.person, CastRow.character)
    known = {tuple(r) for r in _existing(session, columns, CastRow.show_id, ids)}
    rows = []
    for x, doc_id in fresh:
        for fact in x.cast:
            show_id = show_ids.get(name_key(fact.show)[:300])
            person, character = clip(fact.person, 300), clip(fact.character, 300)
            if show_id is None or not person or not character:
                continue
            if (show_id, person, character) not in known:
                known.add((show_id, person, character))
                rows.append(
                    {
                        "show_id": show_id,
                        "person": person,
                        "character": character,
                        "document_id": doc_id,
                    }
                )
    if rows:
        session.execute(insert(table_of(CastRow)), rows)


def _seasons(
    session: Session,
    show_ids: dict[str, int],
    fresh: Sequence[tuple[Extraction, int]],
    ids: list[int],
) -> None:
    columns = (
        SeasonRow.id,
        SeasonRow.show_id,
        SeasonRow.season,
        SeasonRow.episodes,
        SeasonRow.premiere,
    )
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for row_id, show_id, season, episodes, premiere in _existing(
        session, columns, SeasonRow.show_id, ids
    ):
        rows[(show_id, season)] = {"id": row_id, "episodes": episodes, "premiere": premiere}
    before = {key: dict(row) for key, row in rows.items()}
    for x, doc_id in fresh:
        for fact in x.seasons:
            show_id = show_ids.get(name_key(fact.show)[:300])
            if show_id is None:
                continue
            row = rows.setdefault(
                (show_id, fact.season),
                {
                    "id": None,
                    "show_id": show_id,
                    "season": fact.season,
                    "document_id": doc_id,
                    "episodes": None,
                    "premiere": None,
                },
            )
            # What is already known is kept; a later article only fills in what was missing.
            if row["episodes"] is None:
                row["episodes"] = fact.episodes
            if row["premiere"] is None:
                row["premiere"] = premiere_date(fact.premiere)
    new = [
        {k: v for k, v in row.items() if k != "id"} for row in rows.values() if row["id"] is None
    ]
    if new:
        session.execute(insert(table_of(SeasonRow)), new)
    filled = [
        {"b_id": row["id"], "b_episodes": row["episodes"], "b_premiere": row["premiere"]}
        for key, row in rows.items()
        if row["id"] is not None and row != before[key]
    ]
    if filled:
        table = table_of(SeasonRow)
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(episodes=bindparam("b_episodes"), premiere=bindparam("b_premiere"))
        )
        session.execute(statement, filled)


def _cliffhangers(
    session: Session,
    show_ids: dict[str, int],
    fresh: Sequence[tuple[Extraction, int]],
    ids: list[int],
) -> None:
    columns = (CliffhangerRow.show_id, CliffhangerRow.season)
    known = {tuple(r) for r in _existing(session, columns, CliffhangerRow.show_id, ids)}
    rows = []
    for x, doc_id in fresh:
        for fact in x.cliffhangers:
            show_id = show_ids.get(name_key(fact.show)[:300])
            if show_id is None or (show_id, fact.season) in known:
                continue
            known.add((show_id, fact.season))
            rows.append({"show_id": show_id, "season": fact.season, "document_id": doc_id})
    if rows:
        session.execute(insert(table_of(CliffhangerRow)), rows)
