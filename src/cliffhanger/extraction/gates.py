"""The gates before the pipeline: a document with no decision word, a sentence with no cue.

`may_decide` is the document gate (a cue anywhere, or a phrase rule's key in the
headline); `cue_sentences` the sentence gate of the cue stage. Both read one pass
of the cue automaton (`cues.cue_gate`) over the lower-cased text, `cue_starts`.
`pipeline` re-exports the three (training and the tests read them there).
"""

from __future__ import annotations

import bisect
import re

from cliffhanger.extraction.cues import cue_gate, has_cue
from cliffhanger.extraction.structure import Section
from cliffhanger.extraction.trigger_search import ROOT_KEYS

# Phrase-rule keys that only set the scene ("season", "show", "the end"): a document
# holding them and no decision word has no decision for the phrase rules either.
_SCENE_KEYS = {"season", "series", "show", "end", "back", "last", "anime",
               "forward", "hook", "wrap", "set", "boot"}  # fmt: skip
_PHRASE_KEYS = tuple(k for k in ROOT_KEYS if k not in _SCENE_KEYS)
_PHRASE_GATE = re.compile(
    r"\bset\s+(?:for|non|at|to\s+end|as)\b|\bsets\s|\breboot"
    r"|\bend(?:s|ed|ing)?\s+(?:the|its|after|with)\b|\bto\s+end\b"
    r"|\bseason\s+\d+\s+(?:confirmed|set|coming|is\s+happening)|\bgets?\s+\w+\s+season"
    r"|\bfinal\s+episode|\bseries\s+coming\s+to\b",
)  # applied to lower-cased text (see `cues.cue_gate`)


def cue_starts(text: str) -> list[int]:
    """Return the offsets where the cue automaton (`cues.cue_gate`) matches: one pass.

    Both gates read them: the document gate passes a document with any, the
    sentence gate (`cue_sentences`) reads cues only in sentences holding one.
    """
    return [m.start() for m in cue_gate().finditer(text.lower())]


def cue_sentences(text: str, secs: list[Section], starts: list[int] | None = None) -> list[bool]:
    """Return, per section, whether the cue gate matched in it (the sentence gate).

    `starts` are `cue_starts(text)` (one pass over `text`, found here when not
    given). A section whose words are not found at their offset (a splitter that
    rewrites text) is checked on its own. Only flagged sentences are read for
    cues; the stages that need the whole article (titles for counts and
    references back, networks, seasons) still read every sentence.
    """
    starts = cue_starts(text) if starts is None else starts
    out = []
    for sec in secs:
        s = sec.sentence
        if text[s.start : s.start + len(s.text)] != s.text:
            out.append(has_cue(s.text))
            continue
        k = bisect.bisect_left(starts, s.start)
        out.append(k < len(starts) and starts[k] < s.start + len(s.text))
    return out


def may_decide(text: str, starts: list[int] | None = None) -> bool:
    """Return False for a text that states no decision (the document gate).

    A decision word of the cue automaton (`cues.cue_gate`) anywhere, or a
    phrase rule's key in the headline (the first line, at most `LEAD`
    characters: the phrase rules were built on headlines; a body's decisions
    carry a cue). One search of each, linear in the text. 60% of the 2020 TV
    articles have neither; the gate loses no event on the dev articles, dev
    headlines, labelled pool or 2020 articles (tests/extraction/test_gate.py).
    `starts` are the cue automaton's matches in `text` when the caller has them.
    """
    low = text.lower()
    if starts if starts is not None else cue_gate().search(low) is not None:
        return True
    headline = low.lstrip()[:LEAD].split("\n", 1)[0]
    return any(k in headline for k in _PHRASE_KEYS) or _PHRASE_GATE.search(headline) is not None


LEAD = 400  # characters of a headline at most (a one-line article has no line break)
