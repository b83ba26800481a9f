"""Stage 6, scorer: a calibrated probability that a candidate states a real decision.

The model is a logistic regression over the features of `features.py`,
trained by ``training/train_scorer.py`` from the labelled articles and
headlines the project has (see ``training/README.md``) and shipped as plain
JSON in ``rules/scorer.json``: ``{"weights": {feature: w}, "calibration": {"a", "b"},
"threshold": t, "meta": {...}}``. Inference is a dot product and a sigmoid,
so no learning library is needed at run time. The calibration (Platt: ``p =
sigmoid(a * margin + b)``) was fitted on held-out folds, never on the rows
the weights were fitted on.

Without a model file the scorer falls back to the rules' vote: a candidate
the phrase rules also found scores 0.9, any other 0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Model:
    """Weights, Platt calibration and the decision threshold of a trained scorer."""

    weights: dict[str, float]
    a: float = 1.0
    b: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] | None = None

    def margin(self, features: dict[str, float]) -> float:
        """Return the linear score (log-odds before calibration) of a feature map."""
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: dict[str, float]) -> float:
        """Return the calibrated probability (0..1) that the candidate is a true event."""
        z = self.a * self.margin(features) + self.b
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form `load_model` reads."""
        return {
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v},
            "calibration": {"a": self.a, "b": self.b},
            "threshold": self.threshold,
            "meta": self.meta or {},
        }


RULE_VOTE = Model(weights={"legacy": 6.0, "bias": -4.0}, threshold=0.5)


def model_from_json(data: dict[str, Any]) -> Model:
    """Return a Model from its JSON form; raise ValueError if a key is missing or mistyped."""
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        cal = data.get("calibration", {})
        return Model(
            weights=weights,
            a=float(cal.get("a", 1.0)),
            b=float(cal.get("b", 0.0)),
            threshold=float(data.get("threshold", 0.5)),
            meta=dict(data.get("meta", {})),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise ValueError(f"not a scorer model: {e}") from e


def load_model(path: str | Path) -> Model:
    """Return the model stored at `path` (JSON); raise ValueError if it is not one."""
    return model_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def packaged_model() -> Model:
    """Return the model shipped in the package, or the rules' vote if there is none."""
    ref = resources.files("cliffhanger.extraction").joinpath("rules", "scorer.json")
    if not ref.is_file():
        return RULE_VOTE
    return model_from_json(json.loads(ref.read_text(encoding="utf-8")))
