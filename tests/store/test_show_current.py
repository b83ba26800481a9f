"""show_current: every write path leaves it equal to the rules run afresh, on both backends.

Plain and bulk ingest (with and without a catalog), catalog imports, review
decisions, corrections and merges each end with `assert_statuses_current`;
the Dask backfill and the kill -9 resume check it in their own tests
(`tests/sources/test_backfill.py`, `tests/faults/test_faults.py`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from cliffhanger.errors import StoreError
from cliffhanger.model import Document, Extraction, ShowStatus, Status, StatusEvent
from cliffhanger.resolution.catalog import CatalogShow, read_csv
from cliffhanger.status.current import STALE_AFTER, show_status
from cliffhanger.store import editing, repository, review, show_current, web_browse
from cliffhanger.store import ingest as ingest_module
from cliffhanger.store.bulk import BatchItem, store_batch
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.current_tables import ShowCurrentRow, StoreVersionRow
from cliffhanger.store.engine import open_store
from cliffhanger.store.source_repository import store_document
from cliffhanger.store.tables import EventRow, ShowRow
from cliffhanger.store.versioning import read_version

from .current import assert_statuses_current, stored_rows
from .rows import real_extractions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return real_extractions(limit_2020=150)


@pytest.fixture
def store(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _event(show: str, status: Status, day: dt.date, **kw: object) -> StatusEvent:
    fields: dict[str, object] = {"network": "NBC", "season": 2, "confidence": 0.95}
    fields.update(kw)
    return StatusEvent(show=show, status=status, date=day, evidence=f"{show} {status}.", **fields)  # type: ignore[arg-type]


def _article(name: str, *events: StatusEvent) -> Extraction:
    doc = Document(source=name, text=f"Made-up article {name}.", url=f"https://x.example/{name}")
    return Extraction(document=doc, events=events)


def _id(engine: Engine, title: str) -> int:
    with Session(engine) as session:
        return repository.require_show(session, title).id


def _stored_status(engine: Engine, title: str) -> str:
    return stored_rows(engine)[_id(engine, title)]["status"]


def _batched(engine: Engine, extractions: Sequence[Extraction], size: int) -> None:
    for start in range(0, len(extractions), size):
        part = extractions[start : start + size]
        store_batch(engine, [BatchItem(x, x.document.url, x.document.outlet) for x in part])


def test_plain_ingest_keeps_every_status(store: Engine, extractions: list[Extraction]) -> None:
    for x in extractions:
        store_document(store, x, url=x.document.url, outlet=x.document.outlet)
    assert assert_statuses_current(store) > 150  # real news: hundreds of shows


@pytest.mark.parametrize("catalog", [False, True])  # Core inserts; the catalog's linking path
def test_bulk_ingest_keeps_every_status(
    store: Engine, extractions: list[Extraction], catalog: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if catalog:
        import_catalog(store, read_csv(FIXTURES / "catalog" / "shows.csv"), "csv")
    monkeypatch.setattr(show_current, "CATCH_UP_EVERY", 3600.0)  # only the first batch catches up
    _batched(store, extractions, 97)
    assert any(row["dirty"] for row in stored_rows(store).values())
    assert_statuses_current(store, dirty_ok=True)  # the board computes dirty shows itself
    assert show_current.catch_up(store) > 0  # the end of a run
    assert assert_statuses_current(store) > 150


def test_a_bulk_writer_catches_up_when_it_is_due(
    store: Engine, extractions: list[Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(show_current, "CATCH_UP_EVERY", 0.0)  # due at every batch
    monkeypatch.setattr(show_current, "CATCH_UP_SHARE", 0.0)
    _batched(store, extractions[:300], 50)
    assert not any(row["dirty"] for row in stored_rows(store).values())
    assert_statuses_current(store)


def test_a_catalog_imported_after_the_news_changes_statuses(store: Engine) -> None:
    # Canceled with its last episode still to air reads "ending" until the catalog's last air date.
    later = TODAY + dt.timedelta(days=30)
    repository.ingest(
        store, _article("a", _event("Airing Still", Status.CANCELED, TODAY, season=1))
    )
    assert _stored_status(store, "Airing Still") == "canceled"
    import_catalog(store, [CatalogShow("Airing Still", "NBC", TODAY, ended=later)], "csv")
    assert _stored_status(store, "Airing Still") == "ending"
    assert stored_rows(store)[_id(store, "Airing Still")]["recheck_on"] == later
    assert_statuses_current(store)


def test_a_catalog_that_links_stored_news_again_keeps_every_status(
    store: Engine, extractions: list[Extraction]
) -> None:
    # The import re-links stored events (`store.relink`): a link made weak sends an event to
    # review and a moved event changes two shows, so both kinds of show are computed again.
    for x in extractions:
        store_document(store, x, url=x.document.url, outlet=x.document.outlet)
    import_catalog(store, read_csv(FIXTURES / "catalog" / "shows.csv"), "csv")
    assert assert_statuses_current(store) > 150


def test_review_corrections_and_merges_keep_every_status(store: Engine) -> None:
    day = dt.date(2024, 5, 1)
    repository.ingest(
        store,
        _article(
            "b",
            _event("Quiet Show", Status.RENEWED, day),
            _event("Quiet Show", Status.CANCELED, day + dt.timedelta(days=9), confidence=0.5),
            _event("Quiet Twin", Status.CANCELED, day, season=1),
        ),
    )
    with Session(store) as session:
        weak = session.scalar(select(EventRow.id).where(EventRow.confidence == 0.5))
    assert weak is not None
    assert _stored_status(store, "Quiet Show") == "returning"  # the weak cancellation waits
    review.decide(store, weak, "accepted")
    assert _stored_status(store, "Quiet Show") == "canceled"
    assert_statuses_current(store)
    review.decide_many(store, [weak], "rejected")
    assert _stored_status(store, "Quiet Show") == "returning"
    assert_statuses_current(store)
    review.correct(store, weak, Status.FINAL_SEASON, season=3, note="the network said so")
    assert _stored_status(store, "Quiet Show") == "ending"
    assert_statuses_current(store)
    repository.add_correction(store, _event("Quiet Twin", Status.REVIVED, day, season=2))
    assert _stored_status(store, "Quiet Twin") == "returning"
    keep, drop = _id(store, "Quiet Show"), _id(store, "Quiet Twin")
    editing.merge_shows(store, keep, drop)
    assert drop not in stored_rows(store)  # the merged-away show's row went with it
    assert_statuses_current(store)


def test_a_failed_write_leaves_statuses_and_version_as_they_were(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository.ingest(store, _article("c", _event("Kept Show", Status.RENEWED, TODAY)))
    before, version = stored_rows(store), read_version(store)[0]

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("disk went away")

    monkeypatch.setattr(ingest_module, "_add_cast", broken)
    with pytest.raises(StoreError):
        repository.ingest(store, _article("d", _event("Kept Show", Status.CANCELED, TODAY)))
    assert (stored_rows(store), read_version(store)[0]) == (before, version)


def test_every_write_bumps_the_version_and_reads_do_not(store: Engine) -> None:
    start = read_version(store)[0]
    repository.ingest(store, _article("e", _event("Counted", Status.RENEWED, TODAY)))
    after_ingest = read_version(store)[0]
    web_browse.board_refs(store)
    repository.timeline(store, "Counted")
    assert start < after_ingest == read_version(store)[0]
    repository.add_alias(store, "Counted", "Counted Again")  # a write with no status change
    assert read_version(store)[0] == after_ingest + 1


def test_a_status_stored_today_reads_last_known_when_it_is_old(store: Engine) -> None:
    # Decided 399 days ago: current today, "last known" from the day after tomorrow.
    decided = TODAY - STALE_AFTER + dt.timedelta(days=1)
    repository.ingest(store, _article("f", _event("Old News", Status.RENEWED, decided)))
    show_id = _id(store, "Old News")
    for day, stale in ((TODAY, False), (TODAY + dt.timedelta(days=2), True)):
        with Session(store) as session:
            read = dict(show_current.board_states(session, day))[show_id]
            entries = repository.entries_of(session, [show_id])[show_id]
        assert read.last_known is stale
        assert read.label == show_status("Old News", entries, today=day).label


def test_a_status_waiting_on_an_air_date_is_computed_again_that_day(store: Engine) -> None:
    aired = TODAY + dt.timedelta(days=10)
    import_catalog(store, [CatalogShow("Last Run", "NBC", TODAY, ended=aired)], "csv")
    repository.ingest(
        store, _article("g", _event("Last Run", Status.FINAL_SEASON, TODAY, season=4))
    )
    show_id = _id(store, "Last Run")
    with Session(store) as session:
        assert dict(show_current.board_states(session, TODAY))[show_id].status is ShowStatus.ENDING
        # the day the last episode airs, the final season has ended: read from the rules again
        assert dict(show_current.board_states(session, aired))[show_id].status is ShowStatus.ENDED
    # opening the store, or a bulk run's end, computes it again for good
    assert show_current.catch_up(store, today=aired, dirty=False) == 1
    assert stored_rows(store)[show_id]["status"] == "ended"


def test_statuses_computed_by_other_rules_are_computed_again(store: Engine) -> None:
    repository.ingest(store, _article("h", _event("Ruled", Status.CANCELED, TODAY)))
    with Session(store) as session, session.begin():
        session.execute(update(StoreVersionRow).values(rules="older rules"))
        session.execute(update(ShowCurrentRow).values(status="pending"))  # as older rules said
    # read-only readers compute statuses themselves, the writer's open computes them again
    assert [r.state.status for r in web_browse.board_refs(store)] == [ShowStatus.CANCELED]
    assert show_current.ensure_current(store) is True
    assert read_version(store)[1] == show_current.rules_hash()
    assert_statuses_current(store)
    assert show_current.ensure_current(store) is False


def test_a_show_without_a_row_is_computed_when_read(store: Engine) -> None:
    repository.ingest(store, _article("i", _event("Rowless", Status.RENEWED, TODAY)))
    with Session(store) as session, session.begin():
        session.execute(delete(ShowCurrentRow))  # as a write that bypassed Session would leave it
    (ref,) = web_browse.board_refs(store)
    assert (ref.state.show, ref.state.status) == ("Rowless", ShowStatus.RETURNING)


def test_two_writers_of_one_show_compute_one_after_the_other(pg_url: str) -> None:
    # PostgreSQL runs writers at once: the second must see the first's events when it computes.
    engine = open_store(pg_url)
    try:
        day = dt.date(2024, 1, 10)
        repository.ingest(engine, _article("j", _event("Shared", Status.RENEWED, day)))
        show_id = _id(engine, "Shared")
        first = Session(engine)
        first.begin()
        _add_event(first, show_id, Status.CANCELED, day + dt.timedelta(days=5), "k")
        show_current.refresh(first, [show_id])  # computed and locked: not committed yet
        second = threading.Thread(
            target=repository.ingest,
            args=(engine, _article("l", _event("Shared", Status.FINAL_SEASON, day))),
        )
        second.start()
        time.sleep(1.0)
        assert second.is_alive()  # waits for the first writer's lock
        first.commit()
        first.close()
        second.join(timeout=30)
        assert_statuses_current(engine)
        assert _stored_status(engine, "Shared") == "canceled"  # the first's later event decides
    finally:
        engine.dispose()


def _add_event(session: Session, show_id: int, status: Status, day: dt.date, mark: str) -> None:
    session.add(
        EventRow(
            show_id=show_id,
            status=str(status),
            date=day,
            confidence=0.95,
            evidence=f"{status} by hand",
            fingerprint=mark * 8,
        )
    )
    session.flush()
    assert session.get(ShowRow, show_id) is not None
