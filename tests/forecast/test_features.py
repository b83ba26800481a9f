"""Features use only what was dated before the forecast: adding later facts changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from cliffhanger.forecast.backtest import as_of, row_features
from cliffhanger.forecast.features import (
    Case,
    Catalog,
    CatalogShow,
    History,
    features,
    network_kind,
    season_bucket,
)
from cliffhanger.forecast.labels import Outcome, scorecard_rows

from .conftest import made_up_rows, real_scorecard


def _catalog() -> Catalog:
    catalog = Catalog()
    for i in range(40):
        catalog.shows.setdefault(f"old {i}", []).append(
            CatalogShow(2000, 2005, 1 + i % 4, ("drama",), 9)
        )
    return catalog


def _future(rows: list, after: dt.date) -> list:
    """Return copies of `rows` decided after `after`, with the opposite outcome."""
    flipped = {True: Outcome.CANCELED, False: Outcome.RENEWED}
    return [
        dataclasses.replace(r, decided=after + dt.timedelta(days=1 + i), outcome=flipped[r.returns])
        for i, r in enumerate(rows)
    ]


def test_no_feature_uses_a_decision_dated_after_the_forecast() -> None:
    rows = made_up_rows()
    catalog = _catalog()
    for row in rows[::17]:
        case = Case(row.show, row.network, row.season, as_of(row))
        known = History([r for r in rows if r.decided < case.as_of])
        leaky = History(rows + _future(rows, case.as_of - dt.timedelta(days=1)))
        late_run = Catalog(
            {**catalog.shows, "late": [CatalogShow(2000, case.as_of.year, 9, (), 1)]}
        )
        assert features(case, known, catalog) == features(case, leaky, late_run)


def test_no_feature_leaks_on_the_real_scorecard() -> None:
    rows = scorecard_rows(str(real_scorecard()))
    sample = random.Random(14).sample(rows, 150)
    for row in sample:
        case = Case(row.show, row.network, row.season, as_of(row))
        assert case.as_of <= row.decided - dt.timedelta(days=1)
        known = History([r for r in rows if r.decided < case.as_of])
        assert features(case, known) == features(case, History(rows))


def test_the_own_outcome_is_never_a_feature() -> None:
    rows = made_up_rows()
    history = History(rows)
    flipped = [
        dataclasses.replace(r, outcome=Outcome.CANCELED if r.returns else Outcome.RENEWED)
        for r in rows
    ]
    for i, row in enumerate(rows):
        mine = History([r for j, r in enumerate(rows) if j != i] + [flipped[i]])
        assert row_features([row], history, None) == row_features([row], mine, None)


def test_store_signals_count_only_before_the_forecast() -> None:
    day = dt.date(2024, 3, 1)
    case = Case("X", "Netflix", 1, day, signals=(("bubble", dt.date(2024, 2, 1)), ("bubble", day)))
    assert features(case, History([]))["bubble_reports"] == 1


def test_network_kinds_and_buckets() -> None:
    assert network_kind("NBC") == "broadcast"
    assert network_kind("Netflix") == "streaming"
    assert network_kind("FX") == "cable"
    assert network_kind(None) == "unknown"
    assert [season_bucket(n) for n in (1, 2, 3, 5, 9, 14)] == ["1", "2", "3", "4-5", "6-9", "10+"]
