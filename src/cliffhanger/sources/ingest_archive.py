"""Ingesting a JSONL or WARC archive: streamed, one commit per document, resumable.

Each document is stored in one transaction together with the archive's new
position, so what was committed stays and a re-run starts after it: a run
killed half-way (even with SIGKILL) loses nothing and duplicates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.extraction import extract
from cliffhanger.sources.archives import ArchiveItem, read_archive
from cliffhanger.store import archive_repository as archives
from cliffhanger.store import source_repository as repo
from cliffhanger.store.source_repository import Stored

log = logging.getLogger(__name__)
ARCHIVE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".warc", ".warc.gz")

OnItem = Callable[[ArchiveItem, Stored | None], None]


def is_archive(path: str) -> bool:
    """Return True if `path` names a JSONL or WARC archive (optionally gzipped)."""
    return path.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class ArchiveReport:
    """What a run over an archive did; `skipped` records were committed by an earlier run."""

    path: str
    read: int = 0
    new: int = 0
    events: int = 0
    errors: int = 0
    skipped: int = 0
    resumed_at: int = 0  # the position an earlier run had committed (0: a fresh start)
    already_done: bool = False


def archive_size(path: str) -> int:
    """Return the size in bytes of the archive at `path` (NotFoundError if there is none)."""
    try:
        return Path(path).stat().st_size
    except FileNotFoundError as e:
        raise NotFoundError(f"{path}: no such file") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e


def ingest_archive(
    engine: Engine,
    path: str,
    *,
    on_item: OnItem | None = None,
    stop: Callable[[], bool] | None = None,
) -> ArchiveReport:
    """Return the report of ingesting every record of an archive not committed by an earlier run.

    `on_item` is called after each record (for a progress bar); `stop` is
    asked before each one, and a True answer ends the run after a commit.
    """
    size = archive_size(path)
    where = Path(path).resolve()
    mark = archives.start_archive(engine, str(where), size, where.stat().st_mtime_ns)
    if mark.finished:
        return ArchiveReport(path, skipped=mark.documents + mark.errors, already_done=True)
    read = new = events = errors = skipped = 0
    complete = True
    for item in read_archive(path, start=mark.position):
        # Resuming re-reads the record at the committed position; it (and anything before) is done.
        if mark.position and 0 <= item.position <= mark.position:
            skipped += 1
            continue
        if stop is not None and stop():
            complete = False
            break
        stored = None
        if item.document is None:
            log.warning("%s", item.error)
            errors += 1
            archives.advance_archive(engine, mark.id, max(item.position, 0), errors=1)
        else:
            doc = item.document
            stored = repo.store_document(
                engine,
                extract(doc),
                url=doc.url,
                outlet=doc.outlet,
                archive=(mark.id, item.position),
            )
            read += 1
            new += stored.created
            events += stored.events_added
        if on_item is not None:
            on_item(item, stored)
    if complete:
        archives.advance_archive(engine, mark.id, 0, finished=True)
    return ArchiveReport(
        path,
        read=read,
        new=new,
        events=events,
        errors=errors,
        skipped=skipped,
        resumed_at=mark.position,
    )
