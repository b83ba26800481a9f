"""Each show's current status, kept in `show_current` so the board and stats read it, not the rules.

- **Written** by `refresh(session, show_ids)`, in the transaction of the write
  that touched those shows (`versioning` calls it just before commit): the
  same `store.show_status.show_statuses` every surface uses, over the
  touched shows only. On PostgreSQL their rows are locked first, so two
  writers of one show compute one after the other, the second seeing the
  first's events.
- **Read** by `board_states`: one query for every show on the board, the
  deciding event joined back (its outlet, link and review as they are now).
- **Today.** A status is stored as decided on `computed_on`. Staleness
  ("last known") is applied when read, from `stale_from`; a status that
  waits on a catalog's last air date (`recheck_on`) is computed again once
  that day comes, and any write refreshes such rows too.
- **Bulk writes** (`store.bulk`: archives, backfills) would compute a popular
  show's whole timeline again in every batch. They mark the shows they touch
  `dirty` instead, in the batch's transaction, and `catch_up` computes every
  dirty show in a later batch's transaction and at the end of the run.
  Catch-ups are `CATCH_UP_EVERY` seconds apart, or `CATCH_UP_SHARE` times
  their own duration when that is longer, so they cost the writer a bounded
  share of its time. Readers compute dirty shows from the rules, so what
  they read is never behind what was committed.
- **Built** by `ensure_current` when the database is opened or migrated: a
  store whose statuses were computed by other rules (`rules_hash`, a hash of
  the rules' source; None right after the migration) is computed again whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import weakref
from collections.abc import Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.model import ShowState, ShowStatus
from cliffhanger.status import current
from cliffhanger.store.catalog_tables import EventLinkRow, ReviewDecisionRow
from cliffhanger.store.current_tables import ShowCurrentRow, StoreVersionRow
from cliffhanger.store.repository import timeline_entry
from cliffhanger.store.show_status import statuses_with_catalog
from cliffhanger.store.status_read import rules_hash
from cliffhanger.store.tables import DocumentRow, EventRow, NetworkRow, ShowRow, utcnow
from cliffhanger.store.versioning import defer, read_version, touch

log = logging.getLogger(__name__)
CHUNK = 5000  # ids per IN (...) list, far under both backends' parameter limits
CATCH_UP_EVERY = 5.0  # seconds: how long a bulk writer leaves statuses for readers to compute
CATCH_UP_SHARE = 10.0  # ...or this many times the last catch-up's duration, if longer
CATCHING_UP = "cliffhanger.catching_up"
# When this process may next catch up on an engine's dirty statuses (time.monotonic()).
_NEXT_CATCH_UP: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()
COLUMNS = [c.name for c in ShowCurrentRow.__table__.columns if c.name != "show_id"]
# What a board read needs of a stored status.
KEPT = ("status", "network", "seasons", "reason", "as_of", "outlet", "waiting", "stale_from")


def refresh(session: Session, show_ids: Sequence[int], *, today: dt.date | None = None) -> int:
    """Return how many rows were written once `show_ids`' statuses are computed and stored.

    Runs inside the caller's transaction. Ids of shows that no longer exist
    (merged away) lose their row.
    """
    today = today or dt.date.today()
    started = time.monotonic()
    ids = sorted(set(show_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        _lock(session, part)
        rows = [row for row, _ in compute(session, part, today)]
        gone = set(part) - {r["show_id"] for r in rows}
        if gone:
            session.execute(delete(ShowCurrentRow).where(ShowCurrentRow.show_id.in_(gone)))
        _upsert(session, rows)
        written += len(rows)
    if session.info.pop(CATCHING_UP, False):
        took = time.monotonic() - started
        wait = max(CATCH_UP_EVERY, CATCH_UP_SHARE * took)
        _NEXT_CATCH_UP[session.get_bind().engine] = time.monotonic() + wait
    return written


def mark_dirty(session: Session, show_ids: Sequence[int]) -> None:
    """Return once `show_ids` are marked dirty (rows made for shows that have none)."""
    today = dt.date.today()
    placeholder = {"status": "pending", "reason": "", "waiting": 0, "on_board": True}
    rows = [
        {"show_id": i, **placeholder, "dirty": True, "computed_on": today, "updated_at": utcnow()}
        for i in sorted(set(show_ids))
    ]
    for start in range(0, len(rows), CHUNK):
        _upsert(session, rows[start : start + CHUNK], only=["dirty"])


def defer_or_catch_up(session: Session) -> None:
    """Return once this bulk transaction defers its statuses, or catches up on every dirty one.

    It catches up when this process's next catch-up on this engine is due
    (see the module docstring; the first batch always does): the shows it
    touches and every dirty show are then computed before it commits.
    """
    engine = session.get_bind().engine
    if time.monotonic() < _NEXT_CATCH_UP.get(engine, 0.0):
        defer(session)
        return
    session.info[CATCHING_UP] = True  # `refresh` times it
    touch(session, session.scalars(_behind(dt.date.today())))


def catch_up(engine: Engine, *, today: dt.date | None = None, dirty: bool = True) -> int:
    """Return how many statuses were computed again, in one transaction.

    Those are the ones whose `recheck_on` day has come, and (with `dirty`)
    every dirty one: the end of a bulk run does both, opening the store the first.
    """
    today = today or dt.date.today()
    with Session(engine) as session, session.begin():
        session.info[CATCHING_UP] = dirty
        ids = list(session.scalars(_behind(today, dirty=dirty)))
        written = refresh(session, ids, today=today) if ids else 0
    return written


def _behind(today: dt.date, *, dirty: bool = True) -> Any:
    kept = ShowCurrentRow
    due = kept.recheck_on <= today
    return select(kept.show_id).where(or_(kept.dirty.is_(True), due) if dirty else due)


def rebuild(session: Session, *, today: dt.date | None = None) -> int:
    """Return the number of shows once every show's status is computed and stored afresh."""
    today = today or dt.date.today()
    rows = [row for row, _ in compute(session, None, today)]
    session.execute(delete(ShowCurrentRow))
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(ShowCurrentRow), rows[start : start + CHUNK])
    version = session.get(StoreVersionRow, 1)
    if version is not None:
        version.rules = rules_hash()
    return len(rows)


def ensure_current(engine: Engine) -> bool:
    """Return True when the statuses had to be computed (none yet, or by other rules).

    A database that cannot be written (read-only) is left as it is, with a
    warning: readers then compute statuses themselves (`web_browse.board_refs`).
    """
    try:
        if read_version(engine)[1] == rules_hash():
            # the usual case: one read, no lock; and a day a catalog waited for may have come
            if catch_up(engine, dirty=False):
                log.info("statuses computed again on a catalog's last air date")
            return False
        with Session(engine) as session, session.begin():
            query = select(StoreVersionRow).where(StoreVersionRow.id == 1).with_for_update()
            version = session.scalar(query)
            if version is None or version.rules == rules_hash():
                return False
            count = rebuild(session)
        log.info("computed the current status of %d shows", count)
        return True
    except SQLAlchemyError as e:
        log.warning("statuses not stored (%s); they are computed when read", e.__class__.__name__)
        return False


def compute(
    session: Session, show_ids: Sequence[int] | None, today: dt.date
) -> list[tuple[dict[str, Any], ShowState]]:
    """Return the `show_current` row and the state of each of `show_ids` (every show if None)."""
    query = select(ShowRow)
    if show_ids is not None:
        if not show_ids:
            return []
        query = query.where(ShowRow.id.in_(show_ids))
    shows = list(session.scalars(query.order_by(ShowRow.id)))
    ids = None if show_ids is None else [s.id for s in shows]
    states = statuses_with_catalog(session, shows, every=ids is None, today=today)
    # A timeline holds every event but the rejected: only a show without one is asked about those.
    has_events = {show.id for show, (state, _) in zip(shows, states, strict=True) if state.timeline}
    bare = [show.id for show in shows if show.id not in has_events]
    if bare:
        has_events |= _ids(session, select(EventRow.show_id), EventRow.show_id, bare)
    now = utcnow()
    found = []
    for show, (state, catalog) in zip(shows, states, strict=True):
        row = {
            "show_id": show.id,
            "status": str(state.status),
            "network": state.network,
            "seasons": state.seasons,
            "reason": state.reason,
            "deciding_id": state.deciding.id if state.deciding is not None else None,
            "as_of": state.as_of,
            "outlet": state.outlet,
            "waiting": state.waiting,
            "stale_from": state.stale_from,
            "recheck_on": current.changes_on(catalog.ended if catalog else None, today),
            "on_board": show.id in has_events or catalog is None,
            "dirty": False,
            "computed_on": today,
            "updated_at": now,
        }
        found.append((row, state))
    return found


def board_states(session: Session, today: dt.date) -> list[tuple[int, ShowState]]:
    """Return (show id, state) of every show on the board, unordered, as of `today`.

    States come from `show_current` without timelines; shows with no row yet,
    dirty rows and rows whose `recheck_on` has come are computed by the rules.
    """
    found: list[tuple[int, ShowState]] = []
    again: list[int] = []
    query, kept_names, event_names, extra_names = _board_query()
    cut = len(kept_names)
    end = cut + len(event_names)
    # Core rows, read by position into namespaces: attribute reads on a SQLAlchemy Row
    # cost about 0.4 us each, and a board reads about 30 per show.
    for values in session.connection().execute(query):
        kept = SimpleNamespace(**dict(zip(kept_names, values[:cut], strict=True)))
        if kept.dirty or (kept.recheck_on is not None and kept.recheck_on <= today):
            again.append(kept.show_id)
            continue
        row = SimpleNamespace(**dict(zip(extra_names, values[end:], strict=True)))
        row.EventRow = SimpleNamespace(**dict(zip(event_names, values[cut:end], strict=True)))
        found.append((kept.show_id, _state(kept, row, today)))
    missing = select(ShowRow.id).outerjoin(ShowCurrentRow).where(ShowCurrentRow.show_id.is_(None))
    again += session.scalars(missing)
    if again:
        log.debug("%d statuses computed at read time", len(again))
    for start in range(0, len(again), CHUNK):
        for computed, state in compute(session, again[start : start + CHUNK], today):
            if computed["on_board"]:
                found.append((computed["show_id"], _live(state)))
    return found


def _state(kept: Any, row: Any, today: dt.date) -> ShowState:
    return ShowState(
        show=row.title,
        status=ShowStatus(kept.status),
        network=kept.network,
        seasons=kept.seasons,
        deciding=timeline_entry(row) if row.EventRow.id is not None else None,
        reason=kept.reason,
        as_of=kept.as_of,
        outlet=kept.outlet,
        last_known=current.is_last_known(kept.stale_from, today),
        waiting=kept.waiting,
        stale_from=kept.stale_from,
    )


def _live(state: ShowState) -> ShowState:
    # What the table would give: no timeline.
    return dataclasses.replace(state, timeline=())


@cache
def _board_query() -> tuple[Any, list[str], list[str], list[str]]:
    """Return the board's Core query and the names of its columns: kept, event, the rest.

    Core on the tables, not ORM bundles: about 10,000 rows, turned into plain
    namespaces that read like the ORM rows (what `_state` reads of a status; the
    event and its document, link and review that `timeline_entry` reads).
    """
    kept = ShowCurrentRow.__table__
    event = EventRow.__table__
    document = DocumentRow.__table__
    link = EventLinkRow.__table__
    review = ReviewDecisionRow.__table__
    network = NetworkRow.__table__.alias("deciding_network")
    kept_names = [*KEPT, "show_id", "recheck_on", "dirty"]
    event_names = [c.name for c in event.c]
    extra = [
        ShowRow.__table__.c.title,
        network.c.name.label("network"),
        document.c.canonical_url,
        document.c.url,
        document.c.source,
        document.c.outlet,
        link.c.recommendation,
        link.c.score.label("link_score"),
        review.c.decision,
    ]
    query = (
        select(
            *(kept.c[name].label(f"k_{name}") for name in kept_names),
            *(c.label(f"e_{c.name}") for c in event.c),
            *(c.label(f"x_{c.name}") for c in extra),
        )
        .select_from(kept)
        .join(ShowRow.__table__, ShowRow.__table__.c.id == kept.c.show_id)
        .outerjoin(event, event.c.id == kept.c.deciding_id)
        .outerjoin(network, network.c.id == event.c.network_id)
        .outerjoin(document, document.c.id == event.c.document_id)
        .outerjoin(link, link.c.event_id == event.c.id)
        .outerjoin(review, review.c.event_id == event.c.id)
        .where(or_(kept.c.on_board.is_(True), kept.c.dirty.is_(True)))
    )
    return query, kept_names, event_names, [c.name for c in extra]


def _ids(session: Session, query: Any, column: Any, ids: list[int] | None) -> set[int]:
    if ids is not None:
        query = query.where(column.in_(ids))
    return set(session.scalars(query.distinct()))


def _lock(session: Session, ids: list[int]) -> None:
    # PostgreSQL: one writer of a show at a time, in id order (no deadlock between two
    # batches). Statements after the lock see what the writer before us committed.
    # SQLite has one writer at a time already.
    if session.get_bind().dialect.name == "postgresql":
        query = select(ShowCurrentRow.show_id).where(ShowCurrentRow.show_id.in_(ids))
        session.execute(query.order_by(ShowCurrentRow.show_id).with_for_update())


def _upsert(session: Session, rows: list[dict[str, Any]], only: Sequence[str] = COLUMNS) -> None:
    """Insert `rows`; an existing row of a show gets the columns `only` (default: all)."""
    if rows:
        session.execute(_upsert_statement(session.get_bind().dialect.name, tuple(only)), rows)


@cache
def _upsert_statement(dialect: str, only: tuple[str, ...]) -> Any:
    # Core on the table (no ORM bulk path), built once per dialect and column set.
    # imported here: the PostgreSQL dialect costs a fifth of a second at start-up
    from sqlalchemy.dialects import postgresql, sqlite

    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(ShowCurrentRow.__table__)
    return statement.on_conflict_do_update(
        index_elements=[ShowCurrentRow.__table__.c.show_id],
        set_={name: statement.excluded[name] for name in only},
    )
