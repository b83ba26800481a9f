"""Archive progress: how far a bulk archive's ingest has committed, so a re-run resumes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.errors import NotFoundError, StoreError
from cliffhanger.store.source_tables import ArchiveProgressRow
from cliffhanger.store.tables import utcnow


@dataclass(frozen=True)
class ArchiveMark:
    """An archive's progress: its id, the last committed position, counts, finished or not."""

    id: int
    position: int
    documents: int
    errors: int
    finished: bool


def start_archive(
    engine: Engine, path: str, size: int, mtime_ns: int, _retry: bool = True
) -> ArchiveMark:
    """Return the progress of the archive at `path` (of this size and mtime), created if new."""
    try:
        with Session(engine) as session, session.begin():
            row = session.scalar(
                select(ArchiveProgressRow).where(
                    ArchiveProgressRow.path == path[:2000],
                    ArchiveProgressRow.size == size,
                    ArchiveProgressRow.mtime_ns == mtime_ns,
                )
            )
            if row is None:
                row = ArchiveProgressRow(
                    path=path[:2000], size=size, mtime_ns=mtime_ns, position=0, documents=0
                )
                row.errors = 0
                session.add(row)
                session.flush()
            return ArchiveMark(
                row.id, row.position, row.documents, row.errors, row.finished_at is not None
            )
    except IntegrityError:
        # Another run of the same archive created the row a moment before us.
        if _retry:
            return start_archive(engine, path, size, mtime_ns, _retry=False)
        raise
    except SQLAlchemyError as e:
        raise store_error(path, e) from e


def advance_archive(
    engine: Engine, progress_id: int, position: int, *, errors: int = 0, finished: bool = False
) -> None:
    """Return once the archive's committed position (and error count) moved forward."""
    try:
        with Session(engine) as session, session.begin():
            advance_in_session(session, progress_id, position, errors=errors, finished=finished)
    except SQLAlchemyError as e:
        raise store_error("archive progress", e) from e


def advance_in_session(
    session: Session,
    progress_id: int,
    position: int,
    *,
    documents: int = 0,
    errors: int = 0,
    finished: bool = False,
) -> None:
    """Move an archive's progress inside the caller's transaction (with the document it read)."""
    row = session.get(ArchiveProgressRow, progress_id)
    if row is None:
        raise NotFoundError(f"no archive progress with id {progress_id}")
    row.position = max(row.position, position)
    row.documents += documents
    row.errors += errors
    row.updated_at = utcnow()
    if finished:
        row.finished_at = row.updated_at


def store_error(what: str, error: SQLAlchemyError) -> StoreError:
    """Return a one-line StoreError for a failed write, with a hint."""
    return StoreError(
        f"{what}: could not be stored: {error}".splitlines()[0],
        hint="check the database is reachable and not read-only",
    )
