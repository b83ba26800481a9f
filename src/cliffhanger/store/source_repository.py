"""Sources in the store: documents with the URLs they came from, feeds, their items, archives.

Every function returns plain dataclasses, never rows. Feeds are polled under a
lease (`claimed_by` / `claimed_until`) taken by one atomic UPDATE whose
subquery uses `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several watchers on
one database never poll the same feed at the same time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.documents.hashing import canonical_url
from cliffhanger.errors import NotFoundError
from cliffhanger.model import Extraction, ShowStatus
from cliffhanger.store.archive_repository import advance_in_session, store_error
from cliffhanger.store.ingest import IngestResult, ingest
from cliffhanger.store.keys import clip
from cliffhanger.store.repository import show_state_by_id
from cliffhanger.store.source_tables import (
    DocumentSourceRow,
    SourceItemRow,
    SourceRow,
)
from cliffhanger.store.tables import EventRow, as_utc, utcnow

log = logging.getLogger(__name__)
ATTEMPTS = 3
MAX_ITEM_ATTEMPTS = 3  # an item that failed this often is not fetched again


@dataclass(frozen=True)
class StatusChange:
    """A show whose current status changed: before (None for a new show) and after."""

    show: str
    before: ShowStatus | None
    after: ShowStatus
    network: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Stored:
    """What storing one document did: its id, whether it was new, events added, changes."""

    document_id: int
    created: bool
    events_added: int
    changes: tuple[StatusChange, ...] = ()


@dataclass(frozen=True)
class Source:
    """A feed as the store knows it: validators, schedule, errors, lease."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: dt.datetime | None
    next_poll_at: dt.datetime | None
    error_count: int
    last_error: str | None
    items_seen: int
    claimed_by: str | None = None
    items_failed: int = 0


def store_document(
    engine: Engine,
    extraction: Extraction,
    *,
    url: str | None = None,
    outlet: str | None = None,
    archive: tuple[int, int] | None = None,
    track_changes: bool = False,
) -> Stored:
    """Return what storing `extraction` did, in one transaction with its source URL row.

    A document already known by content hash or canonical URL is not stored
    again; `url` (and `outlet`) are added to its sources, so a syndicated story
    is one document found at several URLs. `archive` is (progress id, position):
    the archive's progress moves to `position` in the same transaction.
    """
    before: dict[int, ShowStatus | None] = {}

    def with_sources(session: Session, result: IngestResult) -> None:
        nonlocal before
        if url:
            add_source_url(session, result.document_id, url, outlet)
        if archive is not None:
            advance_in_session(session, archive[0], archive[1], documents=1)
        track = track_changes and result.created
        before = _states_before(engine, session, result.document_id, track)

    result = ingest(engine, extraction, also=with_sources)
    changes = _changes(engine, before) if result.created else ()
    return Stored(result.document_id, result.created, result.events_added, changes)


def document_urls(engine: Engine, document_id: int) -> list[tuple[str, str | None]]:
    """Return the (URL, outlet) pairs a document was found at, in the order they were seen."""
    with Session(engine) as session:
        query = (
            select(DocumentSourceRow.url, DocumentSourceRow.outlet)
            .where(DocumentSourceRow.document_id == document_id)
            .order_by(DocumentSourceRow.id)
        )
        return [(u, o) for u, o in session.execute(query)]


def add_source_url(session: Session, document_id: int, url: str, outlet: str | None) -> None:
    """Record that the document was found at `url` (once per canonical URL), in the session."""
    key = canonical_url(url)[:2000]
    exists = session.scalar(
        select(DocumentSourceRow.id).where(
            DocumentSourceRow.document_id == document_id, DocumentSourceRow.url == key
        )
    )
    if exists is None:
        session.add(DocumentSourceRow(document_id=document_id, url=key, outlet=clip(outlet, 200)))
        session.flush()


def _states_before(
    engine: Engine, session: Session, document_id: int, track: bool
) -> dict[int, ShowStatus | None]:
    """Return the status of each show the new document touches, as other readers see it now."""
    if not track:
        return {}
    session.flush()
    ids = session.scalars(
        select(EventRow.show_id).where(EventRow.document_id == document_id).distinct()
    ).all()
    before: dict[int, ShowStatus | None] = {}
    for show_id in ids:
        # Another connection: it does not see this uncommitted transaction.
        try:
            before[show_id] = show_state_by_id(engine, show_id).status
        except NotFoundError:
            before[show_id] = None
    return before


def _changes(engine: Engine, before: dict[int, ShowStatus | None]) -> tuple[StatusChange, ...]:
    changes = []
    for show_id, old in before.items():
        state = show_state_by_id(engine, show_id)
        if state.status != old:
            changes.append(StatusChange(state.show, old, state.status, state.network, state.reason))
    return tuple(changes)


# Feeds


def register_feeds(engine: Engine, urls: Iterable[str]) -> list[Source]:
    """Return the sources for `urls` (in that order), adding the ones not known yet."""
    wanted = list(dict.fromkeys(url[:2000] for url in urls))
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with Session(engine) as session, session.begin():
                query = select(SourceRow).where(SourceRow.url.in_(wanted))
                known = {row.url: row for row in session.scalars(query)}
                for url in wanted:
                    if url not in known:
                        known[url] = SourceRow(url=url, error_count=0, items_seen=0)
                        session.add(known[url])
                session.flush()
                return [_source(known[url]) for url in wanted]
        except IntegrityError as e:
            # Another watcher registered one of them at the same moment; the retry finds it.
            if attempt == ATTEMPTS:
                raise store_error("sources", e) from e
        except SQLAlchemyError as e:
            raise store_error("sources", e) from e
    raise AssertionError("unreachable")  # pragma: no cover


def get_source(engine: Engine, url: str) -> Source | None:
    """Return the feed known by exactly this URL, or None."""
    with Session(engine) as session:
        row = session.scalar(select(SourceRow).where(SourceRow.url == url))
        return _source(row) if row is not None else None


def list_sources(engine: Engine) -> list[Source]:
    """Return every known feed, by URL, with how many of its items failed."""
    with Session(engine) as session:
        failed = dict(
            session.execute(
                select(SourceItemRow.source_id, func.count())
                .where(SourceItemRow.error.is_not(None))
                .group_by(SourceItemRow.source_id)
            ).all()
        )
        rows = session.scalars(select(SourceRow).order_by(SourceRow.url))
        return [_source(row, failed.get(row.id, 0)) for row in rows]


def claim_next(
    engine: Engine,
    token: str,
    urls: Sequence[str],
    *,
    lease: dt.timedelta,
    due_before: dt.datetime | None = None,
) -> Source | None:
    """Return the next of `urls` this caller may poll, now leased to `token`; None when none is.

    A feed is free when nobody holds an unexpired lease on it, and due when
    `due_before` is None or its `next_poll_at` is unset or not after it.
    """
    now = utcnow()
    free = or_(SourceRow.claimed_until.is_(None), SourceRow.claimed_until < now)
    candidates = select(SourceRow.id).where(SourceRow.url.in_(list(urls)), free)
    if due_before is not None:
        due = or_(SourceRow.next_poll_at.is_(None), SourceRow.next_poll_at <= due_before)
        candidates = candidates.where(due)
    # SKIP LOCKED: a feed another watcher is claiming right now is passed over, not waited for.
    pick = (
        candidates.order_by(
            SourceRow.next_poll_at.is_not(None), SourceRow.next_poll_at, SourceRow.id
        )
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(SourceRow)
        .where(SourceRow.id == pick, free)
        .values(claimed_by=token[:200], claimed_until=now + lease)
        .returning(SourceRow.id)
    )
    try:
        with Session(engine) as session, session.begin():
            claimed = session.scalar(statement)
            if claimed is None:
                return None
            row = session.get(SourceRow, claimed)
            assert row is not None
            return _source(row)
    except SQLAlchemyError as e:
        raise store_error("sources", e) from e


def done_items(engine: Engine, source_id: int, guids: Iterable[str]) -> set[str]:
    """Return the guids among `guids` already stored, or failed too often to try again."""
    wanted = [g[:2000] for g in guids]
    with Session(engine) as session:
        query = select(SourceItemRow.guid).where(
            SourceItemRow.source_id == source_id,
            SourceItemRow.guid.in_(wanted),
            or_(SourceItemRow.error.is_(None), SourceItemRow.attempts >= MAX_ITEM_ATTEMPTS),
        )
        return set(session.scalars(query))


def record_item(
    engine: Engine,
    source_id: int,
    token: str,
    *,
    guid: str,
    link: str | None,
    document_id: int | None = None,
    error: str | None = None,
    lease: dt.timedelta | None = None,
) -> None:
    """Return once the item is recorded as read (or failed); the feed's lease is extended."""
    try:
        with Session(engine) as session, session.begin():
            row = session.scalar(
                select(SourceItemRow).where(
                    SourceItemRow.source_id == source_id, SourceItemRow.guid == guid[:2000]
                )
            )
            if row is None:
                row = SourceItemRow(source_id=source_id, guid=guid[:2000], attempts=0)
                session.add(row)
            row.link, row.fetched_at = link, utcnow()
            row.attempts = (row.attempts or 0) + 1
            row.document_id, row.error = document_id, error
            if lease is not None:
                session.execute(
                    update(SourceRow)
                    .where(SourceRow.id == source_id, SourceRow.claimed_by == token[:200])
                    .values(claimed_until=utcnow() + lease)
                )
    except SQLAlchemyError as e:
        raise store_error(guid, e) from e


def finish_poll(
    engine: Engine,
    source_id: int,
    token: str,
    *,
    next_poll_at: dt.datetime | None,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    new_items: int = 0,
    polled: bool = True,
) -> Source:
    """Return the source after a poll: validators, schedule and errors updated, lease released.

    With `error`, the validators are kept and `error_count` grows; without, it
    is reset. With `polled` False (a shutdown before the poll), only the lease is released.
    """
    try:
        with Session(engine) as session, session.begin():
            row = session.get(SourceRow, source_id)
            if row is None:
                raise NotFoundError(f"no source with id {source_id}")
            if polled:
                row.last_polled_at = utcnow()
                row.next_poll_at = next_poll_at
                row.items_seen = (row.items_seen or 0) + new_items
                if error is None:
                    row.error_count, row.last_error = 0, None
                    row.etag, row.last_modified = clip(etag, 500), clip(last_modified, 100)
                    row.title = title or row.title
                else:
                    row.error_count = (row.error_count or 0) + 1
                    row.last_error = error
            if row.claimed_by == token[:200]:
                row.claimed_by, row.claimed_until = None, None
            session.flush()
            return _source(row)
    except SQLAlchemyError as e:
        raise store_error("sources", e) from e


def _source(row: SourceRow, items_failed: int = 0) -> Source:
    return Source(
        id=row.id,
        url=row.url,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled_at=as_utc(row.last_polled_at) if row.last_polled_at else None,
        next_poll_at=as_utc(row.next_poll_at) if row.next_poll_at else None,
        error_count=row.error_count or 0,
        last_error=row.last_error,
        items_seen=row.items_seen or 0,
        claimed_by=row.claimed_by,
        items_failed=items_failed,
    )
