"""Extraction in a process pool, in the archive's order, a bounded number of chunks ahead.

The writer (one process, one database connection) asks `extracted(items)` for
(item, extraction) pairs in the order the archive gave them; with more than
one worker, chunks of documents are extracted in a `forkserver` pool while
the writer stores earlier ones. At most `AHEAD` chunks per worker are in
flight, so memory stays flat on any archive size. The pool starts only once
an archive has more than one chunk: a small archive never pays for it.

Workers end themselves when the process that started them is gone (a run
killed with SIGKILL leaves no workers behind).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from cliffhanger.model import Document, Extraction
from cliffhanger.sources.archives import ArchiveItem

CHUNK = 64  # documents per task: large enough to hide the pickling, small enough to balance
AHEAD = 3  # chunks in flight per worker
_ORPHAN_CHECK_SECONDS = 1.0

Pair = tuple[ArchiveItem, Extraction | None]


def default_workers() -> int:
    """Return the default number of extraction processes: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_documents(documents: list[Document]) -> list[Extraction]:
    """Return the extraction of each document, in order (the task a worker runs)."""
    from cliffhanger.extraction import extract

    return [extract(doc) for doc in documents]


def extracted(items: Iterable[ArchiveItem], workers: int = 1) -> Iterator[Pair]:
    """Yield (item, extraction) for every item in order; an unreadable item gets None.

    `workers` above 1 extracts in that many processes; 1 extracts here.
    """
    iter_items = iter(items)
    chunks = iter(lambda: list(islice(iter_items, CHUNK)), [])
    first = next(chunks, None)
    if first is None:
        return
    if workers <= 1:
        yield from _here(first)
        for chunk in chunks:
            yield from _here(chunk)
        return
    second = next(chunks, None)
    if second is None:
        yield from _here(first)
        return
    yield from _pooled([first, second], chunks, workers)


def _here(chunk: list[ArchiveItem]) -> Iterator[Pair]:
    from cliffhanger.extraction import extract

    for item in chunk:
        yield item, extract(item.document) if item.document is not None else None


def _pooled(
    started: list[list[ArchiveItem]], chunks: Iterator[list[ArchiveItem]], workers: int
) -> Iterator[Pair]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cliffhanger.extraction", "cliffhanger.sources.extract_pool"])
    in_flight: deque[tuple[list[ArchiveItem], Future[list[Extraction]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
    ) as pool:

        def submit(chunk: list[ArchiveItem]) -> None:
            documents = [i.document for i in chunk if i.document is not None]
            in_flight.append((chunk, pool.submit(extract_documents, documents)))

        for chunk in started:
            submit(chunk)
        for chunk in chunks:
            while len(in_flight) >= workers * AHEAD:
                yield from _collect(*in_flight.popleft())
            submit(chunk)
        while in_flight:
            yield from _collect(*in_flight.popleft())


def _collect(chunk: list[ArchiveItem], future: Future[list[Extraction]]) -> Iterator[Pair]:
    results = iter(future.result())
    for item in chunk:
        yield item, next(results) if item.document is not None else None


def _watch_parent(parent: int) -> None:
    """Start a thread that ends this worker once the run that started it has ended."""

    def watch() -> None:
        while True:
            time.sleep(_ORPHAN_CHECK_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                continue  # alive, owned by someone else (cannot happen for our parent)

    threading.Thread(target=watch, name="cliffhanger-orphan-check", daemon=True).start()
