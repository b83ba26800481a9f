"""The walk-forward backtest of the renewal odds on the real scorecard, from a fixed seed.

Reads ../shared/data at run time (the Metacritic scorecard 2013-2020 and the
OMDb catalog); prints the per-year, per-network and per-kind tables beside
the three baselines, the reliability table, whether the issue's targets are
met, and how far the features can go (the base rate, the raw model, and the
same model fitted on the test years themselves). Same seed, same numbers.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cliffhanger.forecast import service
from cliffhanger.forecast.backtest import (
    BASELINES,
    DECILE_MIN,
    Backtest,
    Row,
    calibration_pass_rate,
    model_name,
    row_features,
    score,
    walk_forward,
)
from cliffhanger.forecast.features import History
from cliffhanger.forecast.labels import TrainingRow
from cliffhanger.forecast.model import SEED, fit

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def _line(row: Row) -> str:
    cells = [f"{row.label:<26}", f"{row.model.n:>5}", f"{row.chosen:<17}"]
    cells += [f"{row.model.accuracy:.3f}", f"{row.model.brier:.4f}", f"{row.model.log_loss:.3f}"]
    cells += [f"{row.baselines[b].accuracy:.3f}/{row.baselines[b].brier:.4f}" for b in BASELINES]
    return " | ".join(cells)


def _ceiling(rows: list[TrainingRow], result: Backtest) -> None:
    """Print how far the features can go: the base rate, raw and in-sample accuracy.

    In-sample: the chosen model fitted on every labelled season, test years
    included, and scored on the backtest's seasons it has seen. No forecaster
    restricted to the years before can expect more than this fit of the same
    features and model.
    """
    tested = [p.row for p in result.predictions]
    outcomes = [r.returns for r in tested]
    base = sum(outcomes) / len(outcomes)
    raw = score([p.raw for p in result.predictions], outcomes)
    feats = row_features(rows, History(rows), service.catalog(DATA))
    model = fit(model_name(result.chosen_now), feats, [r.returns for r in rows], SEED)
    wanted = set(map(id, tested))
    seen = [f for r, f in zip(rows, feats, strict=True) if id(r) in wanted]
    inside = score(model.predict(seen), [r.returns for r in rows if id(r) in wanted])
    print(f"-- how far these features go: share renewed {base:.3f}; before calibration "
          f"acc {raw.accuracy:.3f} Brier {raw.brier:.4f}; fitted on the test years "
          f"themselves (in-sample) acc {inside.accuracy:.3f} Brier {inside.brier:.4f}")  # fmt: skip


def main() -> int:
    if not (DATA / service.SCORECARD).exists():
        print(f"skipped: no scorecard under {DATA}")
        return 0
    start = time.process_time()
    rows, _ = service.training_rows(None, DATA)
    result = walk_forward(rows, service.catalog(DATA), seed=SEED)
    seconds = time.process_time() - start
    header = " | ".join(
        [f"{'':<26}", "    n", f"{'model':<17}", "acc  ", "Brier ", "logloss"]
        + [f"{b} acc/Brier" for b in BASELINES]
    )
    assert result.overall is not None
    for title, group in (
        ("season year", [*result.years, result.overall]),
        ("network", result.networks),
        ("kind", result.kinds),
    ):
        print(f"-- by {title}\n{header}")
        for row in group:
            print(_line(row))
    print(f"-- reliability (judged where n >= {DECILE_MIN})")
    for b in result.reliability:
        if b.n:
            print(f"{b.low:.1f}-{b.high:.1f}  n={b.n:>4}  forecast {b.predicted:.3f}  "
                  f"renewed {b.observed:.3f}  gap {b.gap:.3f}")  # fmt: skip
    beats = all(
        row.model.brier < min(s.brier for s in row.baselines.values()) for row in result.years
    )
    judged = [b for b in result.reliability if b.n >= DECILE_MIN]
    worst = max((b.gap for b in judged), default=0.0)
    print(f"-- targets: Brier below every baseline in every year: {'met' if beats else 'NOT met'}")
    accuracy = result.overall.model.accuracy
    print(
        f"   overall accuracy >= 0.80: {'met' if accuracy >= 0.8 else 'NOT met'} ({accuracy:.3f})"
    )
    print(f"   calibration within 0.05 in bins with >= {DECILE_MIN} shows: "
          f"{'met' if worst <= 0.05 else 'NOT met'} (worst gap {worst:.3f})")  # fmt: skip
    luck = calibration_pass_rate([p.model for p in result.predictions])
    print(f"   (a perfectly calibrated forecaster with these forecasts and bins meets it in "
          f"{luck:.0%} of 1000 seeded draws)")  # fmt: skip
    _ceiling(rows, result)
    print(f"   model for forecasts today: {result.chosen_now} (service uses {service.CHOSEN})")
    print(f"seed {SEED}; {len(rows)} labelled seasons; backtest {seconds:.1f} s CPU")
    return 0 if model_name(result.chosen_now) == service.CHOSEN else 1


if __name__ == "__main__":
    sys.exit(main())
