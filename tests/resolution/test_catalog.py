"""Catalog readers: the TVmaze and Netflix dumps import whole; Wikidata and plain CSV fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cliffhanger.errors import InputError
from cliffhanger.model import ShowStatus
from cliffhanger.resolution.catalog import (
    CatalogShow,
    map_status,
    parse_numbered,
    read_catalogs,
    read_csv,
    read_netflix_csv,
    read_tvmaze_csv,
    read_wikidata_json,
)

from .conftest import FIXTURES, data_file


@pytest.fixture(scope="module")
def tvmaze() -> list[CatalogShow]:
    return read_tvmaze_csv(data_file("catalog", "tvmaze_top_TV_show_data.csv"))


@pytest.fixture(scope="module")
def netflix() -> list[CatalogShow]:
    return read_netflix_csv(data_file("catalog", "netflix_titles.csv"))


def test_tvmaze_imports_every_row(tvmaze: list[CatalogShow]) -> None:
    assert len(tvmaze) == 2_565
    assert sum(1 for s in tvmaze if s.premiered) == 2_561  # 4 rows have no date at all
    assert sum(1 for s in tvmaze if s.ended) == 2_316  # two dates: the later is the end
    assert sum(1 for s in tvmaze if s.network) == 2_454  # ~111 without a network
    assert sum(1 for s in tvmaze if s.cast) == 2_222
    assert sum(len(s.cast) for s in tvmaze) == 25_765
    assert len({s.ref for s in tvmaze}) == 2_565  # refs are unique


def test_tvmaze_dates_are_unswapped(tvmaze: list[CatalogShow]) -> None:
    # the dump lists Breaking Bad's premiere under "End Date"
    show = tvmaze[0]
    assert show.title == "Breaking Bad"
    assert show.premiered == dt.date(2008, 1, 20)
    assert show.ended is not None and show.ended > show.premiered
    assert show.status == ShowStatus.ENDED
    assert all(s.ended is None or s.premiered <= s.ended for s in tvmaze if s.premiered)


def test_tvmaze_cast_pairs_people_with_characters(tvmaze: list[CatalogShow]) -> None:
    show = tvmaze[0]
    assert show.cast[0] == ("Bryan Cranston", "Walter White")
    assert ("Bob Odenkirk", "Saul Goodman") in show.cast
    assert "aaron paul" in show.people
    assert show.network == "AMC"
    assert (show.seasons, show.episodes) == (5, 62)


def test_tvmaze_networks_are_canonical(tvmaze: list[CatalogShow]) -> None:
    networks = {s.network for s in tvmaze}
    assert "Fox" in networks and "FOX" not in networks
    assert "ITV" in networks and "ITV1" not in networks


def test_netflix_imports_every_tv_show(netflix: list[CatalogShow]) -> None:
    assert len(netflix) == 2_676
    # Netflix carries these shows; it is not their network (Lucifer is Fox's)
    assert {s.network for s in netflix} == {None}
    assert {s.carrier for s in netflix} == {"Netflix"}
    assert sum(1 for s in netflix if s.cast) == 2_326
    assert sum(len(s.cast) for s in netflix) == 19_651
    assert sum(1 for s in netflix if s.seasons == 1) == 1_793
    assert all(s.seasons for s in netflix)


def test_netflix_fields(netflix: list[CatalogShow]) -> None:
    show = next(s for s in netflix if s.external_ids["netflix"] == "s2")
    assert show.title == "Blood & Water"
    assert show.seasons == 2
    assert show.year is None  # a release year on Netflix is not a premiere year
    assert show.seen_year == 2021
    assert show.premiered is None
    assert show.cast[0] == ("Ama Qamata", "")
    assert show.ref == "netflix:s2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0-Walter White, 1-Jesse Pinkman", {0: "Walter White", 1: "Jesse Pinkman"}),
        ("0-Walter White Jr., 1-Hank", {0: "Walter White Jr.", 1: "Hank"}),  # comma in a name
        ("0-Lydia Rodarte-Quayle", {0: "Lydia Rodarte-Quayle"}),  # hyphen in a name
        ("", {}),
    ],
)
def test_parse_numbered(text: str, expected: dict[int, str]) -> None:
    assert parse_numbered(text) == expected


def test_wikidata_entities() -> None:
    shows = read_wikidata_json(FIXTURES / "catalog" / "wikidata_shows.json")
    assert [s.title for s in shows] == [
        "Breaking Bad",
        "Stranger Things",
    ]  # no English label: skipped
    bb, st = shows
    assert bb.network == "AMC"
    assert (bb.premiered, bb.ended) == (dt.date(2008, 1, 20), dt.date(2013, 9, 29))
    assert (bb.seasons, bb.episodes) == (5, 62)  # the deprecated 60 is ignored
    assert bb.cast == (("Bryan Cranston", "Walter White"), ("Aaron Paul", "Jesse Pinkman"))
    assert bb.external_ids == {
        "wikidata": "Q1079",
        "tvmaze": "169",
        "tmdb": "1396",
        "imdb": "tt0903747",
        "netflix": "70143836",
    }
    assert bb.aliases == ("BrBa",)
    assert bb.status == ShowStatus.ENDED
    assert st.premiered == dt.date(2016, 1, 1)  # year precision
    assert st.status is None  # no end time: the entity does not say
    assert st.cast == (("Q206922", ""),)  # unlabelled item: its Q-id stands in
    assert st.ref == "tvmaze:2993"


def test_wikidata_rejects_other_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('"just a string"')
    with pytest.raises(InputError):
        read_wikidata_json(path)


def test_plain_csv() -> None:
    shows = read_csv(FIXTURES / "catalog" / "shows.csv")
    assert [s.title for s in shows].count("The Order") == 2
    assert shows[0].status == ShowStatus.ENDED
    assert shows[1].network == "Fox" and shows[1].premiered == dt.date(2000, 1, 1)
    assert shows[2].status == ShowStatus.PENDING  # "Running"
    assert shows[4].status == ShowStatus.ORDERED  # "In Development"


def test_plain_csv_needs_titles(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("title,network\n,HBO\n")
    with pytest.raises(InputError, match=r"c.csv:2: empty title"):
        read_csv(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_csv(tmp_path / "nope.csv")


def test_read_catalogs_dispatches_on_name() -> None:
    shows = read_catalogs(
        FIXTURES / "catalog" / "shows.csv", FIXTURES / "catalog" / "wikidata_shows.json"
    )
    assert len(shows) == 7


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Ended", ShowStatus.ENDED),  # finished; cause unknown to the catalog
        ("Running", ShowStatus.PENDING),  # airing, no decision
        ("To Be Determined", ShowStatus.PENDING),  # between seasons
        ("In Development", ShowStatus.ORDERED),
        ("canceled", ShowStatus.CANCELED),  # our own word passes through
        ("Cancelled", ShowStatus.CANCELED),  # British spelling
        ("", None),
        ("Whatever", None),
    ],
)
def test_map_status(raw: str, status: ShowStatus | None) -> None:
    assert map_status(raw) == status
