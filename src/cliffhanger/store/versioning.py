"""The store's version: one counter that every committed write bumps, in that write's transaction.

Readers compare it to decide whether what they cached is still good (the
board in `web_browse`, rendered responses in `api.read_cache`): one primary
key lookup (`read_version`) instead of counting tables.

How writes keep it, and the status table, current (`install` runs once per
process, from `engine.make_engine`):

- any `Session` that inserts, updates or deletes (an ORM flush, or a Core
  statement through `session.execute`) is marked as having written;
- a write path names the shows whose status may have changed with
  `touch(session, show_ids)` (ingest, bulk ingest, review, corrections,
  merges, catalog imports);
- just before the outermost commit, the touched shows' statuses are computed
  again (`show_current.refresh`), then the counter is bumped. Both are in the
  transaction: a rollback or a crash leaves neither;
- a bulk writer may `defer` instead: the touched shows are marked dirty in the
  transaction and computed by a later one (`show_current.catch_up`), while
  readers compute dirty shows from the rules themselves.

Writes that bypass `Session` (a raw connection) are not seen: call
`show_current.rebuild` and `bump` after them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, event, text, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from cliffhanger.store.current_tables import StoreVersionRow

TOUCHED = "cliffhanger.touched_shows"
WROTE = "cliffhanger.wrote"
DEFER = "cliffhanger.defer_statuses"
_READ = text("SELECT version, rules FROM store_version WHERE id = 1")


def install() -> None:
    """Return once every `Session` of this process keeps the version and statuses (idempotent)."""
    if event.contains(Session, "before_commit", _before_commit):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)


def touch(session: Session, show_ids: Iterable[int | None]) -> None:
    """Return once the statuses of `show_ids` are due to be computed again before commit."""
    touched: set[int] = session.info.setdefault(TOUCHED, set())
    touched.update(i for i in show_ids if i is not None)


def defer(session: Session) -> None:
    """Return once this transaction marks its touched shows dirty instead of computing them."""
    session.info[DEFER] = True


def read_version(engine: Engine) -> tuple[int, str | None]:
    """Return (version, rules hash) of the store: one primary-key read, no transaction kept.

    The version grows with every committed write; the rules hash names the
    status rules `show_current` was computed with (None: not computed yet).
    """
    with engine.connect() as connection:
        row = connection.execute(_READ).one()
    return int(row[0]), row[1]


def bump(session: Session) -> None:
    """Return once the store's version is one higher, in `session`'s transaction."""
    row = StoreVersionRow
    session.execute(update(row).where(row.id == 1).values(version=row.version + 1))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[WROTE] = True


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outermost commit does it once
    session.flush()  # the commit flushes only after this hook: what it writes must count
    touched = session.info.pop(TOUCHED, None)
    if touched:
        from cliffhanger.store import show_current  # it reads the status rules

        if session.info.get(DEFER):
            show_current.mark_dirty(session, touched)
        else:
            show_current.refresh(session, touched)
    if session.info.pop(WROTE, False):
        bump(session)
        session.info.pop(WROTE, None)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        # committed (popped above) or rolled back: nothing carries over to the next one
        for key in (TOUCHED, WROTE, DEFER):
            session.info.pop(key, None)
