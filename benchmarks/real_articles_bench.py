"""Extraction on the 7,365 real 2020 TV articles: documents/s per core and false alarms.

Reads ../shared/data/news/tv-articles-2020.jsonl.gz (unlabelled; about 2% hold a
decision). Prints CPU documents/s (one process, one core), the share of documents
the document gate passes, the share of sentences the sentence gates pass (cue
sentences, read for cues; sentences with a phrase rule's key, read by the phrase
rules), the share of documents and sentences the facts gate passes (read for
cast, season and cliffhanger facts), and events per 1,000 articles; writes a random 50 of
the events (seed 7) to /tmp/cliffhanger-sample-events.jsonl for reading by hand.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from pathlib import Path

from cliffhanger.documents.load import document_from_text
from cliffhanger.extraction import extract, normalise
from cliffhanger.extraction.article import about_films
from cliffhanger.extraction.facts import may_state_fact
from cliffhanger.extraction.gates import cue_sentences, cue_starts, may_decide
from cliffhanger.extraction.sentences import split_sentences
from cliffhanger.extraction.structure import sections
from cliffhanger.extraction.trigger_search import may_trigger
from cliffhanger.model import Document

CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "tv-articles-2020.jsonl.gz"
)


def _sentence_gates(docs: list[Document]) -> tuple[int, int, int, int, int]:
    """Return (sentences, cue sentences, sentences with a phrase key, sentences and
    documents the facts gate passes) over all documents.

    A sentence of a document the document gate drops passes neither sentence gate;
    the facts gate reads every document but a film's.
    """
    total = cue = keyed = facts = fact_docs = 0
    for d in docs:
        text = normalise(d.text)
        sentences = split_sentences(text)
        total += len(sentences)
        if about_films(sentences):
            continue
        read = sum(may_state_fact(s.text) for s in sentences)
        facts += read
        fact_docs += read > 0
        starts = cue_starts(text)
        if not may_decide(text, starts):
            continue
        cue += sum(cue_sentences(text, sections(text, sentences), starts))
        keyed += sum(may_trigger(s.text.lower()) for s in sentences)
    return total, cue, keyed, facts, fact_docs


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    docs = [document_from_text(r["id"], f"{r.get('title') or ''}\n\n{r['text']}") for r in rows]
    t0 = time.process_time()
    events = []
    for d in docs:
        events.extend((d.source, e) for e in extract(d).events if not e.speculative)
    cpu = time.process_time() - t0
    gated = sum(may_decide(d.text) for d in docs)
    print(f"documents: {len(docs)}; CPU {cpu:.1f} s; {len(docs) / cpu:.0f} documents/s per core")
    print(f"document gate passes {gated}/{len(docs)} ({gated / len(docs):.0%})")
    total, cue, keyed, facts, fact_docs = _sentence_gates(docs)
    print(f"sentence gate passes {cue}/{total} sentences ({cue / total:.1%}) to the cue stage, "
          f"{keyed}/{total} ({keyed / total:.1%}) to the phrase rules")  # fmt: skip
    print(f"facts gate passes {fact_docs}/{len(docs)} documents ({fact_docs / len(docs):.0%}), "
          f"{facts}/{total} sentences ({facts / total:.1%})")  # fmt: skip
    print(f"events: {len(events)} ({1000 * len(events) / len(docs):.1f} per 1,000 articles)")
    sample = random.Random(7).sample(events, min(50, len(events)))
    with open("/tmp/cliffhanger-sample-events.jsonl", "w", encoding="utf-8") as f:
        for doc_id, e in sample:
            row = {"doc": doc_id, "show": e.show, "status": e.status.value, "network": e.network,
                   "season": e.season, "evidence": e.evidence[:300]}  # fmt: skip
            f.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
