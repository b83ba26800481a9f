"""The gates lose nothing: every event found in a real document is in one the
document gate passes, and the sentence gates (cue sentences, phrase-rule keys, the
facts gate) change no output: held open, the extractor gives the same events and facts.

Reads the dev articles and headlines from ../shared/data/news, and the labelled
pool (training/labels, texts from ../shared/data), at run time.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from cliffhanger import extraction
from cliffhanger.extraction import extract, normalise, pipeline, trigger_search
from cliffhanger.extraction.pipeline import may_decide
from cliffhanger.model import Document

NEWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "news"
TRAINING = Path(__file__).resolve().parents[2] / "training"


def _texts(name: str) -> list[str]:
    with open(NEWS / name, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def _pool() -> list[str]:
    spec = importlib.util.spec_from_file_location("corpus", TRAINING / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus
    spec.loader.exec_module(corpus)
    return [d.text for d in corpus.pool()]


def test_the_gate_drops_no_document_with_an_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document the gate drops gives no event even with the gate held open."""
    monkeypatch.setattr(extraction, "may_decide", lambda text, starts=None: True)
    dropped = 0
    lost = []
    texts = _texts("tv-articles.jsonl") + _texts("tv-headlines-2022.jsonl") + _pool()
    for text in texts:
        if may_decide(normalise(text)):
            continue
        dropped += 1
        events = extract(Document(source="gate", text=text)).events
        lost += [(e.show, e.status.value) for e in events if not e.speculative]
    assert lost == []
    assert dropped > len(texts) / 4  # the gate drops many documents (1,199 of 2,439 when written)


def test_the_sentence_gates_change_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every sentence of a gated document passed to the cue stage and the phrase
    rules, each document gives the same events (confidence to the last bit) and facts."""
    texts = _texts("tv-articles.jsonl") + _texts("tv-headlines-2022.jsonl") + _pool()
    docs = [Document(source="gate", text=text) for text in texts]
    gated = [extract(d) for d in docs]
    monkeypatch.setattr(
        pipeline, "cue_sentences", lambda text, secs, starts=None: [True] * len(secs)
    )
    monkeypatch.setattr(trigger_search, "may_trigger", lambda low: True)
    opened = [extract(d) for d in docs]
    assert [i for i, (a, b) in enumerate(zip(gated, opened, strict=True)) if a != b] == []
    assert sum(1 for ex in gated if ex.events) > 300  # the sets hold many decisions


def test_the_facts_gate_changes_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every sentence passed to the fact patterns (`facts.may_state_fact` held open),
    each document gives the same facts; the gate drops most sentences."""
    from cliffhanger.extraction import facts
    from cliffhanger.extraction.sentences import split_sentences

    texts = _texts("tv-articles.jsonl") + _texts("tv-headlines-2022.jsonl") + _pool()
    docs = [Document(source="gate", text=text) for text in texts]
    gated = [extract(d) for d in docs]
    sentences = [s.text for t in texts for s in split_sentences(normalise(t))]
    passed = sum(facts.may_state_fact(s) for s in sentences)
    monkeypatch.setattr(facts, "may_state_fact", lambda text: True)
    opened = [extract(d) for d in docs]
    assert [i for i, (a, b) in enumerate(zip(gated, opened, strict=True)) if a != b] == []
    assert sum(1 for ex in gated if ex.cast or ex.seasons or ex.cliffhangers) > 100
    assert passed < len(sentences) / 2  # 21% of the 2020 articles' sentences when written


def test_the_facts_gate_reads_each_patterns_words() -> None:
    from cliffhanger.extraction.facts import may_state_fact

    assert may_state_fact("The second season has ten episodes.")
    assert may_state_fact("Season 2 premiered on Netflix on June 3.")
    assert not may_state_fact("Season 2 is on Netflix on June 3.")  # no premiere verb
    assert may_state_fact("It ended on a cliffhanger.")
    assert may_state_fact("Jane Doe (Mary Roe) returns.")
    assert may_state_fact("Jane Doe plays Mary.")
    assert not may_state_fact("Netflix's new slate (announced today) is long.")


def test_the_gate_reads_decision_words_only() -> None:
    assert not may_decide("The show airs its third season next week on the network.")
    assert may_decide("The network has renewed the show for a fourth season.")
    assert may_decide("Tin Crown is set for a second season at Hulu.")


def test_phrase_keys_open_the_gate_from_the_headline_only() -> None:
    """The phrase rules were built on headlines; a body's decision carries a cue word."""
    body = "Crews unveiled the set of Tin Crown, which was announced last year."
    assert may_decide("Tin Crown lands at Hulu\n\n" + body)
    assert may_decide("\n\n  Season 3 confirmed for Tin Crown\n\n" + body)
    assert not may_decide("Behind the scenes of Tin Crown\n\n" + body)
    assert may_decide("Behind the scenes\n\nThe streamer has canceled Tin Crown.")


def test_cue_rules_are_lower_case_so_the_gate_can_read_lowered_text() -> None:
    """`cues.cue_gate` runs without IGNORECASE on lower-cased text; a capital in a rule
    (outside an escape such as \\S) would never match there."""
    import re

    from cliffhanger.extraction.cues import cue_rules

    for rule in cue_rules():
        literal = re.sub(r"\\[A-Za-z]", "", rule.pattern.pattern)
        assert not re.search(r"[A-Z]", literal), rule.id


def test_the_cue_gate_opens_with_its_first_characters_at_word_starts() -> None:
    """`cues.lead` opens the cue gate with \\b and a lookahead of first characters (a rule
    whose branch starts with lookbehinds only once disabled both and made the gate 5x
    slower); the lookahead and \\b change no match."""
    import re

    from cliffhanger.extraction.cues import cue_gate, cue_rules, lead

    assert cue_gate().pattern.startswith(r"\b(?=[")
    assert lead(r"(?:(?<=said\s)|(?<=marks\s))the\s+end") == (
        r"\b(?=[t])(?:(?:(?<=said\s)|(?<=marks\s))the\s+end)"
    )
    assert lead(r"(?<=x)the").startswith("(?=[t])")  # no space behind: no \b
    assert lead(r"(?:a|\bb)c") == r"(?=[ab])(?:(?:a|\bb)c)"  # one branch without \b
    text = "It was announced the end of Tin Crown; marks the end. x-renewed, unrenewed."
    plain = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in cue_rules()))
    assert [m.span() for m in cue_gate().finditer(text.lower())] == [
        m.span() for m in plain.finditer(text.lower())
    ]


def test_rules_grouped_by_first_character_match_as_the_alternation() -> None:
    """`cues.by_first_char`: each place tries only the rules its character can open, in
    the alternation's order, so the first rule that matches (and its match) is the same."""
    import re

    from cliffhanger.extraction.cues import by_first_char

    patterns = [r"ca(?:t|r)", r"\bcar\s+park", r"(?:a|c)b+", r"(?:(?<=x\s)|(?<=y\s))tab"]
    grouped = by_first_char(patterns)
    assert grouped is not None and grouped.startswith("(?=[a])")
    plain = re.compile("|".join(f"(?:{p})" for p in patterns))
    text = "car park, cab, abb, x tab, y tab, z tab, cat"
    assert [m.span() for m in re.finditer(grouped, text)] == [
        m.span() for m in plain.finditer(text)
    ]
    assert by_first_char([r"ab", r"\w+"]) is None  # a class: first characters unknown
