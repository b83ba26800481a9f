"""The Metacritic scorecard: network codes, season column, free-text statuses, dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cliffhanger.model import Status
from cliffhanger.resolution.scorecard import (
    network_name,
    parse_row,
    parse_season,
    parse_status,
    read_scorecard,
    resolve_date,
)

from .conftest import data_file

D = dt.date


@pytest.mark.parametrize(
    ("code", "network"),
    [
        ("NETF", "Netflix"),
        ("STRZ", "Starz"),
        ("ADSW", "Adult Swim"),
        ("COM", "Comedy Central"),
        ("MAX", "Cinemax"),  # in 2013-2020, MAX is Cinemax, not the HBO streamer
        ("AMZN", "Prime Video"),
        ("Amazon Prime Video", "Prime Video"),  # names are canonicalised too
        ("FX Networks", "FX"),
        ("CBS All Access (renamed Paramount+ in 2021)", "CBS All Access"),  # note dropped
        ("HBO Max (new WarnerMedia  streaming service; launches May 27)", "HBO Max"),
        ("(WEB)", None),  # sold on a website: no network
        ("Some New Channel", "Some New Channel"),  # unknown: kept
    ],
)
def test_network_codes(code: str, network: str | None) -> None:
    assert network_name(code) == network


@pytest.mark.parametrize(
    ("text", "ano", "season", "start"),
    [
        ("1", 2013, 1, None),
        ("SEASON 2 starts 7/26", 2014, 2, D(2014, 7, 26)),
        ("SEASON 2 starts tbd 2021", 2020, 2, None),  # no date, only a year
        ("SEASON 4 starts 1/5", 2014, 4, D(2015, 1, 5)),  # midseason: the next calendar year
        ("SEASONS 17 / 18", 2013, 17, None),
        ("SEASON 5.5", 2013, 5, None),
        ("S4", 2018, 4, None),
        ("", 2018, None, None),
    ],
)
def test_parse_season(text: str, ano: int, season: int | None, start: dt.date | None) -> None:
    assert parse_season(text, ano) == (season, start)


@pytest.mark.parametrize(
    ("month", "day", "year", "ano", "expected"),
    [
        (5, 13, None, 2013, D(2014, 5, 13)),  # spring: end of the 2013-14 season
        (10, 13, None, 2013, D(2013, 10, 13)),  # fall: start of it
        (6, 1, None, 2016, D(2016, 6, 1)),  # June opens the scorecard year
        (9, 8, 14, 2013, D(2014, 9, 8)),  # a written two-digit year wins
        (2, 30, None, 2013, None),  # impossible date
    ],
)
def test_resolve_date(
    month: int, day: int, year: int | None, ano: int, expected: dt.date | None
) -> None:
    assert resolve_date(month, day, year, ano) == expected


R, C, F, V = Status.RENEWED, Status.CANCELED, Status.FINAL_SEASON, Status.REVIVED


@pytest.mark.parametrize(
    ("status", "season", "ano", "expected"),
    [
        # plain renewal: the next season
        ("Renewed 5/13", 36, 2013, [(R, 37, D(2014, 5, 13))]),
        # ordinal named
        ("Renewed for an 11th season on 5/8", 10, 2013, [(R, 11, D(2014, 5, 8))]),
        # cancel: season = seasons it had
        ("Canceled 10/13", 1, 2013, [(C, 1, D(2013, 10, 13))]),
        # two events, the second date rolls into the next spring
        ("Canceled 8/22, but revived 4/15 for 2015-16", 1, 2014,
         [(C, 1, D(2014, 8, 22)), (V, None, D(2015, 4, 15))]),
        # final season from "Will end with season N"
        ("Will end with season 7", 7, 2020, [(F, 7, None)]),
        # final season from a renewal
        ("Renewed 3/13 for a 12th and final season", 11, 2013, [(F, 12, D(2014, 3, 13))]),
        ("Renewed for a 6th (final) season on 1/16", 5, 2019, [(F, 6, D(2020, 1, 16))]),
        # a date right after "season" is no season number (was read as season 2)
        ("Renewed for an 11th (final) season 2/5", 10, 2018, [(F, 11, D(2019, 2, 5))]),
        # "this season" = the row's season
        ("Ending after this season", 9, 2013, [(F, 9, None)]),
        # renewed through a season
        ("Renewed through S5 on 4/13", 2, 2015, [(R, 5, D(2016, 4, 13))]),
        # two seasons at once
        ("Renewed for seasons 2 and 3 on 10/17", 1, 2014,
         [(R, 2, D(2014, 10, 17)), (R, 3, D(2014, 10, 17))]),
        # renewal then cancellation: the later date rolls over a year
        ("Renewed 3/16 but then canceled 8/28", 1, 2014,
         [(R, 2, D(2015, 3, 16)), (C, 1, D(2015, 8, 28))]),
        # "uncanceled" is a revival, not a cancellation
        ("Canceled 5/10; uncanceled 5/13", 1, 2016,
         [(C, 1, D(2017, 5, 10)), (V, None, D(2017, 5, 13))]),
        # "picked up" after a cancellation: revival by another network
        ("Canceled 5/11 but S4 picked up by Netflix on 6/15", 3, 2017,
         [(C, 3, D(2018, 5, 11)), (V, 4, D(2018, 6, 15))]),
        # "picked up" alone is a renewal
        ("2nd season picked up for U.S. on 1/11", 1, 2013, [(R, 2, D(2014, 1, 11))]),
        # episode counts are not season numbers
        ("Renewed for a 10-ep 4th season on 5/2", 3, 2016, [(R, 4, D(2017, 5, 2))]),
        # written year
        ("Renewed for a 2nd season on 6/3/19", 1, 2018, [(R, 2, D(2019, 6, 3))]),
        # the finale airing is not a final-season decision
        ("Canceled 3/10; finale airs 4/4", 4, 2013, [(C, 4, D(2014, 3, 10))]),
        # descriptions, delays, moves and negations state no decision
        ("Miniseries", 1, 2018, []),
        ("Delayed to 2015 for creative reasons", 1, 2013, []),
        ("Moving to Netflix from A&E", 4, 2014, []),
        ("Not officially renewed, but very likely to return", 1, 2019, []),
        ("", 2, 2013, []),
    ],
)  # fmt: skip
def test_parse_status(
    status: str, season: int, ano: int, expected: list[tuple[Status, int | None, dt.date | None]]
) -> None:
    events = parse_status(status, "Show", "NBC", season, ano)
    assert [(e.status, e.season, e.date) for e in events] == expected
    assert all(e.evidence == status and e.attribution for e in events)


def test_hedged_statuses_are_speculative() -> None:
    (event,) = parse_status("Presumed canceled 5/14", "Show", "NBC", 1, 2016)
    assert event.status is Status.CANCELED and event.speculative and event.confidence < 0.9


def test_revival_names_the_network_that_acted() -> None:
    canceled, revived = parse_status(
        "Canceled 5/10; picked up by NBC 5/11", "Brooklyn Nine-Nine", "Fox", 5, 2017
    )
    assert canceled.network == "Fox" and revived.network == "NBC"


def test_decision_before_the_season_start_rolls_over() -> None:
    # season 2 started in August 2013, so "7/11" is the following July
    row = parse_row(
        {
            "name": "Please Like Me",
            "season": "SEASON 2 starts 8/8",
            "status": "Renewed for a 3rd season on 7/11",
            "tv_network": "PIVOT",
            "ano": "2013",
        }
    )
    assert row.premiere == D(2013, 8, 8)
    assert [(e.status, e.season, e.date) for e in row.events] == [(R, 3, D(2014, 7, 11))]
    assert row.network == "Pivot"


def test_whole_scorecard() -> None:
    rows = list(
        read_scorecard(str(data_file("status", "metacritic_renewal_scorecard_2013_2020.csv")))
    )
    assert len(rows) == 5_049
    events = [e for row in rows for e in row.events]
    assert len(events) == 2_644  # "fka Last Summer" (Cruel Summer) is a note, not a final season
    assert Counter(e.status for e in events) == {R: 1_730, C: 612, F: 292, V: 10}
    assert sum(e.speculative for e in events) == 27
    assert sum(1 for row in rows if row.events) == 2_614
    cruel = next(row for row in rows if row.show == "Cruel Summer")
    assert (cruel.note, cruel.events) == ("fka Last Summer", ())
    assert sum(1 for row in rows if row.premiere) == 86
    assert all(row.network != "NETF" for row in rows)  # every code mapped
