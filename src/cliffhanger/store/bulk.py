"""Bulk ingest: many extractions stored in one transaction, with SQLAlchemy Core inserts.

`store_batch` stores what `source_repository.store_document` stores, document
by document and in the same order, so a batch leaves exactly the rows that
one transaction per document would (ids included, on a database nobody else
writes to). It differs in how: the keys a batch needs (content hashes,
canonical URLs, networks, shows, aliases, cast, seasons, cliffhangers, source
URLs) are read in a few queries up front, the rows are built as plain dicts
in memory, and each table gets one multi-row INSERT (`insertmanyvalues`,
with RETURNING where ids are needed) instead of an ORM flush per row.

With a stored catalog, shows are resolved by the catalog index (fuzzy
matching, same-title shows apart): there the batch runs the per-document ORM
path inside its one transaction, with the index and its signature checked
once per batch, not once per document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine, bindparam, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.documents.hashing import canonical_url, content_hash
from cliffhanger.errors import StoreError
from cliffhanger.model import Extraction, StatusEvent
from cliffhanger.store import show_current
from cliffhanger.store.bulk_facts import insert_facts, mentions, table_of
from cliffhanger.store.ingest import (
    IngestResult,
    as_named,
    fingerprint,
    ingest_in_session,
    today_name,
)
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.linking import stored_index
from cliffhanger.store.source_repository import add_source_url
from cliffhanger.store.source_tables import DocumentSourceRow
from cliffhanger.store.tables import (
    DocumentRow,
    EventRow,
    NetworkRow,
    ShowAliasRow,
    ShowRow,
)
from cliffhanger.store.versioning import touch

log = logging.getLogger(__name__)
ATTEMPTS = 3
CHUNK = 500  # keys per IN (...) list: far under SQLite's and PostgreSQL's parameter limits
T = TypeVar("T")


@dataclass(frozen=True)
class BatchItem:
    """One document of a batch: its extraction and the URL (and outlet) it was found at."""

    extraction: Extraction
    url: str | None = None
    outlet: str | None = None


AfterBatch = Callable[[Session, list[IngestResult]], None]


def store_batch(
    engine: Engine,
    items: Sequence[BatchItem],
    *,
    also: AfterBatch | None = None,
    attempts: int = ATTEMPTS,
) -> list[IngestResult]:
    """Return one result per item (in order) after storing them all in one transaction.

    `also` runs inside that transaction with the results (an archive's new
    position, a finished partition), so it commits or rolls back with them.
    The statuses of the shows it touches are marked dirty, or computed when a
    catch-up is due (`show_current.defer_or_catch_up`); the caller runs
    `show_current.catch_up` at the end of its run.
    A collision with another writer (a key it stored first, a deadlock) retries
    the whole batch, up to `attempts` times (its keys are read again); other
    database failures raise StoreError with a hint.
    """
    for attempt in range(1, attempts + 1):
        try:
            with Session(engine) as session, session.begin():
                show_current.defer_or_catch_up(session)
                results = store_in_session(session, items)
                if also is not None:
                    also(session, results)
                return results
        except (IntegrityError, OperationalError) as e:
            if isinstance(e, OperationalError) and not _collided(e):
                raise StoreError(
                    f"a batch of {len(items)} documents could not be stored: {e}".splitlines()[0],
                    hint="check the database is reachable and not read-only",
                ) from e
            log.debug("batch of %d collided (attempt %d): %s", len(items), attempt, e.orig)
            if attempt == attempts:
                raise StoreError(
                    f"a batch of {len(items)} documents could not be stored: {e.orig}".splitlines()[
                        0
                    ],
                    hint="another process kept writing the same rows; try again",
                ) from e
        except SQLAlchemyError as e:
            raise StoreError(
                f"a batch of {len(items)} documents could not be stored: {e}".splitlines()[0],
                hint="check the database is reachable and not read-only",
            ) from e
    raise AssertionError("unreachable")  # pragma: no cover


def _collided(error: OperationalError) -> bool:
    """Return True for PostgreSQL's deadlock and serialization failures: a retry succeeds."""
    return getattr(error.orig, "sqlstate", None) in ("40P01", "40001")


def store_in_session(session: Session, items: Sequence[BatchItem]) -> list[IngestResult]:
    """Return one result per item after storing them inside the caller's transaction."""
    if not items:
        return []
    stored = stored_index(session)  # the catalog's signature: one query per batch
    if len(stored.index):
        results = []
        for item in items:
            result = ingest_in_session(session, item.extraction, stored=stored)
            if item.url:
                add_source_url(session, result.document_id, item.url, item.outlet)
            results.append(result)
        return results
    return _CoreBatch(session).store(items)


def chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    """Yield `values` in slices of at most CHUNK (one IN list each)."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def insert_returning_ids(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Return the ids of `rows` inserted into `table` (one multi-row INSERT), in their order."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` into `table` as one executemany (nothing returned)."""
    if rows:
        session.execute(insert(table), rows)


@dataclass
class _Show:
    """A show a batch mentions: its id once known, and the network its first mention names."""

    id: int | None
    title: str
    network_id: int | None  # as stored (None for a new show)
    network_key: str | None = None  # the first network named with it, while it has none
    stored: bool = True  # False: the batch inserts it


@dataclass
class _CoreBatch:
    """The rows of one batch, planned in memory, then inserted table by table."""

    session: Session
    networks: dict[str, int | None] = field(default_factory=dict)
    network_names: dict[str, str] = field(default_factory=dict)
    shows: dict[str, _Show] = field(default_factory=dict)

    def store(self, items: Sequence[BatchItem]) -> list[IngestResult]:
        keys = [_doc_keys(item.extraction) for item in items]
        doc_ids, new = self._documents(items, keys)
        fresh = [(items[i].extraction, doc_ids[i]) for i in new]
        self._preload_names([x for x, _ in fresh])
        # Planned in mention order: the per-document path creates shows and networks so.
        planned = []
        for x, _ in fresh:
            planned.append(self._plan_events(x))
            for title in mentions(x):
                self._show(title)
        self._insert_names()
        added = self._insert_events(fresh, planned)
        # Statuses change for shows with new events, new shows and shows given a network.
        touch(self.session, {self.shows[key].id for events in planned for _, key, _, _ in events})
        touch(self.session, (s.id for s in self.shows.values() if not s.stored or s.network_key))
        show_ids = {key: show.id for key, show in self.shows.items() if show.id is not None}
        insert_facts(self.session, show_ids, fresh)
        self._insert_sources(items, doc_ids)
        counts = dict(zip(new, added, strict=True))
        return [
            IngestResult(document_id=doc_ids[i], created=i in counts, events_added=counts.get(i, 0))
            for i in range(len(items))
        ]

    def _documents(
        self, items: Sequence[BatchItem], keys: list[tuple[str, str | None]]
    ) -> tuple[list[int], list[int]]:
        """Return every item's document id and the indexes of the items that are new."""
        by_hash: dict[str, int] = {}
        by_url: dict[str, int] = {}
        columns = select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.canonical_url)
        for part in chunks(sorted({d for d, _ in keys})):
            self._index(by_hash, by_url, columns.where(DocumentRow.content_hash.in_(part)))
        for part in chunks(sorted({c for _, c in keys if c})):
            self._index(by_hash, by_url, columns.where(DocumentRow.canonical_url.in_(part)))
        ids: list[int] = []
        new: list[int] = []
        rows: list[dict[str, Any]] = []
        for i, (digest, canonical) in enumerate(keys):
            found = [x for x in (by_hash.get(digest), by_url.get(canonical or "")) if x is not None]
            if found:
                ids.append(min(found))  # a placeholder (< 0) while its row is not inserted
                continue
            marker = -(len(rows) + 1)
            by_hash[digest] = marker
            if canonical:
                by_url[canonical] = marker
            rows.append(_document_row(items[i].extraction, digest, canonical))
            ids.append(marker)
            new.append(i)
        real = insert_returning_ids(self.session, table_of(DocumentRow), rows)
        return [real[-x - 1] if x < 0 else x for x in ids], new

    def _index(self, by_hash: dict[str, int], by_url: dict[str, int], query: Any) -> None:
        for doc_id, digest, canonical in self.session.execute(query):
            by_hash[digest] = min(doc_id, by_hash.get(digest, doc_id))
            if canonical:
                by_url[canonical] = min(doc_id, by_url.get(canonical, doc_id))

    def _preload_names(self, fresh: Sequence[Extraction]) -> None:
        networks = sorted(
            {name_key(today_name(e.network) or "")[:200] for x in fresh for e in x.events} - {""}
        )
        for part in chunks(networks):
            named = select(NetworkRow.key, NetworkRow.id).where(NetworkRow.key.in_(part))
            self.networks.update({k: i for k, i in self.session.execute(named)})
        titles = {e.show for x in fresh for e in x.events}
        titles |= {title for x in fresh for title in mentions(x)}
        keys = sorted({k[:300] for k in map(name_key, titles) if k})
        for part in chunks(keys):
            query = select(ShowRow.id, ShowRow.title, ShowRow.network_id, ShowRow.key)
            for show_id, title, network_id, key in self.session.execute(
                query.where(ShowRow.key.in_(part))
            ):
                self.shows[key] = _Show(show_id, title, network_id)
        for part in chunks([k for k in keys if k not in self.shows]):
            query = (
                select(ShowRow.id, ShowRow.title, ShowRow.network_id, ShowAliasRow.key)
                .join(ShowAliasRow, ShowAliasRow.show_id == ShowRow.id)
                .where(ShowAliasRow.key.in_(part))
            )
            for show_id, title, network_id, key in self.session.execute(query):
                self.shows[key] = _Show(show_id, title, network_id)

    def _network(self, name: str | None) -> str | None:
        """Return the key of today's network called `name` (to be inserted if new), or None."""
        name = today_name(name)
        key = name_key(name or "")[:200]
        if not key or name is None:
            return None
        if key not in self.networks:
            self.networks[key] = None
            self.network_names[key] = clip(name, 200) or key
        return key

    def _show(self, title: str, network: str | None = None) -> str | None:
        """Return the key of the show titled `title` (to be inserted if new), or None."""
        key = name_key(title)[:300]
        if not key:
            return None
        show = self.shows.get(key)
        if show is None:
            show = self.shows[key] = _Show(None, clip(title, 300) or key, None, stored=False)
        if show.network_id is None and show.network_key is None:
            show.network_key = network
        return key

    def _plan_events(self, x: Extraction) -> list[tuple[StatusEvent, str, str | None, str]]:
        """Return (event, show key, network key, fingerprint) of each event to store."""
        seen: set[str] = set()
        planned = []
        for event in x.events:
            mark = fingerprint(event)
            if mark in seen:
                continue
            network = self._network(event.network)
            show = self._show(event.show, network)
            if show is None:
                continue
            seen.add(mark)
            planned.append((event, show, network, mark))
        return planned

    def _insert_names(self) -> None:
        """Insert the new networks and shows, first mention first, and fill in their ids."""
        fresh = [k for k, v in self.networks.items() if v is None]
        rows: list[dict[str, Any]] = [{"name": self.network_names[k], "key": k} for k in fresh]
        ids = insert_returning_ids(self.session, table_of(NetworkRow), rows)
        self.networks.update(zip(fresh, ids, strict=True))
        new = [(k, s) for k, s in self.shows.items() if s.id is None]
        rows = [
            {"title": s.title, "key": k, "network_id": self._network_id(s.network_key)}
            for k, s in new
        ]
        for (_, show), show_id in zip(
            new, insert_returning_ids(self.session, table_of(ShowRow), rows), strict=True
        ):
            show.id = show_id
        named = [
            {"b_id": s.id, "b_network": self._network_id(s.network_key)}
            for s in self.shows.values()
            if s.stored and s.network_id is None and s.network_key is not None
        ]
        if named:
            table = table_of(ShowRow)
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(network_id=bindparam("b_network"))
            )
            self.session.execute(statement, named)

    def _network_id(self, key: str | None) -> int | None:
        return self.networks[key] if key is not None else None

    def _insert_events(
        self,
        fresh: Sequence[tuple[Extraction, int]],
        planned: Sequence[list[tuple[StatusEvent, str, str | None, str]]],
    ) -> list[int]:
        rows = []
        for (x, doc_id), events in zip(fresh, planned, strict=True):
            for event, show, network, mark in events:
                rows.append(
                    {
                        "show_id": self.shows[show].id,
                        "network_id": self._network_id(network),
                        "network_named": as_named(event.network, network),
                        "status": str(event.status),
                        "season": event.season,
                        # DESIGN: the date of the decision where stated, else the article's.
                        "date": event.date or x.document.published,
                        "speculative": event.speculative,
                        "confidence": min(1.0, max(0.0, float(event.confidence))),
                        "evidence": event.evidence,
                        "attribution": clip(event.attribution, 200),
                        "document_id": doc_id,
                        "fingerprint": mark,
                        "is_correction": False,
                    }
                )
        insert_rows(self.session, table_of(EventRow), rows)
        return [len(events) for events in planned]

    def _insert_sources(self, items: Sequence[BatchItem], doc_ids: list[int]) -> None:
        wanted = [
            (doc_id, canonical_url(item.url)[:2000], clip(item.outlet, 200))
            for item, doc_id in zip(items, doc_ids, strict=True)
            if item.url
        ]
        known: set[tuple[int, str]] = set()
        pairs = sorted({(d, u) for d, u, _ in wanted})
        for part in chunks(pairs):
            query = select(DocumentSourceRow.document_id, DocumentSourceRow.url).where(
                tuple_(DocumentSourceRow.document_id, DocumentSourceRow.url).in_(part)
            )
            known.update((d, u) for d, u in self.session.execute(query))
        rows = []
        for doc_id, url, outlet in wanted:
            if (doc_id, url) not in known:
                known.add((doc_id, url))
                rows.append({"document_id": doc_id, "url": url, "outlet": outlet})
        insert_rows(self.session, table_of(DocumentSourceRow), rows)


def _doc_keys(x: Extraction) -> tuple[str, str | None]:
    doc = x.document
    return doc.content_hash or content_hash(doc.text), canonical_url(doc.url) if doc.url else None


def _document_row(x: Extraction, digest: str, canonical: str | None) -> dict[str, Any]:
    doc = x.document
    return {
        "source": doc.source,
        "url": doc.url,
        "canonical_url": canonical[:2000] if canonical else None,
        "title": doc.title,
        "outlet": clip(doc.outlet, 200),
        "published": doc.published,
        "content_hash": digest,
    }
