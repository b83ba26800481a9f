"""Labelled data for the scorer, read from ../shared at run time (no third-party text here).

Three sets, each a list of `Labelled(id, set, text, published, gold, uncertain)`:

- ``dev``: the 224 real dev articles (`tv-articles.jsonl` + labels);
- ``headlines``: the 1,075 dev headlines (`tv-headlines-2022.jsonl` + labels);
- ``pool``: 1,234 more real articles labelled for this project on the same brief
  (`training/labels/*.jsonl`: 517 drawn at random, 134 drawn from articles whose
  lead holds a decision word, 103 from articles holding one anywhere; ids are
  "L" + the corpus row id, the
  text is rebuilt from the corpora in ../shared/data/news as headline + body).

`split(pool)` puts a fixed quarter of the pool (by a hash of the id) in the
validation set, which is never trained on or tuned on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
LABELS = ROOT / "training" / "labels"  # every *.jsonl here: one label line per article


@dataclass(frozen=True)
class Labelled:
    """One labelled document: its text, date and gold (and uncertain) events."""

    id: str
    set: str
    text: str
    published: dt.date | None
    gold: list[dict]
    uncertain: list[dict]


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _labelled(set_name: str, texts: dict[str, dict], labels: list[dict]) -> list[Labelled]:
    out = []
    for g in labels:
        row = texts[g["id"]]
        events = [e for e in g.get("events", []) if not e.get("speculative")]
        out.append(Labelled(g["id"], set_name, row["text"], _date(row.get("published")), events,
                            g.get("uncertain") or []))  # fmt: skip
    return out


def dev() -> list[Labelled]:
    """Return the 224 labelled dev articles."""
    texts = {r["id"]: r for r in _jsonl(NEWS / "tv-articles.jsonl")}
    return _labelled("dev", texts, _jsonl(NEWS / "tv-articles.labels.jsonl"))


def headlines() -> list[Labelled]:
    """Return the 1,075 labelled dev headlines."""
    texts = {r["id"]: r for r in _jsonl(NEWS / "tv-headlines-2022.jsonl")}
    return _labelled("headlines", texts, _jsonl(NEWS / "tv-headlines-2022.labels.jsonl"))


def pool() -> list[Labelled]:
    """Return the articles labelled for this project (none that is also a dev article)."""
    texts: dict[str, dict] = {}
    for r in _jsonl(NEWS / "trade-articles-2025.jsonl"):
        texts["L" + r["id"]] = {"text": r["text"], "published": None}
    for r in _jsonl(NEWS / "entertainment-news-2025-26.jsonl"):
        if r.get("text"):
            head = r.get("title")
            body = f"{head}\n\n{r['text']}" if head else r["text"]
            texts["L" + r["id"]] = {"text": body, "published": r.get("published")}
    for r in _jsonl(NEWS / "tv-articles-2020.jsonl.gz"):
        head = r.get("title")
        body = f"{head}\n\n{r['text']}" if head else r["text"]
        texts["L" + r["id"]] = {"text": body, "published": r.get("published")}
    labels = [row for path in sorted(LABELS.glob("*.jsonl")) for row in _jsonl(path)]
    # the dev articles were drawn from the same corpora: a pool article that is also a
    # dev article would sit in two CV folds (and in validation) under two ids
    # and the corpora repeat some stories under two ids: the first labelled copy counts
    seen = {_key(d.text) for d in dev()}
    kept = []
    for g in labels:
        key = _key(texts[g["id"]]["text"])
        if key not in seen:
            seen.add(key)
            kept.append(g)
    labels = kept
    return _labelled("pool", texts, labels)


def _key(text: str) -> str:
    """Return an article's identity for de-duplication: its first line, spaces folded."""
    return " ".join(text.strip().split("\n")[0].split())[:80].lower()


def is_validation(doc_id: str) -> bool:
    """Return True for the fixed quarter of the pool kept for validation (hash of the id)."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 4 == 0


def split(docs: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """Return (train, validation) of the pool."""
    return [d for d in docs if not is_validation(d.id)], [d for d in docs if is_validation(d.id)]
