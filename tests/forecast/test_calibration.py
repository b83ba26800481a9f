"""Calibration fitted on earlier years only: a monotone map, the identity without data."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from cliffhanger.forecast.backtest import ISOTONIC, earlier_calibrator, walk_forward
from cliffhanger.forecast.calibration import MIN_ROWS, fit_calibrator
from cliffhanger.forecast.labels import Outcome

from .conftest import made_up_rows


def test_too_few_forecasts_leave_probabilities_as_they_are() -> None:
    calibrator = fit_calibrator([0.3] * (MIN_ROWS - 1), [True, False] * 49 + [True])
    assert calibrator.apply([0.1, 0.7]).tolist() == [0.1, 0.7]
    # one outcome only: nothing to map onto
    assert fit_calibrator([0.5] * 200, [True] * 200).apply([0.2]).tolist() == [0.2]


def test_an_overconfident_forecaster_is_pulled_back() -> None:
    rng = np.random.default_rng(14)
    raw = rng.uniform(0, 1, 2000)
    outcomes = rng.random(2000) < 0.25 + raw / 2  # raw says 0..1, truth is 0.25..0.75
    mapped = fit_calibrator(raw.tolist(), outcomes.tolist()).apply([0.05, 0.5, 0.95])
    assert np.all(np.diff(mapped) >= 0)  # still ordered
    assert abs(mapped[0] - 0.275) < 0.08 and abs(mapped[2] - 0.725) < 0.08


def test_a_year_is_calibrated_without_its_own_outcomes() -> None:
    rows = made_up_rows(range(2013, 2020))
    flip = {Outcome.RENEWED: Outcome.CANCELED, Outcome.CANCELED: Outcome.RENEWED}
    # the last year's outcomes flipped and its decisions moved: its forecasts must not move
    changed = [
        dataclasses.replace(r, outcome=flip[r.outcome], decided=r.decided + dt.timedelta(days=3))
        if r.year == 2019
        else r
        for r in rows
    ]
    before = walk_forward(rows, None, first_year=2015, candidates=("logistic",))
    after = walk_forward(changed, None, first_year=2015, candidates=("logistic",))
    for a, b in [(before, after)]:
        last = [(p.model, p.raw) for p in a.predictions if p.row.year == 2019]
        assert last == [(p.model, p.raw) for p in b.predictions if p.row.year == 2019]
    # the map of a year is fitted on earlier years' forecasts only
    predicted = {(name, year): np.full(40, 0.6) for name in ("m",) for year in range(2014, 2020)}
    for source in (rows, changed):
        fitted = earlier_calibrator(source, predicted, "m", 2019)
        assert fitted.fitted_on == 5 * 40  # the forecasts of 2014-2018, never 2019
    assert earlier_calibrator(rows, predicted, "m", 2019) == earlier_calibrator(
        changed, predicted, "m", 2019
    )


def test_a_forecast_today_is_calibrated_on_what_was_decided_before_it() -> None:
    result = walk_forward(made_up_rows(range(2013, 2020)), None, candidates=("logistic",))
    calibrated = dataclasses.replace(result, chosen_now="logistic" + ISOTONIC)
    early = calibrated.calibrator(dt.date(2017, 6, 1)).fitted_on  # 2014-2016's 120 forecasts
    assert 0 < early < calibrated.calibrator(dt.date(2030, 1, 1)).fitted_on
    # the walk-forward preferred the raw model: no map
    raw = dataclasses.replace(result, chosen_now="logistic")
    assert raw.calibrator(dt.date(2030, 1, 1)).fitted_on == 0
