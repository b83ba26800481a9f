"""Tables for where news comes from: watched feeds, their items, a document's sources, archives.

Every change here goes with an Alembic revision (`0003_sources` created them).
Times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cliffhanger.store.tables import Base, utcnow


class SourceRow(Base):
    """A feed Cliffhanger polls: its cache validators, schedule, errors and lease."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # NULL: due now. Set after each poll: the interval on success, a backoff after errors.
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    # A watcher's lease on the feed: nobody else polls it until `claimed_until`.
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SourceItemRow(Base):
    """One entry of a feed, fetched once: the document it gave, or why it could not be read."""

    __tablename__ = "source_items"
    __table_args__ = (UniqueConstraint("source_id", "guid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(2000))
    link: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    error: Mapped[str | None] = mapped_column(Text)


class DocumentSourceRow(Base):
    """A URL a document was found at: a syndicated story is one document with several of these."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000), index=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ArchiveProgressRow(Base):
    """How far an archive file has been ingested, so a re-run resumes after the last commit.

    The file is known by its path, size and modification time: a changed file starts over
    (harmless, ingestion is idempotent, only slower).
    """

    __tablename__ = "archive_progress"
    __table_args__ = (UniqueConstraint("path", "size", "mtime_ns"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(2000))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    # The `position` of the last record committed (JSONL line, WARC byte offset); 0: none.
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BackfillPartitionRow(Base):
    """A finished partition of a backfill: lines `first`..`last` of an archive, stored whole.

    Written in the same transaction as the partition's documents, so a partition
    is either stored and recorded, or neither; a resumed backfill skips it.
    """

    __tablename__ = "backfill_partitions"
    __table_args__ = (UniqueConstraint("archive", "size", "mtime_ns", "first"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    archive: Mapped[str] = mapped_column(String(2000))
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    first: Mapped[int] = mapped_column(BigInteger)  # first JSONL line (1-based)
    last: Mapped[int] = mapped_column(BigInteger)  # last JSONL line, inclusive
    documents: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
