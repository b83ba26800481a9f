"""The extractor on real third-party news, read from ../shared/data at test time.

These are the acceptance figures of the project: the labelled dev headlines
(scored the way ../shared/eval/score.py scores them) and 10,000 HuffPost
items of general news, where a decision about a TV series is rare.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from cliffhanger.documents.load import document_from_text
from cliffhanger.extraction import extract
from cliffhanger.model import StatusEvent

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
NEWS = SHARED / "data" / "news"
pytestmark = pytest.mark.skipif(not NEWS.exists(), reason="../shared/data/news not present")


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _events(text: str) -> list[StatusEvent]:
    return [e for e in extract(document_from_text("t", text)).events if not e.speculative]


def test_dev_headlines_scores() -> None:
    score = _score_module()
    gold = {}
    for line in (NEWS / "tv-headlines-2022.labels.jsonl").read_text().splitlines():
        row = json.loads(line)
        gold[row["id"]] = [e for e in row["events"] if not e.get("speculative")]
    counts: Counter[str] = Counter()
    for line in (NEWS / "tv-headlines-2022.jsonl").read_text().splitlines():
        row = json.loads(line)
        preds = [
            {"show": e.show, "network": e.network, "status": e.status.value, "season": e.season}
            for e in _events(row["text"])
        ]
        hits, _ = score.match(gold[row["id"]], preds, True)
        counts.update(tp=hits, gold=len(gold[row["id"]]), pred=len(preds))
        if not gold[row["id"]]:
            counts.update(negatives=1, false_alarms=int(bool(preds)))
    precision = counts["tp"] / counts["pred"]
    recall = counts["tp"] / counts["gold"]
    f1 = 2 * precision * recall / (precision + recall)
    # The floor: strict F1 0.90 (a regression floor, not a goal: rules fitted to
    # single headlines were removed, at a cost of three of them).
    assert precision >= 0.95, counts
    assert f1 >= 0.90, counts
    assert counts["false_alarms"] <= counts["negatives"] / 100, counts


def test_general_news_rarely_gives_events() -> None:
    """Flights, summits, concerts and court orders are canceled and ordered too."""
    outside_tv = Counter()
    rows = 0
    for line in (NEWS / "huffpost_news_category_v3_head.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["category"] in {"ENTERTAINMENT", "COMEDY", "MEDIA", "ARTS & CULTURE"}:
            continue
        rows += 1
        text = f"{row['headline']}\n\n{row.get('short_description', '')}"
        if text.strip():
            outside_tv[row["category"]] += len(_events(text))
    assert rows > 7000
    assert sum(outside_tv.values()) <= rows / 1000, outside_tv


def test_no_dev_article_event_is_a_word_that_opens_sentences() -> None:
    """A one-word show that is a sentence opener ("Along with the extra episodes, …",
    "Meanwhile") is a fragment of the sentence, never a title the article gives."""
    openers = {"along", "alongside", "among", "amid", "besides", "unlike", "without",
               "throughout", "meanwhile", "however", "after", "before", "following"}  # fmt: skip
    fragments = []
    for line in (NEWS / "tv-articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for e in extract(document_from_text(row["id"], row["text"])).events:
            if e.show.strip().lower() in openers:
                fragments.append((row["id"], e.show))
    assert fragments == []
