"""Sentence splitting tuned for news: headlines, captions and abbreviations."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no", "vol", "inc", "co", "corp", "ltd",
    "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
    "p.i", "d.c", "l.a", "n.y", "e.g", "i.e", "approx", "ep", "eps", "ft", "mt", "gen",
}  # fmt: skip
_BOUNDARY = re.compile(r"""(?<=[.!?…])["”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9])""")
LINES = re.compile(r"\n\s*\n|\n(?=\S)")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…][\"”’)\]]*$")
_INITIALS = re.compile(r"(?:\w\.)+\w")  # "P.I." / "U.S." without the final full stop


# Lines a page's text carries that are not the article: links to other stories,
# calls to action, credits. "RELATED: Netflix Cancels 'X'" is another article's news.
_NOT_THE_ARTICLE = re.compile(
    r"""^(?:related(?:\s+(?:stories|articles|coverage|news))?|read\s+(?:more|next|also)|also\s+read|
        see\s+also|more\s+from\s+[\w ]+|more\s+(?:news|stories)|watch|listen|recommended|
        trending|popular|advertisement|sponsored|sign\s+up|subscribe|click\s+here|photo|credit|
        image|video)\s*[:|—–>»-]""",
    re.IGNORECASE | re.VERBOSE,
)
_DATELINE = re.compile(
    r"""^(?:[A-Z][A-Za-z .]{1,30},\s*)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)
        [a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d\d|
        (?:19|20)\d\d-\d\d-\d\d)\s*[—–-]+\s*""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Sentence:
    """A sentence with its position: paragraph index and character offset in the text."""

    text: str
    start: int
    paragraph: int
    is_headline: bool = False


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text`; each line break ends a sentence too."""
    out: list[Sentence] = []
    pos = 0
    for para_no, block in enumerate(LINES.split(text)):
        start = text.find(block, pos)
        pos = start + len(block)
        block_clean = block.strip()
        if not block_clean or _NOT_THE_ARTICLE.match(block_clean):
            continue
        offset = start + (len(block) - len(block.lstrip()))
        dateline = _DATELINE.match(block_clean)
        if dateline:
            # "May 12, 2018 — NBC has …": the dateline dates the article; it is no evidence
            offset += dateline.end()
            block_clean = block_clean[dateline.end() :]
        for s_off, s in _split_block(block_clean):
            if len(s) <= MAX_SENTENCE_CHARS:  # `_within_budget` keeps it whole
                out.append(Sentence(s, offset + s_off, para_no, is_headline=(para_no == 0)))
                continue
            for c_off, chunk in _within_budget(s):
                out.append(
                    Sentence(chunk, offset + s_off + c_off, para_no, is_headline=(para_no == 0))
                )
    return out


# The size budget of one sentence, in characters. News sentences run to a few hundred;
# a longer "sentence" is a list or a paste. Every later stage reads a sentence whole
# (clauses, lists, modifiers), so cutting here keeps a whole document's cost linear
# in its length (a 35 KB comma list of 2,000 names once took a minute).
MAX_SENTENCE_CHARS = 1_000


def _within_budget(sentence: str) -> list[tuple[int, str]]:
    """Return `sentence` cut into pieces of at most MAX_SENTENCE_CHARS, at a comma or space."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [(0, sentence)]
    pieces: list[tuple[int, str]] = []
    pos = 0
    while len(sentence) - pos > MAX_SENTENCE_CHARS:
        window = sentence[pos : pos + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        cut = cut + 1 if cut > MAX_SENTENCE_CHARS // 2 else window.rfind(" ")
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        piece = window[:cut].strip()
        if piece:
            pieces.append((pos + window.index(piece[0]), piece))
        pos += cut
    rest = sentence[pos:].strip()
    if rest:
        pieces.append((pos + sentence[pos:].index(rest[0]), rest))
    return pieces


def _split_block(block: str) -> list[tuple[int, str]]:
    """Return (offset, sentence) of a stripped block (most hold one sentence)."""
    if _BOUNDARY.search(block) is None:
        return [(0, block)] if block else []  # no boundary: the block whole (stripped)
    parts: list[tuple[int, str]] = []
    last = 0
    for m in _BOUNDARY.finditer(block):
        before = block[max(last, m.start() - 60) : m.start()]  # the word before, not all
        w = _WORD_BEFORE.search(before)
        if w:
            word = w.group(1).lower().rstrip(".")
            # "P.I." / "U.S." style initials, known abbreviations, single letters.
            if word in _ABBREV or len(word) == 1 or _INITIALS.fullmatch(word):
                continue
        parts.append((last, block[last : m.start()].strip()))
        last = m.end()
    parts.append((last, block[last:].strip()))
    return [(o, s) for o, s in parts if s]
