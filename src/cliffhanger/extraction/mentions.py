"""Stage 2, mentions: show titles and references back in a sentence.

Four sources of title mentions, each tagged with its `kind` (the scorer
weighs them):

- ``quoted``: quoted or italic titles (the HTML stage turns italics into quotes);
- ``gazetteer``: titles the caller knows (the database's catalog, or a list
  given to ``extract --titles``), found case-sensitively on word boundaries;
- ``document``: a title quoted, listed or in the headline elsewhere in the same
  article, found bare here ("'Copper Sky' … Copper Sky returns in May");
- ``bare``: a run of capitalised words and the small words titles keep. A new
  series no catalog knows is still found; whether the run is a show, a person
  or a place is left to the scorer, which sees its shape and context.

References back ("the series", "the streamer's drama", "it") are ``coref``
mentions, resolved to the article's current show by `resolve_reference`.
Networks come from the one table (`resolution.networks.CURATED`, read through `lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cliffhanger.extraction.context import networks_in
from cliffhanger.extraction.lexicon import (
    FORMAT_ALTERNATION,
    MONTHS,
    SENTENCE_OPENERS,
    WEEKDAYS,
    network_surface_map,
    number_value,
    person_like,
)
from cliffhanger.extraction.titles import CONNECTORS, DESCRIPTORS, STOP_WORDS, Span, quoted_spans
from cliffhanger.extraction.validate import valid_title

QUOTED, GAZETTEER, DOCUMENT, BARE, COREF = "quoted", "gazetteer", "document", "bare", "coref"
LEGACY = "legacy"  # a phrase-rule event no candidate covers, entered as a candidate of its own
NEXT = "next"  # a show named in the sentence after a decision that named none


@dataclass(frozen=True)
class Mention:
    """A show title (or a reference back to one) in a sentence, with character offsets."""

    text: str
    start: int
    end: int
    kind: str  # quoted | gazetteer | document | bare | coref
    surface: str = ""  # a coref mention's own words ("the series"); its text is the antecedent


_TOKEN = re.compile(r"[\w’'&!?.+$#-]+|[,:;()\[\]\"“”‘]")
_CAP = re.compile(r"^(?:[A-Z0-9À-Ý]|\$|#|¡)")
_END_CHARS = ".,;!?"
# "the series", "the streamer's drama", "the NBC comedy", "it": a show named earlier.
_REFERENCE = re.compile(
    r"\b(?:the|this|that)\s+(?:(?!\w*ed\b|has\b|have\b|is\b|was\b|the\b)[\w’'+-]+\s+){0,2}?"
    rf"(?:{FORMAT_ALTERNATION}|saga)\b|\bit\b|\bits\b",
    re.IGNORECASE,
)


def find_titles(
    text: str,
    known: frozenset[str],
    gazetteer: frozenset[str],
    stops: list[tuple[int, int]] | None = None,
    bare: bool = True,
) -> list[Mention]:
    """Return the title mentions of one sentence, left to right, without overlaps.

    `known` holds titles the article itself established (quoted or listed
    elsewhere); `gazetteer` the caller's titles. Earlier sources win overlaps:
    quoted, then gazetteer and known titles (longest first), then bare runs
    (unless `bare` is False).
    """
    out: list[Mention] = []
    taken = bytearray(len(text) + 1)  # characters a mention holds: overlap tests stay linear

    def add(m: Mention) -> None:
        out.append(m)
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)

    for q in quoted_spans(text):
        if valid_title(q.text, quoted=True):
            add(Mention(q.text, q.start, q.end, QUOTED))
    for kind, names in ((DOCUMENT, known), (GAZETTEER, gazetteer)):
        if names:
            for start, end, name in _known_spans(text, names):
                if not any(taken[start:end]):
                    add(Mention(name, start, end, kind))
    for span in bare_spans(text, stops or []) if bare else []:
        if not any(taken[span.start : span.end]):
            add(Mention(span.text, span.start, span.end, BARE))
            short = _before_connector(span)
            if short is not None:
                out.append(Mention(short.text, short.start, short.end, BARE))
    return sorted(out, key=lambda m: m.start)


def _known_spans(text: str, names: frozenset[str]) -> list[tuple[int, int, str]]:
    """Return (start, end, name) for each known name in `text` on word boundaries.

    The longer of two overlapping names wins. A large set (a catalog) is one
    alternation compiled once per set; an article's own few titles are each
    tested as a substring first.
    """
    if len(names) > 200:  # a catalog: one alternation, compiled once and kept
        pattern = _known_pattern(names)
        return (
            []
            if pattern is None
            else [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
        )
    found: list[tuple[int, int, str]] = []  # an article's few titles: a substring test each
    for name in sorted((n for n in names if len(n) >= 3 and n in text), key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            bounded = not _word_char(text, start - 1) and not _word_char(text, end)
            if bounded and not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, name))
            start = text.find(name, start + 1)
    return sorted(found)


def _word_char(text: str, i: int) -> bool:
    """Return True if text[i] exists and continues a word (a letter, digit or apostrophe)."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_’'")


@lru_cache(maxsize=64)
def _known_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    usable = sorted((n for n in names if len(n) >= 3), key=len, reverse=True)
    if not usable:
        return None
    return re.compile(rf"(?<![\w’'])(?:{'|'.join(map(re.escape, usable))})(?![\w’'])")


_SPLIT_AT = re.compile(r"\s(?:from|by|with|at|for|on|in|to|of)\s(?=[A-Z])")


def _before_connector(span: Span) -> Span | None:
    """Return the part of a run before its first preposition ("X from Y Studios" -> "X").

    Both readings become mentions; the scorer weighs them and the article keeps the
    better one per decision (a title's own "of" is kept by the longer reading).
    """
    m = _SPLIT_AT.search(span.text)
    if m is None or m.start() < 2:
        return None
    head = span.text[: m.start()]
    return Span(head, span.start, span.start + len(head)) if valid_title(head) else None


def bare_spans(text: str, stops: list[tuple[int, int]] | None = None) -> list[Span]:
    """Return runs of capitalised words that may be titles ("The Last of Us", "Tin Crown").

    A run keeps the small words titles keep inside them ("of", "the", "and"),
    a subtitle after a colon ("Star Trek: Lower Decks"), and stops at other
    punctuation. A sentence's first word opens a run only if it is not a common
    opener ("After", "But", "The streamer"). Descriptors ("the legal drama")
    and networks are never part of a run.
    """
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    blocked = stops or []
    title_case = is_title_case(text)
    if blocked or title_case:  # else `_stopped` holds no token
        tokens = [
            (w, s, e) if not _stopped(w, s, e, blocked, title_case) else ("|", s, e)
            for w, s, e in tokens
        ]
    caps = [_is_capital(w) for w, _, _ in tokens]  # each token's test, once
    spans: list[Span] = []
    i = 0
    n = len(tokens)
    while i < n:
        word, start, _ = tokens[i]
        if not caps[i] or (i == 0 and word.lower() in SENTENCE_OPENERS):
            i += 1
            continue
        j = i
        last_cap = i
        while j + 1 < n:
            nxt = tokens[j + 1][0]
            if caps[j + 1]:
                j += 1
                last_cap = j
            elif (
                nxt.lower() in CONNECTORS
                and nxt.lower() not in {"and", "or"}  # "A and B" is a list in running text
                and j + 2 < n
                and caps[j + 2]
                and tokens[j + 2][0].lower().strip(".") not in MONTHS
            ) or (nxt == ":" and j + 2 < n and caps[j + 2] and j - i < 4):
                j += 1
            elif (
                nxt.lower() in {"of", "by", "in", "on", "to", "for", "with", "and"}
                and j + 3 < n
                and tokens[j + 2][0] in {"a", "an", "the"}
                and tokens[j + 3][0][:1].isupper()
                and tokens[j + 3][0] not in network_surface_map()
            ):
                j += 2  # "Anatomy of a Scandal", "Beauty and the Geek": a lower-case article
                # inside a run is the title's (in a list the next title would be "The X")
            else:
                break
            if tokens[j][0].endswith(tuple(_END_CHARS)) and not _initials(tokens[j][0]):
                break
        last_cap = _comma_title(tokens, text, i, last_cap)
        end = tokens[last_cap][2]
        raw = text[start:end].rstrip(_END_CHARS + "’'")
        span = _trim(raw, start)
        if span is not None:
            spans.append(span)
        i = last_cap + 1
    return spans


def _comma_title(tokens: list[tuple[str, int, int]], text: str, i: int, last: int) -> int:
    """Extend a one-word run over a comma into a title that holds one ("Love, Actually Maybe").

    Only outside lists: when no "and"/"or" follows later in the sentence, "A, B C"
    is one title; "A, B and C" is three.
    """
    n = len(tokens)
    if last != i or last + 2 >= n or tokens[last + 1][0] != ",":
        return last
    first = tokens[i][0]
    if (
        first.lower() in MONTHS
        or first.lower() in SENTENCE_OPENERS
        or first in network_surface_map()
    ):
        return last
    if re.search(r"\b(?:and|or|&)\s", text[tokens[last][2] :]):
        return last
    j = last + 2
    if not _is_capital(tokens[j][0]) or tokens[j][0] in network_surface_map():
        return last
    while j + 1 < n and _is_capital(tokens[j + 1][0]):
        j += 1
    return j


@lru_cache(maxsize=4096)
def is_title_case(text: str) -> bool:
    """Return True for a line in title case ("Netflix Renews Tin Crown For Season 2").

    Cached: the mention stage asks it of each sentence three times.
    """
    return _title_case([(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)])


def _title_case(tokens: list[tuple[str, int, int]]) -> bool:
    words = [w for w, _, _ in tokens if w[:1].isalpha() and w.lower() not in CONNECTORS]
    lower_verbs = sum(1 for w in words if w[0].islower() and len(w) >= 5)
    return (
        len(words) >= 3
        and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
        and lower_verbs == 0
    )


def _stopped(word: str, s: int, e: int, stops: list[tuple[int, int]], title_case: bool) -> bool:
    """Return True for a token no run may hold: in a cue or network, or a title-case stop word."""
    if any(a <= s < b for a, b in stops):
        return True
    return title_case and s > 0 and word.lower() in STOP_WORDS


def _is_capital(word: str) -> bool:
    return bool(_CAP.match(word)) and word not in {"I", "A"} and not word.isdigit()


def _initials(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", word))


_PART_WORDS = frozenset({"season", "seasons", "series", "part", "parts"})


def _trim(raw: str, start: int) -> Span | None:
    """Return the run without leading descriptors, possessive and month names, or None."""
    text = raw
    d = DESCRIPTORS.match(text)
    if d and d.end() < len(text):
        start += d.end()
        text = text[d.end() :]
    text = re.sub(r"[’']s$", "", text)
    words = text.split()
    if len(words) > 2 and words[-2].lower() in _PART_WORDS and number_value(words[-1]):
        words = words[:-2]  # "X for Season 2": the season is no part of the title
    while words and (
        words[-1].lower().strip(".") in MONTHS
        or words[-1].lower() in CONNECTORS
        or words[-1].lower() in _PART_WORDS
    ):
        words.pop()  # "X in September", "X for Season (2)"
    text = " ".join(words)
    if not text or not valid_title(text) or text.lower() in SENTENCE_OPENERS:
        return None
    actor, as_, _ = text.partition(" as ")
    if as_ and person_like(actor):
        return None  # "Jane Roe as Kane": a cast credit, not a title
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return None
    return Span(text, start, start + len(text))


def references(text: str) -> list[Mention]:
    """Return the references back to a show in a sentence ("the series", "it")."""
    return [
        Mention(m.group(0), m.start(), m.end(), COREF)
        for m in _REFERENCE.finditer(text)
        if not _is_pleonastic(text, m)
    ]


def _is_pleonastic(text: str, m: re.Match[str]) -> bool:
    """'it' that names nothing ("it was announced", "it is unclear")."""
    if m.group(0).lower() != "it":
        return False
    return bool(
        re.match(r"\s+(?:was|is|has\s+been)\s+(?:announced|unclear|reported|confirmed|not\s+clear)",
                 text[m.end() :])
    )  # fmt: skip


_TITLE_WORD_BEFORE = re.compile(r"(?<![’'])\b[A-Z][\w&-]*\s$")


def network_stops(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Return the network spans a title run may not cross, as (start, end) offsets.

    A network name that ends a capitalised run in running prose is the title's
    own word ("Copper Sky", "Bluey Peacock"), not the network: it stops a run
    only at the run's start, after lower-case words, or in a title-case line.
    """
    if is_title_case(text):
        return [(n.start, n.end) for n in spans]
    return [
        (n.start, n.end)
        for n in spans
        if not _TITLE_WORD_BEFORE.search(text[max(0, n.start - 40) : n.start])
        or text[max(0, n.start - 40) : n.start].split()[-1].lower() in _NO_TITLE_BEFORE
    ]


# Words after which a network is the network, not a title's last word ("On Friday ABC")
_NO_TITLE_BEFORE = frozenset(SENTENCE_OPENERS) | frozenset(WEEKDAYS) | frozenset(MONTHS)


def cue_stops(text: str, cues: list) -> list[tuple[int, int]]:  # list[cues.Cue]
    """Return the cue spans a title run may not cross.

    A capitalised cue word inside a run of capitals in running prose belongs to
    a title ("Saved by the Bell", "Renewed Hope"); in a title-case headline
    every word is capitalised, so there every cue stops a run.
    """
    if is_title_case(text):
        return [(c.start, c.end) for c in cues]
    return [
        (c.start, c.end)
        for c in cues
        if not (c.start > 0 and text[c.start].isupper() and _TITLE_TAIL.match(text, c.end))
    ]


# A cue word opens a title when a preposition, an article and a capital follow it.
_TITLE_TAIL = re.compile(r"\s+(?:[Bb]y|[Oo]f|[Ii]n|[Oo]n|[Ff]or)\s+(?:[Tt]he|[Aa]n?)\s+[A-Z]")


def network_mentions(text: str, titles: list[Mention]) -> list[tuple[Span, str]]:
    """Return (span, canonical name) for each network named in `text` outside its titles."""
    return networks_in(text, [Span(t.text, t.start, t.end) for t in titles])


def is_connector(word: str) -> bool:
    """Return True for the small words a title keeps inside it ("of", "the", "and")."""
    return word.lower() in CONNECTORS
