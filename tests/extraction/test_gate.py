"""The document gate loses nothing: every event found in a real dev document is in one it passes.

Reads the dev articles and headlines from ../shared/data/news at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cliffhanger import extraction
from cliffhanger.extraction import extract, normalise
from cliffhanger.extraction.pipeline import may_decide
from cliffhanger.model import Document

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news"


def _texts(name: str) -> list[str]:
    with open(NEWS / name, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def test_the_gate_drops_no_document_with_an_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document the gate drops gives no event even with the gate held open."""
    monkeypatch.setattr(extraction, "may_decide", lambda text: True)
    dropped = 0
    lost = []
    for text in _texts("tv-articles.jsonl") + _texts("tv-headlines-2022.jsonl"):
        if may_decide(normalise(text)):
            continue
        dropped += 1
        events = extract(Document(source="gate", text=text)).events
        lost += [(e.show, e.status.value) for e in events if not e.speculative]
    assert lost == []
    assert dropped > 0  # the gate does drop documents


def test_the_gate_reads_decision_words_only() -> None:
    assert not may_decide("The show airs its third season next week on the network.")
    assert may_decide("The network has renewed the show for a fourth season.")
    assert may_decide("Tin Crown is set for a second season at Hulu.")


def test_cue_rules_are_lower_case_so_the_gate_can_read_lowered_text() -> None:
    """`cues.cue_gate` runs without IGNORECASE on lower-cased text; a capital in a rule
    (outside an escape such as \\S) would never match there."""
    import re

    from cliffhanger.extraction.cues import cue_rules

    for rule in cue_rules():
        literal = re.sub(r"\\[A-Za-z]", "", rule.pattern.pattern)
        assert not re.search(r"[A-Z]", literal), rule.id
