"""Backfill: the plain extraction mapped over partitions of JSONL archives on a Dask cluster.

An archive is cut into partitions of `partition_size` lines. Each partition is
one Dask task, run on any worker: it reads its lines, extracts them with the
same `extract` as `ingest`, and stores them with `store.bulk` in one
transaction that also records the partition as finished
(`backfill_partitions`). A backfill that is stopped or loses a worker is run
again with the same arguments: finished partitions are skipped, the rest run,
and nothing is stored twice (documents are keyed by hash and URL anyway).

Workers open the database themselves from its URL, so every worker must reach
the database and read the archive at the same path (a shared filesystem on a
real cluster). `LocalCluster` (`--workers N`) runs the same tasks in local
processes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError
from cliffhanger.sources.archives import ArchiveItem, open_binary, read_jsonl
from cliffhanger.sources.ingest_archive import archive_size
from cliffhanger.store import show_current
from cliffhanger.store.bulk import BatchItem, store_batch
from cliffhanger.store.ingest import IngestResult
from cliffhanger.store.source_tables import BackfillPartitionRow

log = logging.getLogger(__name__)
PARTITION_SIZE = 1000  # lines per task
ATTEMPTS = 20  # partitions on many workers collide on new shows more often than one writer
SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True)
class Partition:
    """Lines `first`..`last` (1-based, inclusive) of the archive at `archive` (absolute)."""

    archive: str
    size: int
    mtime_ns: int
    first: int
    last: int


@dataclass(frozen=True)
class PartitionReport:
    """What one partition stored: documents read, new ones, events, unreadable records."""

    partition: Partition
    read: int = 0
    new: int = 0
    events: int = 0
    errors: int = 0


@dataclass(frozen=True)
class BackfillReport:
    """A backfill run: partitions in all, done by earlier runs, and what this run stored."""

    partitions: int
    skipped: int
    read: int
    new: int
    events: int
    errors: int


def plan(paths: Sequence[str], partition_size: int = PARTITION_SIZE) -> list[Partition]:
    """Return the partitions of the JSONL archives at `paths`, in archive and line order.

    Raises NotFoundError for a missing file and InputError for one that is not
    a JSONL archive or cannot be read.
    """
    if partition_size < 1:
        raise InputError("a partition needs at least one line", hint="use --partition 1000")
    found = []
    for path in paths:
        if not path.lower().endswith(SUFFIXES):
            raise InputError(
                f"{path}: a backfill reads JSONL archives",
                hint="give .jsonl or .jsonl.gz files (WARC files: `cliffhanger ingest`)",
            )
        size = archive_size(path)
        where = Path(path).resolve()
        lines = _count_lines(where)
        mtime = where.stat().st_mtime_ns
        for first in range(1, lines + 1, partition_size):
            last = min(lines, first + partition_size - 1)
            found.append(Partition(str(where), size, mtime, first, last))
    return found


def _count_lines(path: Path) -> int:
    try:
        with open_binary(path) as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    except (OSError, EOFError) as e:
        raise InputError(f"{path}: cannot read: {e}") from e


def finished(engine: Engine, partitions: Sequence[Partition]) -> set[Partition]:
    """Return the partitions among `partitions` that an earlier run stored."""
    archives = sorted({p.archive for p in partitions})
    done: set[tuple[str, int, int, int]] = set()
    with Session(engine) as session:
        query = select(
            BackfillPartitionRow.archive,
            BackfillPartitionRow.size,
            BackfillPartitionRow.mtime_ns,
            BackfillPartitionRow.first,
        ).where(BackfillPartitionRow.archive.in_(archives))
        done = {(a, s, m, f) for a, s, m, f in session.execute(query)}
    return {p for p in partitions if (p.archive, p.size, p.mtime_ns, p.first) in done}


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(url: str) -> Engine:
    """Return this worker process's engine on `url` (opened, schema checked, once)."""
    from cliffhanger.store.engine import open_store

    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = open_store(url)
        return _ENGINES[url]


def run_partition(partition: Partition, url: str) -> PartitionReport:
    """Return what storing one partition did: extract its lines, store them in one transaction.

    The task each Dask worker runs. A partition recorded as finished (by a run
    that raced this one) is stored again harmlessly: its documents are known.
    """
    from cliffhanger.extraction import extract

    engine = _engine(url)
    items = list(_lines(partition))
    unreadable = sum(1 for i in items if i.document is None)
    batch = [
        BatchItem(x, url=x.document.url, outlet=x.document.outlet)
        for x in (extract(i.document) for i in items if i.document is not None)
    ]

    def record(session: Session, results: list[IngestResult]) -> None:
        exists = session.scalar(
            select(BackfillPartitionRow.id).where(
                BackfillPartitionRow.archive == partition.archive,
                BackfillPartitionRow.size == partition.size,
                BackfillPartitionRow.mtime_ns == partition.mtime_ns,
                BackfillPartitionRow.first == partition.first,
            )
        )
        if exists is None:
            session.add(
                BackfillPartitionRow(
                    archive=partition.archive,
                    size=partition.size,
                    mtime_ns=partition.mtime_ns,
                    first=partition.first,
                    last=partition.last,
                    documents=len(results),
                    errors=unreadable,
                )
            )

    results = store_batch(engine, batch, also=record, attempts=ATTEMPTS)
    return PartitionReport(
        partition,
        read=len(results),
        new=sum(r.created for r in results),
        events=sum(r.events_added for r in results),
        errors=unreadable,
    )


def _lines(partition: Partition) -> Iterator[ArchiveItem]:
    count = partition.last - partition.first + 1
    for item in islice(read_jsonl(partition.archive, start_line=partition.first), count):
        if item.position > partition.last:
            break
        if item.document is None:
            log.warning("%s", item.error)
        yield item


def backfill(
    url: str,
    paths: Sequence[str],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    on_partition: Callable[[PartitionReport], None] | None = None,
) -> BackfillReport:
    """Return the report of storing every partition of `paths` an earlier run did not finish.

    `scheduler` is a Dask scheduler address (tcp://host:8786); without one a
    `LocalCluster` of `workers` processes (default: one per CPU) runs here.
    The database at `url` is migrated first; workers open it themselves.
    Raises InputError for unreadable archives or an unreachable scheduler.
    """
    from cliffhanger.store.engine import open_store

    engine = open_store(url)
    try:
        partitions = plan(paths, partition_size)
        done = finished(engine, partitions)
    finally:
        engine.dispose()
    todo = [p for p in partitions if p not in done]
    totals = {"read": 0, "new": 0, "events": 0, "errors": 0}
    if todo:
        with _client(scheduler, workers) as client:
            _run(client, todo, url, totals, on_partition)
    engine = open_store(url)
    try:
        show_current.catch_up(engine)  # the statuses the partitions left to compute
    finally:
        engine.dispose()
    return BackfillReport(partitions=len(partitions), skipped=len(done), **totals)


def _run(
    client: Any,
    todo: list[Partition],
    url: str,
    totals: dict[str, int],
    on_partition: Callable[[PartitionReport], None] | None,
) -> None:
    from distributed import as_completed

    futures = client.map(run_partition, todo, url=url, pure=False)
    for future in as_completed(futures):
        report: PartitionReport = future.result()
        totals["read"] += report.read
        totals["new"] += report.new
        totals["events"] += report.events
        totals["errors"] += report.errors
        if on_partition is not None:
            on_partition(report)


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """Yield a Dask client on `scheduler`, or on a LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    from cliffhanger.sources.extract_pool import default_workers

    # Dask's client logs a comm closed at shutdown at INFO, traceback included: not the
    # user's business (its errors still show).
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise InputError(
            f"cannot reach the Dask scheduler {scheduler}: {e}".splitlines()[0],
            hint="start one with `dask scheduler`, or drop --scheduler to run locally",
        ) from e
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
