"""The scorer's labelled data: no article counts twice (folds and validation stay apart)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parents[2] / "training"


def _corpus():
    spec = importlib.util.spec_from_file_location("corpus", TRAINING / "corpus.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_no_labelled_article_is_a_dev_article_or_another_labelled_one() -> None:
    corpus = _corpus()
    dev = {corpus._key(d.text) for d in corpus.dev()}
    pool = [corpus._key(d.text) for d in corpus.pool()]
    assert len(pool) == len(set(pool))  # no story twice under two ids
    assert not dev & set(pool)  # no dev article in the pool
    train, valid = corpus.split(corpus.pool())
    assert {d.id for d in train}.isdisjoint(d.id for d in valid)
