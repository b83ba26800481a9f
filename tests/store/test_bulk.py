"""Batch ingest stores exactly what one transaction per document stores, on both backends."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cliffhanger.model import Extraction
from cliffhanger.resolution.catalog import read_csv
from cliffhanger.store import show_current
from cliffhanger.store.bulk import BatchItem, store_batch
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.engine import open_store
from cliffhanger.store.source_repository import store_document

from .current import assert_statuses_current
from .rows import real_extractions, rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    found = real_extractions()
    # The same stories again: a re-run of a batch and a syndicated copy must both be no-ops.
    return found + found[:50]


def plain(engine: Engine, extractions: Sequence[Extraction]) -> None:
    for x in extractions:
        store_document(engine, x, url=x.document.url, outlet=x.document.outlet)


def batched(engine: Engine, extractions: Sequence[Extraction], size: int) -> None:
    for start in range(0, len(extractions), size):
        part = extractions[start : start + size]
        store_batch(engine, [BatchItem(x, x.document.url, x.document.outlet) for x in part])


@pytest.mark.parametrize("size", [1, 97, 400])  # one a batch; uneven batches; large ones
def test_batches_store_the_same_rows_as_one_document_at_a_time(
    db_url: str, other_db_url: str, extractions: list[Extraction], size: int
) -> None:
    one, many = open_store(db_url), open_store(other_db_url)
    try:
        plain(one, extractions)
        batched(many, extractions, size)
        expected, got = rows(one), rows(many)
        assert sum(len(v) for v in expected.values()) > 2000  # real work, not two empty stores
        for table in expected:
            assert got[table] == expected[table], table
        # Batches leave statuses dirty between catch-ups: the board computes those itself.
        assert assert_statuses_current(many, dirty_ok=True) == assert_statuses_current(one)
        show_current.catch_up(many)  # as a run ends
        assert assert_statuses_current(many) == assert_statuses_current(one)
    finally:
        one.dispose()
        many.dispose()


def test_with_a_catalog_batches_link_as_one_document_at_a_time(
    db_url: str, other_db_url: str, extractions: list[Extraction]
) -> None:
    catalog = read_csv(FIXTURES / "catalog" / "shows.csv")
    one, many = open_store(db_url), open_store(other_db_url)
    try:
        for engine in (one, many):
            import_catalog(engine, catalog, "csv")
        plain(one, extractions[:300])
        batched(many, extractions[:300], 64)
        assert rows(many) == rows(one)
        assert rows(one)["event_links"]  # the catalog path ran
    finally:
        one.dispose()
        many.dispose()


def test_an_empty_batch_stores_nothing(engine: Engine) -> None:
    assert store_batch(engine, []) == []
