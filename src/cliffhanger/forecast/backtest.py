"""Walk-forward backtest by season year, beside three baselines.

For each season year Y from `FIRST_YEAR`: train on the show-seasons of
earlier years whose decision was dated before Y began (1 June), predict every
show-season of Y, score. The model for Y is chosen among `CANDIDATES` by the
same walk-forward run over the years before Y only (lowest Brier score), so no
choice ever looks at Y's outcomes. Each candidate comes twice: as it is, and
through an isotonic map fitted on its forecasts of the years before Y
(`calibration.py`, named "boosting+isotonic"); the choice between them is made
the same way. The model's raw probability is kept beside the one used
(`Prediction.raw`).

Baselines, each a probability so that Brier and log loss apply:

- `always renewed`: says renewed for every show, with probability the share
  of earlier years' seasons that came back (with probability 1 its Brier
  score would simply be the share not renewed, an easier bar);
- `network rate`: the network's earlier renewal rate (`History.network_rate`);
- `seasons rule`: the earlier share renewed of shows with as many seasons so
  far (`season_bucket`).

Scores: accuracy at 0.5, Brier score (mean squared error of the probability,
0 best), log loss (natural log, probabilities clipped to 1e-6..1-1e-6), and a
reliability table of ten equal-width probability bins.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cliffhanger.forecast.calibration import Calibrator, fit_calibrator
from cliffhanger.forecast.features import Case, Catalog, Features, History, features, network_kind
from cliffhanger.forecast.labels import TrainingRow, year_start
from cliffhanger.forecast.model import CANDIDATES, SEED, fit

FIRST_YEAR = 2015
ISOTONIC = "+isotonic"  # a candidate's name with this suffix: its calibrated variant
BASELINES = ("always renewed", "network rate", "seasons rule")
MIN_GROUP = 30  # per-network rows shown only with this many test seasons
DECILE_MIN = 30  # calibration is judged only in bins holding this many shows


@dataclass(frozen=True)
class Scores:
    """How good one set of forecasts was: n, accuracy, Brier score, log loss (see module doc)."""

    n: int
    accuracy: float
    brier: float
    log_loss: float


@dataclass(frozen=True)
class Bin:
    """One reliability bin: forecasts in [low, high), their mean, and the share that came back."""

    low: float
    high: float
    n: int
    predicted: float
    observed: float

    @property
    def gap(self) -> float:
        """Return |mean forecast - observed share| (0 is perfectly calibrated)."""
        return abs(self.predicted - self.observed)


@dataclass(frozen=True)
class Row:
    """A group's scores (a year, a network, a kind): the model, which one, and each baseline."""

    label: str
    model: Scores
    baselines: dict[str, Scores]
    chosen: str = ""


@dataclass(frozen=True)
class Prediction:
    """One show-season of a test year: what each forecaster said, and what happened."""

    row: TrainingRow
    model: float
    baselines: dict[str, float]
    chosen: str
    raw: float = math.nan  # the model's probability before calibration


@dataclass
class Backtest:
    """The whole backtest: per year, overall, per network and kind, reliability."""

    years: list[Row] = field(default_factory=list)
    overall: Row | None = None
    networks: list[Row] = field(default_factory=list)
    kinds: list[Row] = field(default_factory=list)
    reliability: list[Bin] = field(default_factory=list)
    predictions: list[Prediction] = field(default_factory=list)
    seed: int = SEED
    chosen_now: str = ""
    # every out-of-year forecast of `chosen_now`, raw, from the second year on: what a
    # forecast made today is calibrated on (`calibrator`)
    earlier: list[tuple[TrainingRow, float]] = field(default_factory=list)

    def calibrator(self, before: dt.date) -> Calibrator:
        """Return the map a forecast made on `before` goes through.

        The isotonic map fitted on `earlier` forecasts decided before `before`
        when the walk-forward chose the calibrated variant for today; else the
        identity.
        """
        if not self.chosen_now.endswith(ISOTONIC):
            return Calibrator()
        known = [(r, p) for r, p in self.earlier if r.decided < before]
        return fit_calibrator([p for _, p in known], [r.returns for r, _ in known])


def as_of(row: TrainingRow) -> dt.date:
    """Return a row's forecast date: its season year's start, or the day before its decision."""
    return min(year_start(row.year), row.decided - dt.timedelta(days=1))


def row_features(
    rows: Sequence[TrainingRow], history: History, catalog: Catalog | None
) -> list[Features]:
    """Return the features of each labelled row, as known on `as_of(row)`."""
    return [features(Case(r.show, r.network, r.season, as_of(r)), history, catalog) for r in rows]


def score(probabilities: Sequence[float], outcomes: Sequence[bool]) -> Scores:
    """Return accuracy, Brier score and log loss of `probabilities` against `outcomes`."""
    p = np.clip(np.asarray(probabilities, dtype=float), 1e-6, 1 - 1e-6)
    y = np.asarray(outcomes, dtype=float)
    if len(p) == 0:
        return Scores(0, math.nan, math.nan, math.nan)
    return Scores(
        n=len(p),
        accuracy=float(np.mean((p >= 0.5) == (y == 1))),
        brier=float(np.mean((p - y) ** 2)),
        log_loss=float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))),
    )


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool]) -> list[Bin]:
    """Return ten bins [0, 0.1) .. [0.9, 1.0] with their mean forecast and observed share."""
    bins = []
    for i in range(10):
        low, high = i / 10, (i + 1) / 10
        inside = [
            (p, o)
            for p, o in zip(probabilities, outcomes, strict=True)
            if low <= p < high or (i == 9 and p == 1.0)
        ]
        n = len(inside)
        bins.append(
            Bin(
                low,
                high,
                n,
                sum(p for p, _ in inside) / n if n else math.nan,
                sum(o for _, o in inside) / n if n else math.nan,
            )
        )
    return bins


def calibration_pass_rate(
    probabilities: Sequence[float],
    within: float = 0.05,
    min_n: int = DECILE_MIN,
    draws: int = 1000,
    seed: int = SEED,
) -> float:
    """Return how often a perfectly calibrated forecaster would meet the calibration target.

    Outcomes are drawn as if each forecast were exactly right (renewed with
    probability p); the share of `draws` in which every bin holding `min_n` or
    more forecasts is within `within` of its observed share. With bins of a few
    dozen shows this is far below 1: the target then measures luck as much as
    calibration.
    """
    p = np.asarray(probabilities, dtype=float)
    if len(p) == 0:
        return math.nan
    bins = np.minimum((p * 10).astype(int), 9)
    judged = [bins == b for b in range(10) if int(np.sum(bins == b)) >= min_n]
    rng = np.random.default_rng(seed)
    outcomes = rng.random((draws, len(p))) < p
    met = np.ones(draws, dtype=bool)
    for inside in judged:
        gap = np.abs(outcomes[:, inside].mean(axis=1) - p[inside].mean())
        met &= gap <= within
    return float(met.mean())


def _baselines(
    row: TrainingRow, train: _TrainRates, history: History, feats: Features
) -> dict[str, float]:
    return {
        "always renewed": train.overall,
        "network rate": history.network_rate(row.network, as_of(row))[0],
        "seasons rule": train.by_bucket.get(str(feats["season_bucket"]), train.overall),
    }


@dataclass(frozen=True)
class _TrainRates:
    """The renewal rate of a training set overall and per season bucket (baselines' inputs)."""

    overall: float
    by_bucket: dict[str, float]

    @classmethod
    def of(cls, train: Sequence[TrainingRow]) -> _TrainRates:
        buckets: dict[str, list[bool]] = {}
        for r in train:
            buckets.setdefault(_bucket(r), []).append(r.returns)
        return cls(
            sum(r.returns for r in train) / len(train),
            {b: sum(v) / len(v) for b, v in buckets.items()},
        )


def _bucket(row: TrainingRow) -> str:
    from cliffhanger.forecast.features import season_bucket

    return season_bucket(row.season)


def walk_forward(
    rows: Sequence[TrainingRow],
    catalog: Catalog | None = None,
    first_year: int = FIRST_YEAR,
    candidates: Sequence[str] = CANDIDATES,
    seed: int = SEED,
) -> Backtest:
    """Return the walk-forward backtest of `rows` for every season year from `first_year`."""
    rows = sorted(rows, key=lambda r: (r.year, r.decided, r.show, r.season))
    history = History(rows)
    feats = row_features(rows, history, catalog)
    years = sorted({r.year for r in rows})
    predicted: dict[tuple[str, int], np.ndarray] = {}
    for year in years[1:]:
        train = [i for i, r in enumerate(rows) if r.year < year and r.decided < year_start(year)]
        test = [i for i, r in enumerate(rows) if r.year == year]
        if len(train) < 30 or len({rows[i].returns for i in train}) < 2:
            continue
        for name in candidates:
            model = fit(name, [feats[i] for i in train], [rows[i].returns for i in train], seed)
            predicted[(name, year)] = model.predict([feats[i] for i in test])
    variants = dict(predicted)
    for (name, year), values in predicted.items():
        variants[(name + ISOTONIC, year)] = earlier_calibrator(rows, predicted, name, year).apply(
            values
        )
    names = [v for name in candidates for v in (name, name + ISOTONIC)]
    result = Backtest(seed=seed)
    for year in (y for y in years if y >= first_year):
        chosen = _choose(rows, variants, names, year)
        if chosen is None or (chosen, year) not in predicted:
            continue
        train_rates = _TrainRates.of(
            [r for r in rows if r.year < year and r.decided < year_start(year)]
        )
        test = [i for i, r in enumerate(rows) if r.year == year]
        for j, i in enumerate(test):
            result.predictions.append(
                Prediction(
                    rows[i],
                    float(variants[(chosen, year)][j]),
                    _baselines(rows[i], train_rates, history, feats[i]),
                    chosen,
                    float(predicted[(model_name(chosen), year)][j]),
                )
            )
    result.chosen_now = _choose(rows, variants, names, max(years) + 1) or candidates[0]
    result.earlier = _tested(rows, predicted, model_name(result.chosen_now), max(years) + 1)
    _summarise(result)
    return result


def model_name(variant: str) -> str:
    """Return the model a variant is made of: "boosting+isotonic" -> "boosting"."""
    return variant.removesuffix(ISOTONIC)


def _tested(
    rows: Sequence[TrainingRow],
    predicted: dict[tuple[str, int], np.ndarray],
    name: str,
    year: int,
) -> list[tuple[TrainingRow, float]]:
    """Return (row, raw forecast) of candidate `name` for the years before `year`."""
    found: list[tuple[TrainingRow, float]] = []
    for (candidate, earlier), values in sorted(predicted.items()):
        if candidate == name and earlier < year:
            tested = [r for r in rows if r.year == earlier]
            found += [(r, float(p)) for r, p in zip(tested, values, strict=True)]
    return found


def earlier_calibrator(
    rows: Sequence[TrainingRow],
    predicted: dict[tuple[str, int], np.ndarray],
    name: str,
    year: int,
) -> Calibrator:
    """Return the map for `year`: fitted on `name`'s forecasts of earlier years, decided before."""
    start = year_start(year)
    known = [(r, p) for r, p in _tested(rows, predicted, name, year) if r.decided < start]
    return fit_calibrator([p for _, p in known], [r.returns for r, _ in known])


def _choose(
    rows: Sequence[TrainingRow],
    predicted: dict[tuple[str, int], np.ndarray],
    candidates: Sequence[str],
    year: int,
) -> str | None:
    """Return the candidate with the lowest Brier score over years before `year` (known then)."""
    best: tuple[float, str] | None = None
    for name in candidates:
        probabilities: list[float] = []
        outcomes: list[bool] = []
        for (candidate, earlier), values in predicted.items():
            if candidate != name or earlier >= year:
                continue
            tested = [r for r in rows if r.year == earlier]
            for r, p in zip(tested, values, strict=True):
                if r.decided < year_start(year):
                    probabilities.append(float(p))
                    outcomes.append(r.returns)
        if probabilities:
            brier = score(probabilities, outcomes).brier
            if best is None or brier < best[0]:
                best = (brier, name)
    return best[1] if best else (candidates[0] if len(candidates) == 1 else None)


def _group(label: str, predictions: Sequence[Prediction]) -> Row:
    outcomes = [p.row.returns for p in predictions]
    chosen = sorted({p.chosen for p in predictions})
    return Row(
        label,
        score([p.model for p in predictions], outcomes),
        {b: score([p.baselines[b] for p in predictions], outcomes) for b in BASELINES},
        "/".join(chosen),
    )


def _summarise(result: Backtest) -> None:
    predictions = result.predictions
    if not predictions:
        return
    for year in sorted({p.row.year for p in predictions}):
        result.years.append(_group(str(year), [p for p in predictions if p.row.year == year]))
    result.overall = _group("all years", predictions)
    by_network: dict[str, list[Prediction]] = {}
    for p in predictions:
        by_network.setdefault(p.row.network or "(unknown)", []).append(p)
    other: list[Prediction] = []
    for name in sorted(by_network, key=lambda n: (-len(by_network[n]), n.casefold())):
        if len(by_network[name]) >= MIN_GROUP:
            result.networks.append(_group(name, by_network[name]))
        else:
            other.extend(by_network[name])
    if other:
        result.networks.append(_group(f"other networks (<{MIN_GROUP} each)", other))
    for kind in ("broadcast", "cable", "streaming"):
        group = [p for p in predictions if network_kind(p.row.network) == kind]
        if group:
            result.kinds.append(_group(kind, group))
    result.reliability = reliability(
        [p.model for p in predictions], [p.row.returns for p in predictions]
    )
