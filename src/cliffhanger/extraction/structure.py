"""Stage 1, structure: an article's blocks (headline, headings, list items, captions, body).

A real article is not a run of sentences. Its first line is a headline (when
that line is a whole paragraph, as in text stripped of its layout, its first
sentence is: the lead stands in for the headline); short
lines without a full stop are headings ("Copper Sky – Renewed for Season 3!");
lines that open with a bullet or a number are list items; tabloid captions
open with a short label and a colon ("Farewell: the cast …") or end in
"(pictured)". Rails that link other stories ("RELATED: …") are dropped by the
sentence splitter. Each sentence carries the kind of block it sits in, which
the scorer reads as a feature: a decision in a caption repeats the body, a
list item under "Canceled" inherits that status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cliffhanger.extraction.sentences import LINES, Sentence, split_sentences

HEADLINE = "headline"
HEADING = "heading"
LIST_ITEM = "list_item"
CAPTION = "caption"
BODY = "body"
SECTIONS = (HEADLINE, HEADING, LIST_ITEM, CAPTION, BODY)

_BULLET = re.compile(r"^\s*(?:[-•*·▪►–—]\s+|\d{1,2}[.)]\s+)")
_CAPTION = re.compile(
    r"^[A-Z][^.:!?]{0,40}:\s|\((?:pictured|pictured\s+\w+|above|left|right)\)", re.I
)
# A heading names a status for what follows ("Canceled", "Renewed shows", "Ending:").
_STATUS_HEADING = re.compile(
    r"^(?:[\w+&’' ]{0,40}\s)?(?P<label>renewed|renewals|cancell?ed|cancell?ations|ending|"
    r"final\s+seasons?|ordered|new\s+series|picked\s+up|revived|saved)\b[^.]{0,30}$",
    re.I,
)


@dataclass(frozen=True)
class Block:
    """A line-level block of an article: its kind, its text and its offset in the article."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class Section:
    """A sentence and the block it sits in; `heading` is the nearest status heading above it."""

    sentence: Sentence
    kind: str
    heading: str | None = None  # "renewed", "canceled", … from a heading line above


def block_kind(line: str, index: int) -> str:
    """Return the kind of one line of an article (`index` 0 is its first line).

    Rules, in order: the first line is the headline; a bulleted or numbered line
    is a list item; a line with a caption label or "(pictured)" is a caption; a
    short line with no closing full stop is a heading; anything else is body.
    """
    stripped = line.strip()
    if index == 0:
        return HEADLINE
    if _BULLET.match(stripped):
        return LIST_ITEM
    pictured = "pictured" in stripped.lower()
    if _CAPTION.search(stripped) and (pictured or re.match(r"^[A-Z][\w’' !-]{0,30}:\s", stripped)):
        return CAPTION
    if len(stripped) <= 90 and not stripped.endswith((".", "”", '"', "’", "'")):
        return HEADING
    return BODY


def heading_status(text: str) -> str | None:
    """Return the status a heading line announces for the lines under it, or None."""
    m = _STATUS_HEADING.match(text.strip(" #*:"))
    if m is None:
        return None
    label = m.group("label").lower()
    if label.startswith(("renew", "picked")):
        return "renewed"
    if label.startswith("cancel"):
        return "canceled"
    if label.startswith(("ending", "final")):
        return "final_season"
    if label.startswith(("ordered", "new")):
        return "ordered"
    return "revived"


def sections(text: str, sentences: list[Sentence] | None = None) -> list[Section]:
    """Return every sentence of `text` with the kind of block it sits in.

    `sentences` may come from another splitter (spaCy's); their paragraph
    numbers index the article's lines as `split_sentences` counts them.
    """
    sents = sentences if sentences is not None else split_sentences(text)
    lines = _paragraph_lines(text)
    out: list[Section] = []
    heading: str | None = None
    last_para = -1
    for s in sents:
        line = lines.get(s.paragraph, s.text)
        kind = block_kind(line, s.paragraph)
        if kind == HEADLINE and out and out[-1].sentence.paragraph == s.paragraph:
            kind = BODY  # a first line that is a paragraph: its first sentence is the lead
        if s.paragraph != last_para:
            last_para = s.paragraph
            if kind == HEADING:
                heading = heading_status(line)
            elif kind == BODY and len(line) > 200:
                heading = None  # a long paragraph ends a list's scope
        out.append(Section(s, kind, heading if kind in {LIST_ITEM, HEADING} else None))
    return out


def _paragraph_lines(text: str) -> dict[int, str]:
    return dict(enumerate(LINES.split(text)))
