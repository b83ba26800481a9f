"""Extraction: from a Document to status events and facts, with evidence.

`extract(doc)` is a plain function over plain data: no database, no network,
no global configuration, so it runs unchanged in a process pool or on Dask.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cliffhanger.extraction.article import about_films, norm_show
from cliffhanger.extraction.cues import _modifiers
from cliffhanger.extraction.decision import decide
from cliffhanger.extraction.facts import find_facts
from cliffhanger.extraction.gates import cue_starts, may_decide
from cliffhanger.extraction.pipeline import candidates
from cliffhanger.extraction.scorer import Model
from cliffhanger.extraction.seasons import _season_mentions
from cliffhanger.extraction.sentences import Sentence, split_sentences
from cliffhanger.extraction.status import find_events
from cliffhanger.extraction.titles import _network_spans, _quoted_spans, clear_network_spans
from cliffhanger.model import Document, Extraction, StatusEvent

_NBSP = re.compile(r"[\u00a0\u2007\u202f]")
# A left single quote used as an apostrophe ("Cho‘s") is an apostrophe.
_BAD_APOS = re.compile(r"(?<=\w)‘(?=s\b|t\b|re\b|ll\b|ve\b|d\b)")


def normalise(text: str) -> str:
    """Return text with typographic accidents repaired (odd spaces, misused quotes)."""
    # each repair only where its character is: a substring test is far cheaper than a sub
    if "\u00a0" in text or "\u2007" in text or "\u202f" in text:
        text = _NBSP.sub(" ", text)
    if "‘" in text:
        text = _BAD_APOS.sub("’", text)
    return text.replace("\u200b", "")


Splitter = Callable[[str], list[Sentence]]


def clear_caches() -> None:
    """Forget the per-sentence caches of titles, networks, season phrases and modifiers."""
    _quoted_spans.cache_clear()
    _network_spans.cache_clear()
    clear_network_spans()
    _modifiers.cache_clear()
    _season_mentions.cache_clear()


def extract(
    doc: Document,
    splitter: Splitter = split_sentences,
    gazetteer: frozenset[str] = frozenset(),
    model: Model | None = None,
) -> Extraction:
    """Return the status events and facts stated in one document.

    `splitter` turns text into sentences: the regex splitter by default, or
    `spacy_sentences.spacy_splitter()`; everything after it is shared.
    `gazetteer` holds show titles to find even bare (a catalog's); `model` is
    the scorer (the packaged one by default, see `scorer.py`).
    """
    # The sentence-level caches serve one document (events and facts read the same
    # sentences); clearing them keeps memory flat and timings honest across documents.
    clear_caches()
    text = normalise(doc.text)
    sentences = splitter(text)
    if about_films(sentences):
        return Extraction(document=doc)  # films are not series: nothing to track
    events: list[StatusEvent] = []
    starts = cue_starts(text)  # one pass of the cue automaton feeds both gates
    if may_decide(text, starts):  # the document gate: most articles state no decision
        legacy = find_events(sentences, doc.published)
        article = candidates(text, sentences, legacy, gazetteer, starts)
        events = decide(article, legacy, doc.published, model)
        decided = {(norm_show(e.show), e.status) for e in events}
        events += [
            e for e in legacy if e.speculative and (norm_show(e.show), e.status) not in decided
        ]
    cast, seasons, cliffhangers = find_facts(sentences, events, doc.published)
    return Extraction(
        document=doc,
        events=tuple(events),
        cast=tuple(cast),
        seasons=tuple(seasons),
        cliffhangers=tuple(cliffhangers),
    )
