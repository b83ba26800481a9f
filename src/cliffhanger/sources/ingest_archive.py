"""Ingesting a JSONL or WARC archive: streamed, extracted in a process pool, stored in batches.

Documents are extracted by `extract_pool` (several processes, in order) and
stored by one writer, `batch_size` documents per transaction (`store.bulk`),
together with the archive's new position. What was committed stays and a
re-run starts after it: a run killed half-way (even with SIGKILL) loses
nothing and duplicates nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Extraction
from cliffhanger.sources.archives import ArchiveItem, read_archive
from cliffhanger.sources.extract_pool import extracted
from cliffhanger.store import archive_repository as archives
from cliffhanger.store import show_current
from cliffhanger.store.bulk import BatchItem, store_batch
from cliffhanger.store.ingest import IngestResult
from cliffhanger.store.source_repository import Stored

log = logging.getLogger(__name__)
BATCH_SIZE = 200  # documents per transaction
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
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> ArchiveReport:
    """Return the report of ingesting every record of an archive not committed by an earlier run.

    `workers` processes extract (1: in this process); every `batch_size`
    documents are committed in one transaction with the archive's position.
    `on_item` is called after each record once its batch is committed (for a
    progress bar); `stop` is asked before each record is read, and a True
    answer ends the run once what was read is committed.
    """
    size = archive_size(path)
    where = Path(path).resolve()
    mark = archives.start_archive(engine, str(where), size, where.stat().st_mtime_ns)
    if mark.finished:
        return ArchiveReport(path, skipped=mark.documents + mark.errors, already_done=True)
    run = _Run(engine, mark.id, on_item)
    skipped = 0
    stopped = False

    def records() -> Iterator[ArchiveItem]:
        nonlocal skipped, stopped
        for item in read_archive(path, start=mark.position):
            # Resuming re-reads the record at the committed position; it (and before) is done.
            if mark.position and 0 <= item.position <= mark.position:
                skipped += 1
                continue
            if stop is not None and stop():
                stopped = True
                return
            yield item

    batch: list[tuple[ArchiveItem, Extraction | None]] = []
    for pair in extracted(records(), workers):
        batch.append(pair)
        if len(batch) >= batch_size:
            run.commit(batch)
            batch = []
    run.commit(batch)
    show_current.catch_up(engine)  # the statuses the batches left to compute
    if not stopped:
        archives.advance_archive(engine, mark.id, 0, finished=True)
    return ArchiveReport(
        path,
        read=run.read,
        new=run.new,
        events=run.events,
        errors=run.errors,
        skipped=skipped,
        resumed_at=mark.position,
    )


@dataclass
class _Run:
    """The writer's side of one archive run: commits batches and counts what they did."""

    engine: Engine
    progress_id: int
    on_item: OnItem | None
    read: int = 0
    new: int = 0
    events: int = 0
    errors: int = 0

    def commit(self, batch: list[tuple[ArchiveItem, Extraction | None]]) -> None:
        """Store one batch with the archive's new position, in one transaction."""
        if not batch:
            return
        stored = [(item, x) for item, x in batch if x is not None]
        unreadable = len(batch) - len(stored)
        position = max(max(item.position for item, _ in batch), 0)
        for item, x in batch:
            if x is None:
                log.warning("%s", item.error)

        def advance(session: Session, results: list[IngestResult]) -> None:
            archives.advance_in_session(
                session, self.progress_id, position, documents=len(results), errors=unreadable
            )

        items = [BatchItem(x, url=x.document.url, outlet=x.document.outlet) for _, x in stored]
        results = iter(store_batch(self.engine, items, also=advance))
        self.errors += unreadable
        for item, x in batch:
            result = next(results) if x is not None else None
            outcome = None
            if result is not None:
                outcome = Stored(result.document_id, result.created, result.events_added)
                self.read += 1
                self.new += result.created
                self.events += result.events_added
            if self.on_item is not None:
                self.on_item(item, outcome)
