"""The model and the backtest on made-up seasons: reproducible, never sees its test year."""

from __future__ import annotations

import math

import pytest

from cliffhanger.errors import InputError
from cliffhanger.forecast.backtest import (
    as_of,
    calibration_pass_rate,
    reliability,
    row_features,
    score,
    walk_forward,
)
from cliffhanger.forecast.features import History
from cliffhanger.forecast.labels import year_start
from cliffhanger.forecast.model import fit

from .conftest import made_up_rows


def test_same_seed_same_probabilities() -> None:
    rows = made_up_rows()
    feats = row_features(rows, History(rows), None)
    labels = [r.returns for r in rows]
    for name in ("logistic", "boosting"):
        a = fit(name, feats, labels).predict(feats[:20])
        b = fit(name, feats, labels).predict(feats[:20])
        assert a.tolist() == b.tolist()
        assert all(0 <= p <= 1 for p in a)


def test_reasons_come_from_the_model() -> None:
    rows = made_up_rows()
    feats = row_features(rows, History(rows), None)
    model = fit("logistic", feats, [r.returns for r in rows])
    first_season = next(f for f in feats if f["seasons_so_far"] == 1)
    reasons = model.reasons(first_season)
    assert reasons and len(reasons) <= 3
    assert abs(reasons[0].effect) >= abs(reasons[-1].effect)
    assert any(r.feature in ("seasons_so_far", "season_bucket") and r.effect < 0 for r in reasons)


def test_too_few_rows_is_a_clear_error() -> None:
    rows = made_up_rows(range(2013, 2014), per_year=10)
    with pytest.raises(InputError, match="too few"):
        fit("logistic", row_features(rows, History(rows), None), [r.returns for r in rows])
    with pytest.raises(InputError, match="unknown model"):
        fit("forest", [], [])


def test_scores() -> None:
    s = score([1.0, 0.0, 0.8], [True, False, False])
    assert s.accuracy == pytest.approx(2 / 3)
    assert s.brier == pytest.approx(0.64 / 3)
    assert math.isfinite(s.log_loss)
    bins = reliability([0.05, 0.15, 0.95, 1.0], [False, True, True, True])
    assert [b.n for b in bins] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_calibration_pass_rate_of_a_perfect_forecaster() -> None:
    # big bins: a perfectly calibrated forecaster nearly always meets "within 0.05"
    assert calibration_pass_rate([0.75] * 2000 + [0.25] * 2000) > 0.95
    # a bin of 30 shows at 0.5: its observed share is within 0.05 only about 40% of the time
    assert 0.2 < calibration_pass_rate([0.5] * 30) < 0.6
    # bins under the minimum are not judged
    assert calibration_pass_rate([0.5] * 29) == 1.0
    assert calibration_pass_rate([0.3] * 40, seed=1) == calibration_pass_rate([0.3] * 40, seed=1)
    assert math.isnan(calibration_pass_rate([]))


def test_walk_forward_trains_only_on_earlier_decisions() -> None:
    rows = made_up_rows(range(2013, 2019))
    result = walk_forward(rows, None, first_year=2015, candidates=("logistic",))
    assert [r.label for r in result.years] == ["2015", "2016", "2017", "2018"]
    assert result.overall is not None and result.overall.model.n == 4 * 40
    for p in result.predictions:
        assert as_of(p.row) < year_start(p.row.year + 1)
    again = walk_forward(rows, None, first_year=2015, candidates=("logistic",))
    assert [p.model for p in again.predictions] == [p.model for p in result.predictions]
    # the learnable pattern beats "always renewed"
    assert result.overall.model.brier < result.overall.baselines["always renewed"].brier
    assert {k.label for k in result.kinds} == {"cable", "streaming"}
