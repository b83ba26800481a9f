"""Extraction benchmarks: speed on article-sized documents, and what confidence means.

    python benchmarks/extraction_bench.py [--docs 300]

Speed: documents of about 600 words, built from the bundled sample articles
(our own words), extracted on one core with the regex sentence splitter (the
default path) and with spaCy's. Reliability: on the dev headlines in
../shared/data/news, each predicted event's confidence band with its count
and precision (strict match as ../shared/eval/score.py defines it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from cliffhanger.documents.load import document_from_text, iter_sources, read_document
from cliffhanger.extraction import Splitter, extract
from cliffhanger.extraction.sentences import split_sentences
from cliffhanger.model import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "cliffhanger" / "data" / "samples"
SHARED = ROOT / ".." / "shared"


def article_documents(count: int, words: int = 600) -> list[Document]:
    """Return `count` documents of about `words` words, stitched from the sample articles."""
    texts = [read_document(p).text for p in iter_sources([str(SAMPLES)])]
    docs: list[Document] = []
    i = 0
    while len(docs) < count:
        parts: list[str] = []
        n = 0
        while n < words:
            t = texts[i % len(texts)]
            parts.append(t)
            n += len(t.split())
            i += 1
        docs.append(document_from_text(f"bench-{len(docs)}", "\n\n".join(parts)))
    return docs


def speed(docs: list[Document], engine: str) -> float:
    """Return documents per CPU-second for one pass of extraction over `docs`."""
    splitter: Splitter = split_sentences
    if engine == "spacy":
        from cliffhanger.extraction.spacy_sentences import spacy_splitter

        splitter = spacy_splitter()
        extract(docs[0], splitter)  # build the pipeline outside the timing
    # CPU time of this process: documents per second on one core, whatever else runs.
    start = time.process_time()
    for doc in docs:
        extract(doc, splitter)
    return len(docs) / (time.process_time() - start)


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit("../shared/eval/score.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reliability() -> list[tuple[str, int, float]]:
    """Return (confidence band, events, precision) over the dev headlines."""
    news = SHARED / "data" / "news"
    score = _scorer()
    gold = {}
    for line in (news / "tv-headlines-2022.labels.jsonl").read_text().splitlines():
        row = json.loads(line)
        gold[row["id"]] = row["events"]
    bands: dict[str, list[int]] = {}
    for line in (news / "tv-headlines-2022.jsonl").read_text().splitlines():
        row = json.loads(line)
        doc = document_from_text(row["id"], row["text"])
        for ev in extract(doc).events:
            if ev.speculative:
                continue
            pred = {"show": ev.show, "network": ev.network, "status": ev.status.value,
                    "season": ev.season}  # fmt: skip
            ok = any(score.match([g], [pred], True)[0] for g in gold[row["id"]])
            band = ">=0.9" if ev.confidence >= 0.9 else f"{int(ev.confidence * 10) / 10:.1f}-"
            bands.setdefault(band, [0, 0])
            bands[band][0] += 1
            bands[band][1] += int(ok)
    return [(b, n, ok / n) for b, (n, ok) in sorted(bands.items())]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=300)
    args = ap.parse_args()
    docs = article_documents(args.docs)
    mean_words = sum(len(d.text.split()) for d in docs) / len(docs)
    print(f"extraction speed, one core, {len(docs)} documents of ~{mean_words:.0f} words:")
    for engine in ("rules", "spacy"):
        print(f"  {engine:6s} {speed(docs, engine):8.1f} documents/s")
    if (SHARED / "data" / "news").exists():
        print("reliability on the dev headlines (confidence band, events, precision):")
        for band, n, p in reliability():
            print(f"  {band:6s} {n:5d}  {p:.3f}")
    else:
        print("reliability: ../shared/data/news not found, skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
