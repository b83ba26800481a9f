"""Storing an extraction: one transaction per document, idempotent by content hash and URL."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.documents.hashing import canonical_url, content_hash
from cliffhanger.errors import StoreError
from cliffhanger.model import (
    CastFact,
    CliffhangerFact,
    Document,
    Extraction,
    SeasonFact,
    StatusEvent,
)
from cliffhanger.resolution.networks import default_index
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.linking import Link, Linker, StoredIndex
from cliffhanger.store.tables import (
    CastRow,
    CliffhangerRow,
    DocumentRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowAliasRow,
    ShowRow,
)
from cliffhanger.store.versioning import touch

log = logging.getLogger(__name__)
ATTEMPTS = 3


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did: the document's id, whether it was new, and events stored."""

    document_id: int
    created: bool
    events_added: int


def ingest(
    engine: Engine,
    extraction: Extraction,
    also: Callable[[Session, IngestResult], None] | None = None,
) -> IngestResult:
    """Return the result of storing `extraction` in one transaction (a known document: no-op).

    `also` runs inside that transaction with the result (a source URL row, an
    archive's position), so it commits or rolls back with the document; on a
    collision with another writer the whole transaction is retried.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with Session(engine) as session, session.begin():
                result = ingest_in_session(session, extraction)
                if also is not None:
                    also(session, result)
                return result
        except IntegrityError as e:
            # Another writer stored the same document, show or network a moment before us:
            # our transaction is rolled back whole, and a retry finds its rows.
            log.debug(
                "ingest of %s collided (attempt %d): %s",
                extraction.document.source,
                attempt,
                e.orig,
            )
            if attempt == ATTEMPTS:
                raise StoreError(
                    f"{extraction.document.source}: could not be stored: {e.orig}".splitlines()[0],
                    hint="another process kept writing the same rows; try again",
                ) from e
        except SQLAlchemyError as e:
            raise StoreError(
                f"{extraction.document.source}: could not be stored: {e}".splitlines()[0],
                hint="check the database is reachable and not read-only",
            ) from e
    raise AssertionError("unreachable")  # pragma: no cover


class Resolver:
    """Finds or creates shows and networks by key, caching them for one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._shows: dict[str, ShowRow] = {}
        self._networks: dict[str, NetworkRow] = {}

    def network(self, name: str | None) -> NetworkRow | None:
        """Return the row of today's name of network `name` (created on first mention), or None.

        Renames are followed at ingest (`NetworkIndex.current`): "HBO Max" is
        stored as Max, "CBS All Access" as Paramount+; the event keeps the
        name its source used in `network_named`.
        """
        name = today_name(name)
        key = name_key(name or "")
        if not key or name is None:
            return None
        if key not in self._networks:
            row = self.session.scalar(select(NetworkRow).where(NetworkRow.key == key))
            if row is None:
                row = NetworkRow(name=clip(name, 200), key=key[:200])
                self.session.add(row)
                self.session.flush()
            self._networks[key] = row
        return self._networks[key]

    def bind(self, title: str, row: ShowRow) -> None:
        """Return once `title` finds `row` for the rest of the transaction (a resolved link)."""
        key = name_key(title)
        if key:
            self._shows[key] = row

    def show(self, title: str, network: NetworkRow | None = None) -> ShowRow | None:
        """Return the show row titled `title` (or an alias of it), created on first mention."""
        key = name_key(title)
        if not key:
            return None
        if key not in self._shows:
            row = self.session.scalar(select(ShowRow).where(ShowRow.key == key))
            if row is None:
                row = self.session.scalar(
                    select(ShowRow).join(ShowAliasRow).where(ShowAliasRow.key == key)
                )
            if row is None:
                row = ShowRow(title=clip(title, 300), key=key[:300])
                self.session.add(row)
                self.session.flush()
                touch(self.session, [row.id])  # a new show has a status: pending
            self._shows[key] = row
        row = self._shows[key]
        if row.network_id is None and network is not None:
            row.network_id = network.id
        return row


def ingest_in_session(
    session: Session, extraction: Extraction, stored: StoredIndex | None = None
) -> IngestResult:
    """Return the result of storing `extraction` inside the caller's transaction.

    `stored` is the catalog index when the caller already has it (a batch).
    """
    doc = extraction.document
    digest = doc.content_hash or content_hash(doc.text)
    canonical = canonical_url(doc.url) if doc.url else None
    known = _find_document(session, digest, canonical)
    if known is not None:
        return IngestResult(document_id=known, created=False, events_added=0)
    row = _document_row(doc, digest, canonical)
    session.add(row)
    session.flush()
    resolver = Resolver(session)
    linker = Linker(session, extraction, stored)
    added = _add_events(session, resolver, linker, row, extraction.events)
    _add_cast(session, resolver, row.id, extraction.cast)
    _add_seasons(session, resolver, row.id, extraction.seasons)
    _add_cliffhangers(session, resolver, row.id, extraction.cliffhangers)
    return IngestResult(document_id=row.id, created=True, events_added=added)


def _find_document(session: Session, digest: str, canonical: str | None) -> int | None:
    same = DocumentRow.content_hash == digest
    if canonical:
        same = or_(same, DocumentRow.canonical_url == canonical)
    return session.scalar(select(DocumentRow.id).where(same).limit(1))


def _document_row(doc: Document, digest: str, canonical: str | None) -> DocumentRow:
    return DocumentRow(
        source=doc.source,
        url=doc.url,
        canonical_url=canonical[:2000] if canonical else None,
        title=doc.title,
        outlet=clip(doc.outlet, 200),
        published=doc.published,
        content_hash=digest,
    )


def fingerprint(event: StatusEvent) -> str:
    """Return a hash identifying `event` within its document (same facts, same hash)."""
    parts = (
        name_key(event.show),
        str(event.status),
        str(event.season),
        name_key(event.network or ""),
        event.date.isoformat() if event.date else "",
        str(event.speculative),
        " ".join(event.evidence.split()),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _add_events(
    session: Session,
    resolver: Resolver,
    linker: Linker,
    doc: DocumentRow,
    events: Iterable[StatusEvent],
) -> int:
    seen: set[str] = set()
    links: list[tuple[EventRow, Link]] = []
    shows: set[int] = set()
    for event in events:
        mark = fingerprint(event)
        if mark in seen:
            continue
        network = resolver.network(event.network)
        # The stored catalog decides which show a mention names; without one, the title does.
        link = linker.link(event, network, resolver)
        show = link.show if link is not None else resolver.show(event.show, network)
        if show is None:
            continue
        seen.add(mark)
        shows.add(show.id)
        row = EventRow(
            show_id=show.id,
            network_id=network.id if network else None,
            network_named=as_named(event.network, network.key if network else None),
            status=str(event.status),
            season=event.season,
            # DESIGN: the date of the decision where stated, else the article's date.
            date=event.date or doc.published,
            speculative=event.speculative,
            confidence=min(1.0, max(0.0, float(event.confidence))),
            evidence=event.evidence,
            attribution=clip(event.attribution, 200),
            document_id=doc.id,
            fingerprint=mark,
        )
        session.add(row)
        if link is not None:
            links.append((row, link))
    session.flush()
    linker.record(links)
    touch(session, shows)
    return len(seen)


def today_name(name: str | None) -> str | None:
    """Return today's name of network `name` (renames followed: HBO Max -> Max), else as given."""
    if name is None or not name.strip():
        return name
    return default_index().current(name) or name


def as_named(named: str | None, stored_key: str | None) -> str | None:
    """Return the network name the source used when it differs from the stored (renamed) one.

    `stored_key` is the stored network's key; spellings of one network ("CW",
    "The CW") are not a rename and give None.
    """
    if not named or stored_key is None or name_key(named)[:200] == stored_key:
        return None
    canonical = default_index().canonical(named) or named
    return clip(canonical, 200) if name_key(canonical)[:200] != stored_key else None


def _add_cast(session: Session, resolver: Resolver, doc_id: int, facts: Iterable[CastFact]) -> None:
    for fact in facts:
        show = resolver.show(fact.show)
        person, character = clip(fact.person, 300), clip(fact.character, 300)
        if show is None or not person or not character:
            continue
        exists = session.scalar(
            select(CastRow.id).where(
                CastRow.show_id == show.id,
                CastRow.person == person,
                CastRow.character == character,
            )
        )
        if exists is None:
            session.add(
                CastRow(show_id=show.id, person=person, character=character, document_id=doc_id)
            )
            session.flush()


def _add_seasons(
    session: Session, resolver: Resolver, doc_id: int, facts: Iterable[SeasonFact]
) -> None:
    for fact in facts:
        show = resolver.show(fact.show)
        if show is None:
            continue
        row = session.scalar(
            select(SeasonRow).where(SeasonRow.show_id == show.id, SeasonRow.season == fact.season)
        )
        if row is None:
            row = SeasonRow(show_id=show.id, season=fact.season, document_id=doc_id)
            session.add(row)
        # What is already known is kept; a later article only fills in what was missing.
        if row.episodes is None:
            row.episodes = fact.episodes
        if row.premiere is None:
            row.premiere = premiere_date(fact.premiere)
        session.flush()


def premiere_date(text: str | None) -> dt.date | None:
    """Return the date of an ISO premiere ("2022-08-26"); None for a yearless "--08-26"."""
    if not text or text.startswith("--"):
        # No year: not a date the stats can count from, so it is not stored.
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        log.debug("premiere %r is not an ISO date; not stored", text)
        return None


def _add_cliffhangers(
    session: Session, resolver: Resolver, doc_id: int, facts: Iterable[CliffhangerFact]
) -> None:
    for fact in facts:
        show = resolver.show(fact.show)
        if show is None:
            continue
        season = CliffhangerRow.season
        exists = session.scalar(
            select(CliffhangerRow.id).where(
                CliffhangerRow.show_id == show.id,
                season.is_(None) if fact.season is None else season == fact.season,
            )
        )
        if exists is None:
            session.add(CliffhangerRow(show_id=show.id, season=fact.season, document_id=doc_id))
            session.flush()
