"""The check every write path's test makes: `show_current` equals the rules run afresh.

`assert_statuses_current(engine)` compares the stored table with a
recomputation of every show (`show_current.compute`), column by column, and
the board read from the table with the board the rules compute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cliffhanger.store import show_current, web_browse
from cliffhanger.store.current_tables import ShowCurrentRow

# Set when the row is written, not decided by the rules.
CLOCK = {"updated_at", "computed_on"}


def stored_rows(engine: Engine) -> dict[int, dict[str, Any]]:
    """Return {show id: its show_current row without clock columns}."""
    table = ShowCurrentRow.__table__
    with Session(engine) as session:
        return {
            row.show_id: {k: v for k, v in row._mapping.items() if k not in CLOCK}
            for row in session.execute(select(table))
        }


def fresh_rows(engine: Engine, today: dt.date | None = None) -> dict[int, dict[str, Any]]:
    """Return {show id: the row the rules give now} for every show."""
    with Session(engine) as session:
        computed = show_current.compute(session, None, today or dt.date.today())
    return {row["show_id"]: {k: v for k, v in row.items() if k not in CLOCK} for row, _ in computed}


def assert_statuses_current(engine: Engine, *, dirty_ok: bool = False) -> int:
    """Return how many shows were checked, once the stored statuses equal a recomputation.

    Rows a bulk write left dirty (`dirty_ok`: allowed, as in the middle of a
    run) are not compared: the board must then compute them itself.
    """
    stored, fresh = stored_rows(engine), fresh_rows(engine)
    dirty = {i for i, row in stored.items() if row["dirty"]}
    assert dirty_ok or not dirty, f"{len(dirty)} statuses left dirty"
    stored = {i: {**row, "dirty": False} for i, row in stored.items()}
    assert dirty_ok or stored.keys() == fresh.keys(), "shows without a row, or rows without a show"
    assert stored.keys() <= fresh.keys(), "rows of shows that are gone"
    wrong = {i: (stored[i], fresh[i]) for i in stored if i not in dirty and stored[i] != fresh[i]}
    assert not wrong, f"{len(wrong)} stored statuses differ, e.g. {next(iter(wrong.items()))}"
    # The board read from the table is the board the rules compute, in the same order.
    with Session(engine) as session:
        read = show_current.board_states(session, dt.date.today())
    live = {
        r.id: dataclasses.replace(r.state, timeline=()) for r in web_browse.tracked_refs(engine)
    }
    assert dict(read) == live
    board = [r.id for r in web_browse.board_refs(engine)]
    assert board == [r.id for r in web_browse.tracked_refs(engine)]
    return len(fresh)
