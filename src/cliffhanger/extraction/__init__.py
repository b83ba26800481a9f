"""Extraction: from a Document to status events and facts, with evidence.

`extract(doc)` is a plain function over plain data: no database, no network,
no global configuration, so it runs unchanged in a process pool or on Dask.
"""

from __future__ import annotations

import re

from cliffhanger.extraction.facts import find_facts
from cliffhanger.extraction.sentences import split_sentences
from cliffhanger.extraction.status import find_events
from cliffhanger.model import Document, Extraction

_NBSP = re.compile(r"[\u00a0\u2007\u202f]")
# A left single quote used as an apostrophe ("Cho‘s") is an apostrophe.
_BAD_APOS = re.compile(r"(?<=\w)‘(?=s\b|t\b|re\b|ll\b|ve\b|d\b)")


def normalise(text: str) -> str:
    """Return text with typographic accidents repaired (odd spaces, misused quotes)."""
    text = _NBSP.sub(" ", text)
    text = _BAD_APOS.sub("’", text)
    return text.replace("\u200b", "")


def extract(doc: Document) -> Extraction:
    """Return the status events and facts stated in one document."""
    sentences = split_sentences(normalise(doc.text))
    events = find_events(sentences, doc.published)
    cast, seasons, cliffhangers = find_facts(sentences, events, doc.published)
    return Extraction(
        document=doc,
        events=tuple(events),
        cast=tuple(cast),
        seasons=tuple(seasons),
        cliffhangers=tuple(cliffhangers),
    )
