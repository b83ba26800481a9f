"""Backfill on a Dask LocalCluster stores what a plain ingest stores, and resumes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.sources.backfill import backfill, plan
from cliffhanger.sources.ingest_archive import ingest_archive
from cliffhanger.store.engine import open_store
from cliffhanger.store.source_tables import BackfillPartitionRow
from cliffhanger.store.tables import DocumentRow, EventRow
from store.current import assert_statuses_current
from store.rows import DATA, content

CORPORA = [
    DATA / "news" / "tv-articles.jsonl",
    DATA / "news" / "tv-headlines-2022.jsonl",
    DATA / "news" / "trade-articles-2025.jsonl",
]


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_dask_backfill_stores_what_a_plain_ingest_stores(db_url: str, other_db_url: str) -> None:
    plain = open_store(other_db_url)
    try:
        for path in CORPORA:
            ingest_archive(plain, str(path))
        report = backfill(db_url, [str(p) for p in CORPORA], workers=2, partition_size=150)
        dask = open_store(db_url)
        try:
            assert (
                report.skipped == 0
                and report.partitions == len(plan([str(p) for p in CORPORA], 150)) > 2
            )
            assert report.read == sum(1 for p in CORPORA for line in p.open() if line.strip())
            assert count(dask, DocumentRow) == count(plain, DocumentRow) > 1400
            assert count(dask, EventRow) == count(plain, EventRow) > 200
            assert content(dask) == content(plain)
            assert count(dask, BackfillPartitionRow) == report.partitions
            # Partitions written at once by two workers leave every show's status current.
            assert assert_statuses_current(dask) == assert_statuses_current(plain)
            # A second run finds every partition done and stores nothing.
            again = backfill(db_url, [str(p) for p in CORPORA], workers=1, partition_size=150)
            assert (again.skipped, again.read) == (report.partitions, 0)
            assert content(dask) == content(plain)
        finally:
            dask.dispose()
    finally:
        plain.dispose()


def test_a_backfill_resumes_after_a_partition_was_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    parts = plan([str(CORPORA[1])], 400)
    from cliffhanger.sources.backfill import run_partition

    first = run_partition(parts[0], url)  # as a worker would, before the run was stopped
    report = backfill(url, [str(CORPORA[1])], workers=1, partition_size=400)
    assert report.skipped == 1 and report.partitions == len(parts)
    assert first.read + report.read == sum(1 for line in CORPORA[1].open() if line.strip())


def test_a_backfill_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    with pytest.raises(NotFoundError):
        backfill(url, [str(tmp_path / "missing.jsonl")], workers=1)
    (tmp_path / "crawl.warc").write_text("WARC/1.0\n")
    with pytest.raises(InputError, match="JSONL"):
        backfill(url, [str(tmp_path / "crawl.warc")], workers=1)


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    with pytest.raises(InputError, match="Dask scheduler"):
        backfill(url, [str(CORPORA[1])], scheduler="tcp://127.0.0.1:9")


def test_dask_shutdown_chatter_stays_out_of_the_output() -> None:
    """A comm closed while the local cluster shuts down is logged by Dask at INFO with its
    traceback (seen once in the full CLI fuzz); the backfill shows Dask's errors only."""
    import logging

    from cliffhanger.sources import backfill

    with backfill._client(None, 1) as client:
        assert client.submit(sum, [1, 2]).result() == 3
    assert logging.getLogger("distributed").getEffectiveLevel() >= logging.ERROR
