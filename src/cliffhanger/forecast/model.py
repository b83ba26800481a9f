"""The renewal model: scikit-learn with calibrated probabilities, and the reasons for each forecast.

Two candidates, chosen between by the walk-forward backtest (`backtest.py`),
never by their fit on the training years:

- `logistic`: one-hot categories and scaled numbers into an L2 logistic
  regression, wrapped in `CalibratedClassifierCV` (Platt scaling on 5 held-out
  folds): its raw probabilities are far off (0.15 too high at the top decile);
- `boosting`: gradient boosting on log loss, regularised (150 trees of depth
  3, rate 0.03, at least 20 shows per leaf, 80% subsamples; single-threaded,
  so a shared machine gives the same speed and results). A Platt or isotonic
  map fitted on 5 random held-out folds made its probabilities worse; the
  map that is used is fitted on the walk-forward forecasts of earlier years
  (`calibration.py`), outside this module.

Everything runs from a fixed seed (`SEED`): the same rows give the same
probabilities.

Reasons come from the model itself: for each feature of a show, its columns
are set to the training average and the change in P(renewed) is the feature's
effect. For the logistic model this is exactly its linear term (mapped
through the calibration); for boosting it is the model's answer to "and if
this feature were average?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from cliffhanger.errors import InputError
from cliffhanger.forecast.features import Features, group_of

SEED = 14
CANDIDATES = ("logistic", "boosting")
CALIBRATED = frozenset({"logistic"})  # wrapped in Platt scaling on held-out folds (see above)
MIN_ROWS = 30  # fewer decided show-seasons than this cannot train a model
EFFECT_SHOWN = 0.005  # reasons smaller than half a point are not shown


@dataclass(frozen=True)
class Reason:
    """A feature that moved a forecast: its name, the show's value, the change in P(renewed).

    `effect` is in probability (-1..1): P(renewed) minus P(renewed) with this
    feature at the training average.
    """

    feature: str
    value: str
    effect: float

    def text(self) -> str:
        """Return the reason as a short phrase: "network Netflix -12 pts"."""
        points = round(self.effect * 100)
        return f"{self.feature.replace('_', ' ')} {self.value} {points:+d} pts"


def _estimator(name: str, seed: int) -> object:
    if name == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=2000))
    if name == "boosting":
        return GradientBoostingClassifier(
            n_estimators=150,
            max_depth=3,
            learning_rate=0.03,
            min_samples_leaf=20,
            subsample=0.8,
            random_state=seed,
        )
    raise InputError(f"unknown model {name!r}", hint=f"use one of {', '.join(CANDIDATES)}")


class RenewalModel:
    """A calibrated classifier over feature dicts; `predict` gives P(renewed) per row."""

    def __init__(self, name: str, seed: int = SEED) -> None:
        _estimator(name, seed)  # fail early on an unknown name
        self.name = name
        self.seed = seed
        self.vectorizer = DictVectorizer(sparse=False, sort=True)
        estimator = _estimator(name, seed)
        self.classifier: Any = (
            CalibratedClassifierCV(estimator, method="sigmoid", cv=5, ensemble=True)
            if name in CALIBRATED
            else estimator
        )
        self.means = np.zeros(0)
        self.trained_on = 0

    def fit(self, rows: Sequence[Features], renewed: Sequence[bool]) -> RenewalModel:
        """Return the model trained on `rows` labelled `renewed`.

        Raises InputError with fewer than `MIN_ROWS` rows or a single outcome.
        """
        if len(rows) < MIN_ROWS or len(set(renewed)) < 2:
            raise InputError(
                f"too few decided seasons to train on ({len(rows)}, both outcomes needed)",
                hint="give the scorecard (--data DIR holding status/metacritic_renewal_"
                "scorecard_2013_2020.csv) or track more decisions",
            )
        matrix = self.vectorizer.fit_transform(rows)
        self.means = matrix.mean(axis=0)
        self.classifier.fit(matrix, np.asarray(renewed, dtype=int))
        self.trained_on = len(rows)
        return self

    def predict(self, rows: Sequence[Features]) -> np.ndarray:
        """Return P(renewed) of each row, shape (len(rows),), values in 0..1."""
        if not rows:
            return np.zeros(0)
        return self._proba(self.vectorizer.transform(rows))

    def _proba(self, matrix: np.ndarray) -> np.ndarray:
        return np.asarray(self.classifier.predict_proba(matrix)[:, 1], dtype=float)

    def reasons(self, row: Features, top: int = 3) -> list[Reason]:
        """Return up to `top` features that moved `row`'s forecast most, largest effect first."""
        vector = self.vectorizer.transform([row])[0]
        names = self.vectorizer.get_feature_names_out()
        groups: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            groups.setdefault(group_of(str(name)), []).append(index)
        variants = [vector]
        order = sorted(groups)
        for group in order:
            variant = vector.copy()
            variant[groups[group]] = self.means[groups[group]]
            variants.append(variant)
        probabilities = self._proba(np.vstack(variants))
        found = [
            Reason(group, _value(row, group), float(probabilities[0] - probabilities[i + 1]))
            for i, group in enumerate(order)
        ]
        found = [r for r in found if abs(r.effect) >= EFFECT_SHOWN]
        return sorted(found, key=lambda r: -abs(r.effect))[:top]


def _value(row: Features, group: str) -> str:
    """Return how a show's value of feature `group` reads in a reason."""
    if group == "genre":
        genres = sorted(k.split("=", 1)[1] for k in row if k.startswith("genre="))
        return "/".join(genres) or "none listed"
    value = row.get(group)
    if value is None:
        return "unknown"
    if group in ("network_renewal_rate", "catalog_survival"):
        return f"{float(value):.0%}"
    if group == "network_decisions":
        return f"{round(np.expm1(float(value)))}"
    return str(value)


def fit(
    name: str, rows: Sequence[Features], renewed: Sequence[bool], seed: int = SEED
) -> RenewalModel:
    """Return a `RenewalModel` named `name` ("logistic" or "boosting") trained on `rows`."""
    return RenewalModel(name, seed).fit(rows, renewed)
