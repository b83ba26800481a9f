"""Matching mentions to catalog shows: penalties, same-title disambiguation, headline links."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cliffhanger.resolution.catalog import CatalogShow, read_netflix_csv, read_tvmaze_csv
from cliffhanger.resolution.match import (
    CatalogIndex,
    Distance,
    Mention,
    Recommendation,
    Weights,
    normalize_title,
    title_penalty,
    year_penalty,
)

from .conftest import FIXTURES, data_file


def show(title: str, network: str | None, start: int, end: int | None = None, **kw) -> CatalogShow:
    ended = dt.date(end, 5, 1) if end else None
    return CatalogShow(title, network, dt.date(start, 9, 1), ended, **kw)


# Real same-title pairs, facts written from memory of the shows, not copied.
SHAMELESS_UK = show(
    "Shameless", "Channel 4", 2004, 2013, cast=(("David Threlfall", "Frank Gallagher"),)
)
SHAMELESS_US = show("Shameless", "Showtime", 2011, 2021, cast=(("William H. Macy", "Frank"),))
OFFICE_UK = show("The Office", "BBC Two", 2001, 2003)
OFFICE_US = show("The Office", "NBC", 2005, 2013)
BSG_1978 = show("Battlestar Galactica", "ABC", 1978, 1979)
BSG_2004 = show("Battlestar Galactica", "Syfy", 2004, 2009)
ORDER_NETFLIX = show("The Order", "Netflix", 2019, 2020)
ORDER_OTHER = show("The Order", "Fox", 2000, 2000)
ANDOR = show("Andor", "Disney+", 2022, aliases=("Star Wars: Andor",))
SHOWS = [
    SHAMELESS_UK,
    SHAMELESS_US,
    OFFICE_UK,
    OFFICE_US,
    BSG_1978,
    BSG_2004,
    ORDER_NETFLIX,
    ORDER_OTHER,
    ANDOR,
    show("Loot", "Apple TV+", 2022),
    show("Chuck", "NBC", 2007, 2012),
]


@pytest.fixture(scope="module")
def index() -> CatalogIndex:
    return CatalogIndex(SHOWS)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        # same title, told apart by network
        (Mention("Shameless", "Showtime"), SHAMELESS_US),
        (Mention("Shameless", "C4"), SHAMELESS_UK),  # via a network alias
        # same title, told apart by year
        (Mention("The Office", year=2012), OFFICE_US),
        (Mention("Battlestar Galactica", year=1979), BSG_1978),
        (Mention("Battlestar Galactica", year=2008), BSG_2004),
        (Mention("The Order", year=2020), ORDER_NETFLIX),
        (Mention("The Order", "Netflix"), ORDER_NETFLIX),
        # same title, told apart by the people an article names
        (Mention("Shameless", people=("William H. Macy",)), SHAMELESS_US),
        (Mention("Shameless", people=("David Threlfall",)), SHAMELESS_UK),
    ],
)
def test_same_title_disambiguation(
    index: CatalogIndex, mention: Mention, expected: CatalogShow
) -> None:
    assert index.resolve(mention).show == expected


@pytest.mark.parametrize(
    ("mention", "expected", "recommendation"),
    [
        (Mention("Loot", "Apple TV Plus", 2022), "Loot", Recommendation.STRONG),  # exact
        (Mention("the office", "NBC", 2010), "The Office", Recommendation.STRONG),  # case, article
        (Mention("Star Wars: Andor", "Disney+"), "Andor", Recommendation.STRONG),  # catalog alias
        (Mention("Battlestar Gallactica", "Syfy"), "Battlestar Galactica", Recommendation.STRONG),
        (Mention("Chucky", "USA Network", 2022), None, Recommendation.NONE),  # not "Chuck"
        (Mention("Completely Unknown Show"), None, Recommendation.NONE),
    ],
)
def test_resolve_aliases_and_fuzzy(
    index: CatalogIndex, mention: Mention, expected: str | None, recommendation: Recommendation
) -> None:
    resolution = index.resolve(mention)
    assert resolution.recommendation == recommendation
    assert (resolution.show.title if resolution.show else None) == expected
    assert 0.0 <= resolution.score <= 1.0


def test_resolution_explains_itself(index: CatalogIndex) -> None:
    resolution = index.resolve(Mention("Shameless", "Showtime", 2015))
    best, runner_up = resolution.candidates[:2]
    assert best.distance.penalties == {"title": 0.0, "network": 0.0, "year": 0.0}
    assert runner_up.show == SHAMELESS_UK
    assert runner_up.distance.penalties["network"] == 1.0
    assert resolution.score == 1.0


def test_distance_is_a_weighted_mean_less_the_people_bonus() -> None:
    weights = Weights(title=3, network=1, year=1, people=0.5)
    assert Distance({"title": 0.5, "network": 1.0}, weights).total == pytest.approx(2.5 / 4)
    assert Distance({"title": 0.0, "people": 1.0}, weights).total == 0.0  # never below 0
    assert Distance({"title": 0.4, "people": 0.5}, weights).total == pytest.approx(0.15)


@pytest.mark.parametrize(
    ("a", "b", "penalty"),
    [
        ("The Office", "Office", 0.0),  # leading article
        ("Law & Order", "Law and Order", 0.0),  # ampersand
        ("Workin' Moms", "Workin Moms", 0.0),  # apostrophe
        ("Star Wars: Andor", "Andor", 0.3),  # franchise prefix: close, not certain
        ("Squid Game: The Challenge", "Squid Game", 0.5),  # spin-off: another show
        ("Chucky", "Chuck", pytest.approx(0.1818, abs=1e-3)),  # one letter on a short title
    ],
)
def test_title_penalty(a: str, b: str, penalty: float) -> None:
    assert title_penalty(a, [b]) == penalty


def test_normalize_title() -> None:
    assert normalize_title("The Time Traveler's Wife") == "time travelers wife"


@pytest.mark.parametrize(
    ("year", "penalty"),
    [(2001, 0.0), (2000, 0.0), (2004, 0.0), (2005, 0.125), (1990, 1.0), (None, None)],
)
def test_year_penalty(year: int | None, penalty: float | None) -> None:
    # a 2001-2003 show: news the year before it airs and the year after it ends is normal
    assert year_penalty(year, OFFICE_UK) == penalty


def test_empty_index_resolves_to_none() -> None:
    resolution = CatalogIndex([]).resolve(Mention("Anything"))
    assert resolution.show is None and resolution.recommendation == Recommendation.NONE


# --- the hand-linked headline set ----------------------------------------------


def _headline_mentions() -> list[tuple[dict[str, object], Mention]]:
    labels = data_file("news", "tv-headlines-2022.labels.jsonl")
    headlines = data_file("news", "tv-headlines-2022.jsonl")
    published = {}
    for line in headlines.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        published[record["id"]] = int(record["published"][:4])
    events = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for k, event in enumerate(record["events"]):
            events[(record["id"], k)] = event
    out = []
    path = FIXTURES / "resolution" / "headline_links.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        event = events[(gold["id"], gold["event"])]
        assert event["show"] == gold["show"]  # the fixture follows the labels
        out.append((gold, Mention(event["show"], event.get("network"), published[gold["id"]])))
    return out


def test_headline_links_cover_every_gold_event() -> None:
    assert len(_headline_mentions()) == 102


def test_headline_linking_accuracy() -> None:
    shows = read_tvmaze_csv(data_file("catalog", "tvmaze_top_TV_show_data.csv"))
    shows += read_netflix_csv(data_file("catalog", "netflix_titles.csv"))
    index = CatalogIndex(shows)
    refs = {s.ref for s in shows}
    correct, misses = 0, []
    for gold, mention in _headline_mentions():
        links = gold["links"]
        resolution = index.resolve(mention)
        if links:
            assert set(links) <= refs  # every hand link names a real row
            ok = resolution.show is not None and resolution.show.ref in links
        else:  # not in the catalogs: right unless a strong link was made
            ok = resolution.recommendation != Recommendation.STRONG
        correct += ok
        if not ok:
            misses.append((gold["id"], gold["show"], resolution.recommendation))
    accuracy = correct / 102
    assert accuracy >= 0.95, misses
