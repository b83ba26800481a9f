"""Stage 6, scorer: a calibrated probability that a candidate states a real decision.

The model is gradient-boosted trees over the features of `features.py`
(scikit-learn's HistGradientBoostingClassifier, exported node by node),
trained by ``training/train_scorer.py`` from the labelled articles and
headlines the project has (see ``training/README.md``) and shipped as plain
JSON in ``rules/scorer.json``: ``{"base": b, "trees": [[[feature, threshold,
left, right, value], ...], ...], "weights": {feature: w}, "calibration": {"a",
"b"}, "threshold": t, "meta": {...}}``. A node whose feature is null is a
leaf holding ``value``; otherwise a feature map whose value (0.0 when absent)
is at most ``threshold`` goes to ``left``. The margin is ``base`` plus every
tree's leaf plus the linear ``weights`` (empty for a trained model), so
inference needs no learning library at run time. The calibration (Platt:
``p = sigmoid(a * margin + b)``) was fitted on held-out folds, never on the
rows the trees were fitted on.

Without a model file the scorer falls back to the rules' vote: a candidate
the phrase rules also found scores 0.9, any other 0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

# The least probability at which a title in a cue's slot still decides (`decision.py`):
# below it the scorer's veto holds. The packaged model carries its own, chosen with its
# threshold on the held-out folds (training/train_scorer.py); this is for a model file
# that carries none.
DEFAULT_SLOT_FLOOR = 0.07

# One tree as parallel lists: feature (None at a leaf), threshold, left, right, value.
Tree = tuple[list[str | None], list[float], list[int], list[int], list[float]]


@dataclass(frozen=True)
class Model:
    """Trees and/or linear weights, Platt calibration and the decision threshold."""

    weights: dict[str, float]
    a: float = 1.0
    b: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] | None = None
    trees: tuple[Tree, ...] = ()
    slot_floor: float = DEFAULT_SLOT_FLOOR
    base: float = 0.0

    def margin(self, features: dict[str, float]) -> float:
        """Return the score (log-odds before calibration) of a feature map."""
        w = self.weights
        z = self.base + sum(w.get(k, 0.0) * v for k, v in features.items())
        return self._walk(z, features.get)

    @cached_property
    def _walk(self) -> Walk:
        """Return the trees as one compiled function: `z` plus every tree's leaf, in order.

        Each tree becomes one nested conditional expression and each feature one
        look-up, so a candidate costs no interpreted loop (about 6x faster than
        walking the node lists); the leaves are added in the trees' order, so the
        sum is the walk's to the last bit.
        """
        return _compile_trees(self.trees)

    def probability(self, features: dict[str, float]) -> float:
        """Return the calibrated probability (0..1) that the candidate is a true event."""
        z = self.a * self.margin(features) + self.b
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form `load_model` reads."""
        return {
            "base": self.base,
            "trees": [
                [[f, t, lo, hi, round(v, 6)] for f, t, lo, hi, v in zip(*tree, strict=True)]
                for tree in self.trees
            ],
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v},
            "calibration": {"a": self.a, "b": self.b},
            "threshold": self.threshold,
            "slot_floor": self.slot_floor,
            "meta": self.meta or {},
        }


RULE_VOTE = Model(weights={"legacy": 6.0, "bias": -4.0}, threshold=0.5)


Walk = Callable[[float, Callable[[str, float], float]], float]


def _compile_trees(trees: tuple[Tree, ...]) -> Walk:
    """Return `walk(z, get)`: z plus each tree's leaf for the features `get` reads."""
    if any(_depth(tree, 0) > 60 for tree in trees):  # deeper than Python nests: walk the lists
        return lambda z, get: _leaves(trees, z, get)
    names = sorted({f for tree in trees for f in tree[0] if f is not None})
    local = {name: f"x{n}" for n, name in enumerate(names)}
    lines = ["def walk(z, get):"]
    lines += [f"    {local[name]} = get({name!r}, 0.0)" for name in names]

    def node(tree: Tree, i: int) -> str:
        feat, thr, left, right, value = tree
        f = feat[i]
        if f is None:
            return repr(value[i])
        return f"({node(tree, left[i])} if {local[f]} <= {thr[i]!r} else {node(tree, right[i])})"

    lines += [f"    z += {node(tree, 0)}" for tree in trees]
    lines.append("    return z")
    scope: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<scorer trees>", "exec"), scope)  # our own source, from numbers
    walk: Walk = scope["walk"]
    return walk


def _depth(tree: Tree, i: int) -> int:
    feat, _, left, right, _ = tree
    return 0 if feat[i] is None else 1 + max(_depth(tree, left[i]), _depth(tree, right[i]))


def _leaves(trees: tuple[Tree, ...], z: float, get: Callable[[str, float], float]) -> float:
    for feat, thr, left, right, value in trees:
        i = 0
        while (f := feat[i]) is not None:
            i = left[i] if get(f, 0.0) <= thr[i] else right[i]
        z += value[i]
    return z


def model_from_json(data: dict[str, Any]) -> Model:
    """Return a Model from its JSON form; raise ValueError if a key is missing or mistyped."""
    try:
        weights = {str(k): float(v) for k, v in data.get("weights", {}).items()}
        if not weights and not data.get("trees"):
            raise ValueError("no weights and no trees")
        cal = data.get("calibration", {})
        trees = tuple(_tree(nodes) for nodes in data.get("trees", []))
        return Model(
            trees=trees,
            base=float(data.get("base", 0.0)),
            weights=weights,
            a=float(cal.get("a", 1.0)),
            b=float(cal.get("b", 0.0)),
            threshold=float(data.get("threshold", 0.5)),
            slot_floor=float(data.get("slot_floor", DEFAULT_SLOT_FLOOR)),
            meta=dict(data.get("meta", {})),
        )
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
        raise ValueError(f"not a scorer model: {e}") from e


def _tree(nodes: list[list[Any]]) -> Tree:
    """Return one tree from its JSON rows; raise ValueError if a child index is out of range."""
    feat = [None if n[0] is None else str(n[0]) for n in nodes]
    thr = [float(n[1]) for n in nodes]
    left = [int(n[2]) for n in nodes]
    right = [int(n[3]) for n in nodes]
    value = [float(n[4]) for n in nodes]
    if not nodes:
        raise ValueError("a tree has no nodes")
    for i, f in enumerate(feat):
        if f is not None and not (i < left[i] < len(nodes) and i < right[i] < len(nodes)):
            raise ValueError(f"tree node {i} points outside the tree")
        if not (math.isfinite(thr[i]) and math.isfinite(value[i])):
            raise ValueError(f"tree node {i} holds a number that is not finite")
    return feat, thr, left, right, value


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
