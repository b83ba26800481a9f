"""The label rules: one outcome per (show, season that ended), from the scorecard and the store."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cliffhanger.forecast.labels import (
    Outcome,
    note_outcome,
    outcome_of,
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
