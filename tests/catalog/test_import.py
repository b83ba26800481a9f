"""Catalog import: both real dumps whole and fast, re-imports update, ids and casts kept."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cliffhanger.resolution.catalog import (
    CatalogShow,
    read_csv,
    read_netflix_csv,
    read_tvmaze_csv,
    read_wikidata_json,
)
from cliffhanger.store.catalog_repository import (
    catalog_counts,
    import_catalog,
    show_by_external_id,
    show_id_by_external_id,
    unique_key,
)
from cliffhanger.store.catalog_tables import ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.tables import CastRow, NetworkRow, ShowRow

from .conftest import FIXTURES, data_file


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_tvmaze_and_netflix_import_whole_then_update(engine: Engine) -> None:
    tvmaze = read_tvmaze_csv(data_file("catalog", "tvmaze_top_TV_show_data.csv"))
    netflix = read_netflix_csv(data_file("catalog", "netflix_titles.csv"))
    started = time.perf_counter()
    first = import_catalog(engine, tvmaze, "tvmaze")
    second = import_catalog(engine, netflix, "netflix")
    elapsed = time.perf_counter() - started
    assert (first.read, first.created, first.updated) == (2_565, 2_565, 0)
    assert second.read == 2_676
    assert second.created + second.updated == 2_676
    assert catalog_counts(engine) == {"tvmaze": 2_565, "netflix": 2_676}
    # casts: every distinct (person, character) of each show; a few rows repeat in the dump
    assert first.cast_added == 25_760
    assert second.cast_added == 19_651
    shows, cast = _count(engine, ShowRow), _count(engine, CastRow)
    assert shows == first.created + second.created
    assert elapsed < 30, f"both catalogs took {elapsed:.1f}s"

    again = import_catalog(engine, tvmaze, "tvmaze")
    again_netflix = import_catalog(engine, netflix, "netflix")
    assert (again.created, again.updated, again.cast_added) == (0, 2_565, 0)
    assert (again_netflix.created, again_netflix.updated) == (0, 2_676)
    assert (_count(engine, ShowRow), _count(engine, CastRow)) == (shows, cast)
    assert catalog_counts(engine) == {"tvmaze": 2_565, "netflix": 2_676}


def test_networks_are_one_row_per_real_network(engine: Engine) -> None:
    shows = [
        CatalogShow("One", "FOX"),
        CatalogShow("Two", "Fox Broadcasting Company"),
        CatalogShow("Three", "Fox"),
        CatalogShow("Four", "HBO Max"),  # a rename lands on its successor...
        CatalogShow("Five", "Max"),  # ...so one row for the one service
        CatalogShow("Seven", "CBS All Access"),  # Paramount+ since 2021
        CatalogShow("Six", "Some Local Channel"),  # unknown names are kept as given
    ]
    import_catalog(engine, shows, "csv")
    with Session(engine) as session:
        names = sorted(session.scalars(select(NetworkRow.name)))
    assert names == ["Fox", "Max", "Paramount+", "Some Local Channel"]


def test_same_titles_are_two_shows_with_distinct_keys(engine: Engine) -> None:
    shows = read_csv(FIXTURES / "catalog" / "shows.csv")
    result = import_catalog(engine, shows, "csv")
    assert (result.created, result.updated) == (5, 0)
    with Session(engine) as session:
        keys = sorted(session.scalars(select(ShowRow.key).where(ShowRow.title == "The Order")))
    assert keys == ["the order", "the order 2000"]
    again = import_catalog(engine, shows, "csv")  # no ids: title, network and year match
    assert (again.created, again.updated) == (0, 5)


def _listing(
    tmdb: str, title: str, first: dt.date, network: str | None, episodes: int
) -> CatalogShow:
    return CatalogShow(
        title, network, first, status="pending", episodes=episodes, external_ids={"tmdb": tmdb}
    )


# One catalog's listings, in our words: "Them" twice (the second entry a day earlier, no
# network, one episode), and "Big Brother" twice, two series 13 days apart on two networks.
TWICE = [
    _listing("120462", "Them", dt.date(2021, 4, 9), "Prime Video", 18),
    _listing("900002", "Big Brother", dt.date(2000, 7, 18), "Channel 5", 1417),
    _listing("253313", "Them", dt.date(2021, 4, 8), None, 1),
    _listing("900001", "Big Brother", dt.date(2000, 7, 5), "CBS", 899),
]


def test_a_series_a_catalog_lists_twice_is_one_show_in_a_batch_or_across(engine: Engine) -> None:
    for batch_size in (500, 1):  # the second listing in the first one's batch, then in its own
        result = import_catalog(engine, TWICE, "tmdb", batch_size=batch_size)
        them = show_id_by_external_id(engine, "tmdb", "120462")
        assert them is not None and show_id_by_external_id(engine, "tmdb", "253313") == them
        assert show_id_by_external_id(engine, "tmdb", "900002") != show_id_by_external_id(
            engine, "tmdb", "900001"
        )
        assert _count(engine, ShowRow) == 3
        with Session(engine) as session:
            episodes = session.scalars(
                select(ShowCatalogRow.episodes).where(ShowCatalogRow.show_id == them)
            ).all()
        assert episodes == [18]  # the first listing's row stands, re-imported or not
    assert (result.created, result.updated) == (0, 4)


def test_news_show_is_adopted_by_the_catalog(engine: Engine) -> None:
    from cliffhanger.model import Document, Extraction, Status, StatusEvent
    from cliffhanger.store import repository

    doc = Document(source="a.txt", text="Starz renewed Party Down.", published=dt.date(2022, 1, 5))
    event = StatusEvent("Party Down", Status.RENEWED, network="Starz", season=3)
    repository.ingest(engine, Extraction(document=doc, events=(event,)))
    result = import_catalog(engine, read_csv(FIXTURES / "catalog" / "shows.csv"), "csv")
    assert result.updated == 1  # Party Down: the show the news created
    assert _count(engine, ShowRow) == 5


def test_wikidata_fixture_imports_with_ids_aliases_and_cast(engine: Engine) -> None:
    shows = read_wikidata_json(FIXTURES / "catalog" / "wikidata_shows.json")
    result = import_catalog(engine, shows, "wikidata")
    assert result.created == len(shows) >= 1
    record = shows[0]
    show_id = show_id_by_external_id(engine, "wikidata", record.external_ids["wikidata"])
    assert show_id is not None
    for kind in ("tvmaze", "tmdb", "imdb"):
        if kind in record.external_ids:
            assert show_id_by_external_id(engine, kind, record.external_ids[kind]) == show_id
    state = show_by_external_id(engine, "wikidata", record.external_ids["wikidata"])
    assert state is not None and state.show == record.title
    assert show_by_external_id(engine, "tvmaze", "no-such-id") is None
    assert result.cast_added == sum(len(s.cast) for s in shows)
    with Session(engine) as session:
        kinds = set(session.scalars(select(ShowExternalIdRow.kind)))
    assert "wikidata" in kinds


def test_unique_key_disambiguates() -> None:
    show = CatalogShow("The Office", "NBC", dt.date(2005, 3, 24))
    assert unique_key(show, set()) == "the office"
    assert unique_key(show, {"the office"}) == "the office 2005"
    assert unique_key(show, {"the office", "the office 2005"}) == "the office 2005 nbc"
