"""Load order: news stored before the catalogs ends up where news stored after them does.

Each test builds two stores, one news first and one catalogs first, on the
backend of `db_url` (SQLite and PostgreSQL), and compares what a reader can
see: every event's show (named by its catalog ids, or by title and network
for a show no catalog lists) and link, every show's state, cast and seasons.
Ids and lookup keys are left out: they follow the order things were stored in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cliffhanger.documents.load import iter_sources, read_document
from cliffhanger.extraction import extract
from cliffhanger.model import CastFact, Document, Extraction, Status, StatusEvent
from cliffhanger.resolution.catalog import CatalogShow, read_netflix_csv, read_tvmaze_csv
from cliffhanger.resolution.id_catalogs import read_tmdb_details
from cliffhanger.store import repository
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.catalog_tables import EventLinkRow, ShowExternalIdRow
from cliffhanger.store.editing import merge_shows
from cliffhanger.store.engine import make_engine, upgrade
from cliffhanger.store.keys import name_key
from cliffhanger.store.show_status import show_statuses
from cliffhanger.store.tables import (
    CastRow,
    DocumentRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowRow,
)

from .conftest import SAMPLES, SEED, data_file

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def other_engine(other_db_url: str) -> Iterator[Engine]:
    """Yield a second migrated store on the backend of `db_url`."""
    engine = make_engine(other_db_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def picture(engine: Engine) -> dict[str, Any]:
    """Return what a reader sees of the store, with no id or key in it.

    A show is named by its external ids, or ("news", title key, network) when
    no catalog lists it. Link mentions are compared by title key: an event
    stored before any catalog keeps the spelling of its show's first mention.
    """
    with Session(engine) as session:
        ids: defaultdict[int, set[tuple[str, str]]] = defaultdict(set)
        id_rows = select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value)
        for show_id, kind, value in session.execute(id_rows):
            ids[show_id].add((kind, value))
        networks = {i: n for i, n in session.execute(select(NetworkRow.id, NetworkRow.name))}
        shows = list(session.scalars(select(ShowRow)))
        named: dict[int, tuple[object, ...]] = {
            s.id: tuple(sorted(ids[s.id]))
            or ("news", name_key(s.title), networks.get(s.network_id or 0))
            for s in shows
        }
        events = {}
        query = (
            select(EventRow, DocumentRow.content_hash, EventLinkRow)
            .join(DocumentRow, DocumentRow.id == EventRow.document_id)
            .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        )
        for event, digest, link in session.execute(query):
            linked = link and (name_key(link.mention), round(link.score, 4), link.recommendation)
            events[(digest, event.fingerprint)] = (named[event.show_id], linked)
        states: defaultdict[tuple[object, ...], list[tuple[object, ...]]] = defaultdict(list)
        for show, state in zip(
            shows, show_statuses(session, shows, every=True, today=TODAY), strict=True
        ):
            states[named[show.id]].append(
                (show.title, networks.get(show.network_id or 0), state.status, state.network,
                 state.seasons, state.reason, state.waiting, len(state.timeline))
            )  # fmt: skip
        cast = {(named[c.show_id], c.person, c.character) for c in session.scalars(select(CastRow))}
        seasons = {
            (named[r.show_id], r.season, r.episodes, r.premiere)
            for r in session.scalars(select(SeasonRow))
        }
    return {"events": events, "states": dict(states), "cast": cast, "seasons": seasons}


def assert_same(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Fail with the first few differences of two pictures, part by part."""
    for part in first:
        a, b = first[part], second[part]
        if isinstance(a, dict):
            diff = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
        else:
            diff = {"only news first": a - b, "only catalogs first": b - a}
            diff = {k: v for k, v in diff.items() if v}
        assert not diff, (part, len(diff), list(diff.items())[:5])


def _news(
    engine: Engine,
    source: str,
    day: dt.date,
    *events: StatusEvent,
    cast: tuple[CastFact, ...] = (),
) -> None:
    doc = Document(source=source, text=f"{source} {day}", published=day)
    repository.ingest(engine, Extraction(document=doc, events=events, cast=cast))


# made-up news in our own words; the catalog facts are real
FLASH_2022 = StatusEvent(
    "The Flash", Status.FINAL_SEASON, network="The CW", season=9, confidence=0.95,
    evidence="The CW says The Flash ends with its ninth season.",
)  # fmt: skip
LEAP_2022 = StatusEvent(
    "Quantum Leap", Status.ORDERED, network="NBC", season=1, confidence=0.95,
    evidence="NBC orders a Quantum Leap series.",
)  # fmt: skip
FLASH_1990 = CatalogShow("The Flash", "CBS", year=1990, ended=dt.date(1991, 5, 18))
FLASH_2014 = CatalogShow(
    "The Flash", "The CW", year=2014, cast=(("Grant Gustin", "Barry Allen"),), status="ended"
)
LEAP_1989 = CatalogShow("Quantum Leap", "NBC", year=1989, ended=dt.date(1993, 5, 5))
LEAP_2022_RECORD = CatalogShow("Quantum Leap", "NBC", year=2022, external_ids={"tmdb": "197907"})


def _made_up_news(engine: Engine) -> None:
    cast = (CastFact("The Flash", "Grant Gustin", "Barry Allen"),)
    _news(engine, "flash.txt", dt.date(2022, 3, 22), FLASH_2022, cast=cast)
    _news(engine, "leap.txt", dt.date(2022, 5, 2), LEAP_2022)


def _made_up_catalogs(engine: Engine) -> None:
    # the 1990 Flash comes first: news stored earlier must not stay with it
    import_catalog(engine, [FLASH_1990, FLASH_2014, LEAP_1989], "csv")
    # the 2022 Quantum Leap only in a later catalog: the news moves to it then
    import_catalog(engine, [LEAP_2022_RECORD], "tmdb")


def test_news_first_equals_catalogs_first_on_made_up_news(
    engine: Engine, other_engine: Engine
) -> None:
    _made_up_news(engine)
    _made_up_catalogs(engine)
    _made_up_catalogs(other_engine)
    _made_up_news(other_engine)
    assert_same(picture(engine), picture(other_engine))
    by_doc = _shows_by_document(engine)
    with Session(engine) as session:
        # the CW series, not the first record of the title
        assert _catalog_years(session, by_doc["flash.txt"]) == {2014}
        # the 2022 series, from the second catalog
        assert _ids(session, by_doc["leap.txt"]) == {("tmdb", "197907")}
        old_flash = session.scalar(select(ShowRow).where(ShowRow.key == "the flash"))
        assert old_flash is not None and old_flash.network_id is not None
        network = session.get(NetworkRow, old_flash.network_id)
        assert network is not None and network.name == "CBS"  # not the news' network


def test_a_merge_pins_its_events_against_later_imports(engine: Engine) -> None:
    import_catalog(engine, [LEAP_1989], "csv")
    reboot = StatusEvent(
        "QL Reboot", Status.ORDERED, network="NBC", season=1, confidence=0.95,
        evidence="NBC orders the QL Reboot.",
    )  # fmt: skip
    _news(engine, "reboot.txt", dt.date(2022, 5, 2), reboot)
    with Session(engine) as session:
        leap = session.scalar(select(ShowRow.id).where(ShowRow.key == "quantum leap"))
    news_only = _shows_by_document(engine)["reboot.txt"]
    assert leap is not None and news_only != leap  # no catalog show is called that
    merge_shows(engine, leap, news_only)  # an editor says which show the news is about
    # a record the machine's rules prefer (same title, network and year) comes later
    import_catalog(engine, [CatalogShow("QL Reboot", "NBC", year=2022)], "csv")
    assert _shows_by_document(engine)["reboot.txt"] == leap  # the editor's word holds


def test_news_first_equals_catalogs_first_on_real_data(
    engine: Engine, other_engine: Engine
) -> None:
    """The bundled samples and the seed, and the records of the three real catalogs whose
    titles share a word with the shows the news names (Lucifer, The Flash, Quantum Leap,
    Outlander and its prequel, Minx...), imported in the issue's order."""
    sources = list(iter_sources([str(SAMPLES), str(SEED)]))
    extractions = [extract(read_document(s)) for s in sources]
    words = {w for x in extractions for e in x.events for w in name_key(e.show).split()}
    words -= {"the", "of", "a", "and", "in", "to", "s"}
    catalogs = [
        (read_tvmaze_csv(data_file("catalog", "tvmaze_top_TV_show_data.csv")), "tvmaze"),
        (read_netflix_csv(data_file("catalog", "netflix_titles.csv")), "netflix"),
        (read_tmdb_details(data_file("catalog", "tmdb_tv_details_2025-04.jsonl.gz")), "tmdb"),
    ]
    chosen = [
        ([r for r in records if words & set(name_key(r.title).split())], source)
        for records, source in catalogs
    ]
    assert sum(len(records) for records, _ in chosen) > 300

    def news(target: Engine) -> None:
        for extraction in extractions:
            repository.ingest(target, extraction)

    def catalogs_in_order(target: Engine) -> None:
        for records, source in chosen:
            import_catalog(target, records, source)

    news(engine)
    catalogs_in_order(engine)
    catalogs_in_order(other_engine)
    news(other_engine)
    assert_same(picture(engine), picture(other_engine))


def _shows_by_document(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        query = select(DocumentRow.source, EventRow.show_id).join(
            EventRow, EventRow.document_id == DocumentRow.id
        )
        return {source: show_id for source, show_id in session.execute(query)}


def _catalog_years(session: Session, show_id: int) -> set[int | None]:
    from cliffhanger.store.catalog_tables import ShowCatalogRow

    return set(
        session.scalars(select(ShowCatalogRow.year).where(ShowCatalogRow.show_id == show_id))
    )


def _ids(session: Session, show_id: int) -> set[tuple[str, str]]:
    query = select(ShowExternalIdRow.kind, ShowExternalIdRow.value)
    return {(k, v) for k, v in session.execute(query.where(ShowExternalIdRow.show_id == show_id))}
