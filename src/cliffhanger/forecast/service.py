"""Renewal odds for a store's pending shows, and the backtest, as the CLI, API and web use them.

The model is trained on the fly, never downloaded and never shipped: from the
Metacritic scorecard (2013-2020) and OMDb catalog found in the data folder
(`--data`, else `CLIFFHANGER_DATA_DIR`, else `../shared/data`), plus every
decision the store itself tracks. Training takes a few seconds; results are
cached per process until the store's data changes. Its probabilities go
through the isotonic map fitted on the walk-forward backtest's forecasts of
decisions made before the forecast date (`calibration.py`); reasons are the
model's own effects, before that map. Without the scorecard the store's own
decisions are used alone, and too few of them is a clear error.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine

from cliffhanger.errors import CliffhangerError, InputError, NotFoundError
from cliffhanger.forecast import backtest as bt
from cliffhanger.forecast.calibration import Calibrator
from cliffhanger.forecast.features import Case, Catalog, History, features, load_catalog
from cliffhanger.forecast.features import network_kind as kind_of
from cliffhanger.forecast.labels import TrainingRow, aired_before, scorecard_rows, tracked_rows
from cliffhanger.forecast.model import SEED, Reason, RenewalModel, fit
from cliffhanger.model import ShowStatus, Status
from cliffhanger.resolution.networks import default_index
from cliffhanger.store import web_browse
from cliffhanger.store.keys import name_key

DATA_ENV = "CLIFFHANGER_DATA_DIR"
DEFAULT_DATA = "../shared/data"
SCORECARD = "status/metacritic_renewal_scorecard_2013_2020.csv"
OMDB = "catalog/omdb_series_1995_2017.csv.gz"
# The candidate the walk-forward backtest picks for every year from 2015 (on earlier years
# only); `make bench` prints its choice again and says so if it ever differs.
CHOSEN = "boosting"
_LOCK = threading.Lock()
_CACHE: dict[tuple[Any, ...], Any] = {}  # small: a few forecasts, models and backtests


def clear_cache() -> None:
    """Forget every cached forecast, model and backtest (tests; a new data folder)."""
    with _LOCK:
        _CACHE.clear()


@dataclass(frozen=True)
class ShowForecast:
    """A pending show's odds: P(renewed) in 0..1 and the features that moved it.

    `seasons` is how many seasons have aired as far as the store knows;
    `seasons_known` is False when nothing said and one season was assumed.
    """

    show_id: int
    show: str
    network: str | None
    network_kind: str
    seasons: int
    seasons_known: bool
    renewed: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Forecast:
    """Odds for every pending show, most at risk first, as of a date, and what trained the model."""

    as_of: dt.date
    model: str
    trained_on: int
    sources: tuple[str, ...]
    items: tuple[ShowForecast, ...]


def _remember(key: tuple[Any, ...], value: Any) -> None:
    """Keep `value`; past 32 entries the least recently used one goes (see `_recall`)."""
    with _LOCK:
        _CACHE.pop(key, None)
        while len(_CACHE) >= 32:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = value


def _recall(key: tuple[Any, ...]) -> Any:
    """Return the cached value of `key` (None if absent), marking it recently used."""
    with _LOCK:
        value = _CACHE.pop(key, None)
        if value is not None:
            _CACHE[key] = value
        return value


def data_dir(explicit: str | None = None) -> Path:
    """Return the folder holding the scorecard and catalogs (may not exist)."""
    return Path(explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA)


@lru_cache(maxsize=4)
def _catalog(path: str) -> Catalog | None:
    return load_catalog(path) if Path(path).is_file() else None


@lru_cache(maxsize=4)
def _scorecard(path: str) -> tuple[TrainingRow, ...]:
    return tuple(scorecard_rows(path))


def catalog(data: Path) -> Catalog | None:
    """Return the OMDb catalog under `data`, None when it is not there."""
    return _catalog(str(data / OMDB))


def training_rows(engine: Engine | None, data: Path) -> tuple[list[TrainingRow], list[str]]:
    """Return the labelled show-seasons (scorecard, then the store's) and the sources used."""
    rows: list[TrainingRow] = []
    sources: list[str] = []
    scorecard = data / SCORECARD
    if scorecard.is_file():
        rows = list(_scorecard(str(scorecard)))
        sources.append(f"{scorecard} ({len(rows)} seasons)")
    if engine is not None:
        timelines = [
            (r.state.show, r.state.network, r.state.timeline)
            for r in web_browse.tracked_refs(engine)
        ]
        tracked = tracked_rows(timelines, skip=[r.key for r in rows])
        if tracked:
            sources.append(f"tracked decisions ({len(tracked)} seasons)")
        rows += tracked
    return rows, sources


def _canonical_network(engine: Engine, network: str) -> str:
    known = {r.state.network for r in web_browse.board_refs(engine) if r.state.network}
    wanted = default_index().canonical(network) or network
    for name in known:
        if name_key(name) in (name_key(wanted), name_key(network)):
            return name
    raise NotFoundError(
        f"unknown network {network!r}",
        hint="networks with shows: " + ", ".join(sorted(known, key=str.casefold)[:20]),
    )


def _pending_cases(engine: Engine, as_of: dt.date) -> list[tuple[int, Case, bool]]:
    """Return (show id, case, seasons known) for every pending show of the store."""
    refs = [r for r in web_browse.tracked_refs(engine) if r.state.status is ShowStatus.PENDING]
    premieres = web_browse.premieres(engine)
    hanging = web_browse.cliffhangers(engine, [r.id for r in refs])
    found = []
    for ref in refs:
        aired = [a for e in ref.state.timeline if (a := aired_before(e)) is not None]
        aired += [s for s, day in premieres.get(ref.id, {}).items() if day < as_of]
        signals = [("cliffhanger", as_of - dt.timedelta(days=1))] if hanging.get(ref.id) else []
        signals += [
            ("bubble", e.date)
            for e in ref.state.timeline
            if e.speculative and e.status is Status.CANCELED and e.date and e.date < as_of
        ]
        case = Case(ref.state.show, ref.state.network, max(aired, default=1), as_of, tuple(signals))
        found.append((ref.id, case, bool(aired)))
    return found


def forecast(
    engine: Engine,
    *,
    data: str | None = None,
    as_of: dt.date | None = None,
    network: str | None = None,
    seed: int = SEED,
) -> Forecast:
    """Return the odds of every pending show (of `network` if given), most at risk first.

    Raises NotFoundError for a network no show has, InputError when there is
    too little to train on.
    """
    as_of = as_of or dt.date.today()
    wanted = _canonical_network(engine, network) if network else None
    folder = data_dir(data)
    key = ("forecast", id(engine), web_browse.data_version(engine), str(folder), as_of, seed)
    cached = _recall(key)
    if cached is None:
        cached = _forecast(engine, folder, as_of, seed)
        _remember(key, cached)
    items = tuple(i for i in cached.items if wanted is None or i.network == wanted)
    return Forecast(cached.as_of, cached.model, cached.trained_on, cached.sources, items)


def _trained(
    rows: list[TrainingRow], books: Catalog | None, as_of: dt.date, seed: int
) -> tuple[RenewalModel, History]:
    """Return the model trained on `rows` decided before `as_of`, cached on those rows."""
    known = [r for r in rows if r.decided < as_of]
    key = ("model", tuple(known), id(books), as_of, seed)
    cached = _recall(key)
    if cached is None:
        history = History(known)
        train = [
            features(Case(r.show, r.network, r.season, bt.as_of(r)), history, books) for r in known
        ]
        cached = (fit(CHOSEN, train, [r.returns for r in known], seed), history)
        _remember(key, cached)
    return cached


def _calibrator(engine: Engine, folder: Path, as_of: dt.date, seed: int) -> Calibrator:
    """Return the map a forecast made on `as_of` goes through (`Backtest.calibrator`).

    From the backtest, when it is cached; else from a walk-forward of the
    `CHOSEN` model alone (half the fits): the isotonic map of its forecasts
    decided before `as_of` if the walk-forward prefers it, else the identity,
    as when there is too little to run one.
    """
    rows, _ = training_rows(engine, folder)
    full = _recall(("backtest", hash(tuple(rows)), str(folder), seed))
    if full is not None:
        return cast(Calibrator, full.calibrator(as_of))
    key = ("calibration", hash(tuple(rows)), str(folder), seed)
    alone = _recall(key)
    if alone is None:
        alone = bt.walk_forward(rows, catalog(folder), candidates=(CHOSEN,), seed=seed)
        _remember(key, alone)
    return cast(Calibrator, alone.calibrator(as_of))


def _forecast(engine: Engine, folder: Path, as_of: dt.date, seed: int) -> Forecast:
    rows, sources = training_rows(engine, folder)
    books = catalog(folder)
    if books is not None:
        sources.append(str(folder / OMDB))
    model, history = _trained(rows, books, as_of, seed)
    cases = _pending_cases(engine, as_of)
    rows_now = [features(case, history, books) for _, case, _ in cases]
    odds = _calibrator(engine, folder, as_of, seed).apply(model.predict(rows_now))
    items = [
        ShowForecast(
            show_id=show_id,
            show=case.show,
            network=case.network,
            network_kind=kind_of(case.network),
            seasons=case.seasons,
            seasons_known=seasons_known,
            renewed=round(float(p), 4),
            reasons=tuple(model.reasons(row)),
        )
        for (show_id, case, seasons_known), row, p in zip(cases, rows_now, odds, strict=True)
    ]
    items.sort(key=lambda i: (i.renewed, i.show.casefold()))
    return Forecast(as_of, CHOSEN, model.trained_on, tuple(sources), tuple(items))


def show_odds(engine: Engine, show_id: int, *, data: str | None = None) -> ShowForecast | None:
    """Return the odds of show `show_id` if it is pending and a model can be trained, else None."""
    try:
        result = forecast(engine, data=data)
    except CliffhangerError:
        return None
    return next((i for i in result.items if i.show_id == show_id), None)


def backtest(
    engine: Engine | None = None, *, data: str | None = None, seed: int = SEED
) -> bt.Backtest:
    """Return the walk-forward backtest on the scorecard plus the store's tracked decisions.

    Cached per process (it fits two candidates per season year). Raises
    InputError when there is too little to train on.
    """
    folder = data_dir(data)
    rows, _ = training_rows(engine, folder)
    # Keyed on the decided seasons themselves: a write that decides nothing new (a
    # watchlist, a token, a review of an undecided event) keeps the backtest.
    key = ("backtest", hash(tuple(rows)), str(folder), seed)
    cached = _recall(key)
    if cached is None:
        cached = bt.walk_forward(rows, catalog(folder), seed=seed)
        if cached.overall is None:
            raise InputError(
                f"too few decided seasons for a backtest ({len(rows)})",
                hint=f"put the scorecard at {folder / SCORECARD} or pass --data DIR",
            )
        _remember(key, cached)
    return cached


def forecast_json(result: Forecast) -> dict[str, Any]:
    """Return a forecast as JSON: as_of, model, trained_on, sources, items with reasons."""
    return {
        "as_of": result.as_of.isoformat(),
        "model": result.model,
        "trained_on": result.trained_on,
        "sources": list(result.sources),
        "items": [
            {
                "show_id": i.show_id,
                "show": i.show,
                "network": i.network,
                "network_kind": i.network_kind,
                "seasons": i.seasons,
                "seasons_known": i.seasons_known,
                "renewed": i.renewed,
                "reasons": [
                    {"feature": r.feature, "value": r.value, "effect": round(r.effect, 4)}
                    for r in i.reasons
                ],
            }
            for i in result.items
        ],
    }


def _scores(s: bt.Scores) -> dict[str, Any]:
    return {
        "n": s.n,
        "accuracy": round(s.accuracy, 4),
        "brier": round(s.brier, 4),
        "log_loss": round(s.log_loss, 4),
    }


def _row(r: bt.Row) -> dict[str, Any]:
    return {
        "label": r.label,
        "chosen": r.chosen,
        "model": _scores(r.model),
        "baselines": {name: _scores(s) for name, s in r.baselines.items()},
    }


def backtest_json(result: bt.Backtest) -> dict[str, Any]:
    """Return the backtest as JSON: per year, overall, per network and kind, reliability bins."""
    return {
        "seed": result.seed,
        "first_year": bt.FIRST_YEAR,
        "years": [_row(r) for r in result.years],
        "overall": _row(result.overall) if result.overall else None,
        "networks": [_row(r) for r in result.networks],
        "kinds": [_row(r) for r in result.kinds],
        "reliability": [
            {
                "low": b.low,
                "high": b.high,
                "n": b.n,
                "predicted": None if b.n == 0 else round(b.predicted, 4),
                "observed": None if b.n == 0 else round(b.observed, 4),
            }
            for b in result.reliability
        ],
        "chosen_now": result.chosen_now,
    }
