"""Calibration of the model's probabilities, fitted only on years before the one forecast.

The walk-forward backtest gives, for every season year, forecasts made by a
model that never saw that year. For year Y an isotonic map (non-decreasing,
from raw P(renewed) to the share that came back) is fitted on the forecasts of
the years before Y whose decisions were dated before Y began, and applied to
Y's forecasts. Nothing of Y, nor of any later year, reaches Y's map.

Whether a candidate's forecasts go through the map is chosen like the
candidate itself, by the Brier score of the years before (`backtest.py`). In
the walk-forward backtest 2015-2020 (2,183 show-seasons, `make bench`) the map
lost to the raw boosting in every year: Brier 0.1774 against 0.1750, every bin
of 30 or more shows within 0.043 against 0.040. It mends what the raw model
gets wrong in small bins (36 shows forecast 0.09-0.13 whose final season had
been announced: none came back) but adds noise in the middle bins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.isotonic import IsotonicRegression

MIN_ROWS = 100  # fewer earlier forecasts than this: probabilities are left as they are
BOUNDS = (0.01, 0.99)  # a map fitted on a few hundred shows never says "certain"


@dataclass(frozen=True)
class Calibrator:
    """A non-decreasing map of raw P(renewed) to calibrated P(renewed), both in 0..1.

    `fitted_on` is how many earlier forecasts fitted it; 0 means the identity
    (too few of them, or a single outcome).
    """

    thresholds: tuple[float, ...] = ()
    values: tuple[float, ...] = ()
    fitted_on: int = 0

    def apply(self, probabilities: Sequence[float] | np.ndarray) -> np.ndarray:
        """Return the calibrated probabilities, shape (len(probabilities),), in 0..1."""
        p = np.asarray(probabilities, dtype=float)
        if not self.fitted_on:
            return p
        return np.interp(p, self.thresholds, self.values)


def fit_calibrator(probabilities: Sequence[float], outcomes: Sequence[bool]) -> Calibrator:
    """Return the isotonic map of `probabilities` (earlier forecasts) onto `outcomes`.

    The identity when there are fewer than `MIN_ROWS` forecasts or one outcome only.
    """
    if len(probabilities) < MIN_ROWS or len(set(outcomes)) < 2:
        return Calibrator()
    iso = IsotonicRegression(y_min=BOUNDS[0], y_max=BOUNDS[1], out_of_bounds="clip")
    iso.fit(np.asarray(probabilities, dtype=float), np.asarray(outcomes, dtype=float))
    return Calibrator(
        tuple(float(x) for x in iso.X_thresholds_),
        tuple(float(y) for y in iso.y_thresholds_),
        len(probabilities),
    )
