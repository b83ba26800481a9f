"""The label rules: one outcome per (show, season that ended), from the scorecard and the store."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from cliffhanger.forecast.labels import (
    Outcome,
    note_outcome,
    outcome_of,
    relisted_outcome,
    renewed_to,
    scorecard_rows,
    season_year,
    tracked_rows,
)
from cliffhanger.model import Status, StatusEvent, TimelineEntry
from cliffhanger.resolution.scorecard import parse_status

from .conftest import real_scorecard


def _events(text: str, season: int = 2, ano: int = 2016) -> list[StatusEvent]:
    return parse_status(text, "Made-up Show", "NBC", season, ano)


def test_renewed() -> None:
    assert outcome_of(_events("Renewed for a 3rd season on 5/12"), 2) == (
        Outcome.RENEWED,
        dt.date(2017, 5, 12),
    )


def test_final_season_ordered_comes_back_once_more() -> None:
    found = outcome_of(_events("Renewed for a 3rd and final season on 5/12"), 2)
    assert found is not None and found[0] is Outcome.FINAL_SEASON


def test_ending_with_this_season_is_ended() -> None:
    found = outcome_of(_events("Ending after this 2nd season"), 2)
    assert found is not None and found[0] is Outcome.ENDED


def test_canceled_and_revived_later() -> None:
    assert outcome_of(_events("Canceled 5/12"), 2)[0] is Outcome.CANCELED  # type: ignore[index]
    revived = outcome_of(_events("Canceled 8/22, but revived 4/15"), 2)
    assert revived is not None and revived[0] is Outcome.REVIVED


@pytest.mark.parametrize(
    ("text", "season", "outcome"),
    [
        # a final season ordered comes back once more, whatever season the reader took
        ("Renewed for a final 6-episode season", 5, Outcome.FINAL_SEASON),
        ("Renewed for an 11th (final) season 2/5", 10, Outcome.FINAL_SEASON),  # "2" from 2/5
        ("Order is for 2 seasons; will end after that", 1, Outcome.FINAL_SEASON),
        # ending with the season that aired is no return
        ("Ending after this 4th season", 4, Outcome.ENDED),
        ("Final season; movie spin-off possible", 3, Outcome.ENDED),
        # canceled by one network, carried on by another: it came back
        ("Canceled 5/6 but will move to Hulu for S4", 3, Outcome.REVIVED),
        ("Canceled by NBC on 11/21 and moved to Netflix", 1, Outcome.REVIVED),
        # a move in the schedule is no rescue
        ("Canceled 5/6; moved to the fall", 3, Outcome.CANCELED),
    ],
)
def test_final_seasons_and_moves(text: str, season: int, outcome: Outcome) -> None:
    found = outcome_of(_events(text, season), season)
    assert found is not None and found[0] is outcome


def test_a_rescinded_renewal_is_a_cancellation() -> None:
    found = outcome_of(_events("Renewed 3/16 but then canceled 8/28"), 1)
    assert found == (Outcome.CANCELED, dt.date(2017, 8, 28))  # after the renewal of 3/16/17
    rescued = outcome_of(_events("Renewed 3/16 but then canceled 8/28, but revived 9/30"), 1)
    assert rescued is not None and rescued[0] is Outcome.RENEWED
    final = outcome_of(_events("Renewed through S5 on 1/6/16; to end with S5"), 4)
    assert final is not None and final[0] is Outcome.RENEWED


def test_wording_the_event_reader_leaves_out() -> None:
    assert note_outcome("Voluntarily ended on 6/23", 6, 2013) == (
        Outcome.ENDED,
        dt.date(2013, 6, 23),
    )
    assert note_outcome("Ending (again) with this 6th season", 6, 2017) == (Outcome.ENDED, None)
    assert note_outcome("Confirmed as a 1-season show prior to airing", 1, 2015) is not None
    assert note_outcome("Cancellation confirmed 11/26/19", 12, 2018) == (
        Outcome.CANCELED,
        dt.date(2019, 11, 26),
    )
    assert note_outcome("Extended through S5 on 1/31/20", 3, 2019) == (
        Outcome.RENEWED,
        dt.date(2020, 1, 31),
    )
    assert note_outcome("S2 confirmed on 8/25/17; will air in 2019", 1, 2016) is not None
    # hedges, episode extensions and descriptions are not decisions
    assert note_outcome("Airs as a one-off special; may be extended to a series", 1, 2013) is None
    assert note_outcome("Season extended by 12 episodes on 3/4", 3, 2014) is None
    assert note_outcome("Extended through S5 on 1/31/20", 5, 2019) is None
    assert note_outcome("Unofficially ended 7/24", 1, 2013) is None
    assert note_outcome("Miniseries", 1, 2013) is None


def test_listed_again_with_a_later_season_came_back() -> None:
    # the next season listed the next year: renewed, surely known by that year's end
    assert relisted_outcome(4, 2018, [(2018, 4), (2019, 5)]) == (
        Outcome.RENEWED,
        dt.date(2020, 5, 31),
    )
    # a delayed season listed again with the same number decides nothing
    assert relisted_outcome(1, 2013, [(2013, 1), (2014, 1)]) is None
    # back only years later (a revival, or another show of the same title): unknown
    assert relisted_outcome(1, 2013, [(2013, 1), (2018, 2)]) is None
    # an earlier listing is no evidence
    assert relisted_outcome(3, 2016, [(2015, 2), (2016, 3)]) is None


def test_a_blank_status_is_labelled_by_a_later_listing(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text(
        "name,season,status,tv_network,ano\n"
        "Made-up Show,SEASON 4,,NBC,2018\n"
        "Made-up Show,SEASON 5,Canceled 5/10,NBC,2019\n"
        "Other Show,1,,NBC,2018\n"
        "Late Show,1,,FX,2017\n"
        "Late Show,1,Canceled 3/3,FX,2018\n"
        "Late Show,2,,FX,2019\n",
        encoding="utf-8",
    )
    rows = {(r.show, r.season): r for r in scorecard_rows(str(path))}
    assert rows["Made-up Show", 4].outcome is Outcome.RENEWED
    assert not rows["Made-up Show", 4].dated
    # in the history only once the next season had surely been ordered, never earlier
    assert rows["Made-up Show", 4].decided == dt.date(2020, 5, 31)
    # a delayed season: the later row's stated decision wins over the relisting
    assert rows["Late Show", 1].outcome is Outcome.CANCELED
    assert rows["Late Show", 1].year == 2018
    assert rows["Made-up Show", 5].outcome is Outcome.CANCELED
    assert ("Other Show", 1) not in rows  # never listed again: no label


def test_rumours_and_descriptions_give_no_label() -> None:
    assert outcome_of(_events("Presumed canceled"), 2) is None
    assert outcome_of(_events("Miniseries"), 1) is None


def test_multi_season_order() -> None:
    assert renewed_to(_events("Renewed through season 7 on 3/29"), 5) == 7


def test_season_year_runs_june_to_may() -> None:
    assert season_year(dt.date(2019, 6, 1)) == 2019
    assert season_year(dt.date(2020, 5, 31)) == 2019


def _entry(
    i: int, status: Status, season: int, day: dt.date, speculative: bool = False
) -> TimelineEntry:
    return TimelineEntry(
        id=i, show="Made-up Show", status=status, network="Hulu", season=season, date=day,
        speculative=speculative, confidence=0.9, evidence="", attribution=None,
    )  # fmt: skip


def test_tracked_rows_from_a_timeline() -> None:
    entries = [
        _entry(1, Status.RENEWED, 2, dt.date(2021, 3, 1)),
        _entry(2, Status.CANCELED, 2, dt.date(2022, 4, 1), speculative=True),
        _entry(3, Status.CANCELED, 2, dt.date(2022, 5, 1)),
    ]
    rows = tracked_rows([("Made-up Show", "Hulu", entries)])
    assert [(r.season, r.outcome, r.year) for r in rows] == [
        (1, Outcome.RENEWED, 2020),
        (2, Outcome.CANCELED, 2021),
    ]
    assert (
        tracked_rows([("Made-up Show", "Hulu", entries)], skip=[("made up show", 1)])[0].season == 2
    )


def test_real_scorecard_rows() -> None:
    rows = scorecard_rows(str(real_scorecard()))
    assert 2000 < len(rows) < 5049
    assert len({r.key for r in rows}) == len(rows)  # one row per show-season
    share = sum(r.returns for r in rows) / len(rows)
    assert 0.6 < share < 0.8
    assert set(Counter(r.year for r in rows)) == set(range(2013, 2021))
