"""Stage 5, arguments: each cue paired with the shows it may be about, its network and season.

A candidate is one (show mention, cue) pair in a sentence: every title in the
sentence, a reference back ("the series", "it") resolved to the article's
current show, and, under a status heading ("Canceled:"), a list item's
title. Nothing is decided here; the scorer weighs each candidate. The
network and season are attached by named rules whose choice the scorer sees:

- network: the network that is the cue's subject ("Netflix has renewed"), or
  the one the cue names ("canceled by ABC", "lands at Peacock"), or the one
  that owns the title ("Hulu's Pine Hollow", "the NBC drama X"), or the
  nearest in the sentence; else the article's (its headline's, or the one
  most named);
- season: the sentence's season phrases typed by `seasons.py` and read by
  status ("after two seasons" is a count for a cancellation, "a third season"
  a target for a renewal); "renewed for next season" of a show "now in its
  ninth season" is 10.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cliffhanger.extraction.cues import Cue
from cliffhanger.extraction.lexicon import ORDINALS, number_value
from cliffhanger.extraction.mentions import COREF as COREF_KIND
from cliffhanger.extraction.mentions import Mention
from cliffhanger.extraction.seasons import SeasonMention
from cliffhanger.extraction.titles import Span
from cliffhanger.model import Status

_SUBJECT_GAP = re.compile(
    r"^[\s,]*(?:(?:has|have|had|is|was|officially|quietly|also|just|now|reportedly|already|"
    r"formally|finally|will|would|won[’']t|has\s+not|did|didn[’']t|decided\s+to|opted\s+to|"
    r"chose\s+to|confirmed\s+(?:it|that\s+it)|announced\s+(?:it|that\s+it)|"
    r"announced\s+(?:that|on\s+\w+\s+that)|said\s+(?:it|that\s+it)|stepped\s+in\s+to|"
    r"moved\s+to|is\s+set\s+to|has\s+given|gave|given)\s+)*$",
    re.I,
)
_BY_NETWORK = re.compile(r"\b(?:by|at|on|to|from|over\s+at|with)\s+(?:the\s+)?$", re.I)
_CLAUSE = re.compile(r"[;:]|,\s+(?:which|who|and|but)\b|\s[–—]\s", re.I)
_OWNER_GAP = re.compile(r"^(?:[’']s)?\s*(?:(?:[\w-]+)\s+){0,3}$")
_CURRENT = re.compile(
    rf"\b(?:now\s+)?in\s+its\s+(?P<n>{'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+season\b",
    re.I,
)
_NEXT_SEASON = re.compile(r"\b(?:for\s+)?next\s+season\b|\banother\s+season\b", re.I)


@dataclass
class Candidate:
    """One (show mention, cue) pair with its attached network and season.

    `sentence` indexes the document's sections; `features` is filled by
    `features.candidate_features`; `p` by the scorer (0..1).
    """

    show: str
    status: Status
    cue: Cue
    mention: Mention
    sentence: int
    network: str | None
    network_source: str
    season: int | None
    season_source: str
    modifiers: set[str] = field(default_factory=set)
    role: str = "other"  # the title's slot relative to the cue (`clauses.ROLES`)
    antecedents: int = 0  # a reference's rivals: distinct shows the article named before it
    ref_gap: int = 0  # a reference's distance back to its antecedent, in sentences
    features: dict[str, float] = field(default_factory=dict)
    p: float = 0.0


def pick_network(
    text: str,
    cue: Cue,
    mention: Mention,
    nets: list[tuple[Span, str]],
    doc_network: str | None,
) -> tuple[str | None, str]:
    """Return (network, rule name) for a cue about a mention; see the module docstring."""
    before_cue = [n for n in nets if n[0].end <= cue.start]
    if before_cue:
        span, name = before_cue[-1]
        if _SUBJECT_GAP.match(text[span.end : cue.start]):
            return name, "subject"
    after_cue = [n for n in nets if n[0].start >= cue.end and n[0].start - cue.end <= 60]
    for span, name in after_cue:
        gap = text[cue.end : span.start]
        gap_m = gap.replace(mention.text, " ") if mention.start >= cue.end else gap
        if _BY_NETWORK.search(gap_m) and not _CLAUSE.search(gap_m):
            return name, "object"
    if mention.kind != COREF_KIND:
        owner = [n for n in nets if n[0].end <= mention.start and mention.start - n[0].end <= 30]
        if owner and _OWNER_GAP.match(text[owner[-1][0].end : mention.start]):
            return owner[-1][1], "owner"
    if nets:
        anchor = cue.start
        nearest = min(nets, key=lambda n: abs(n[0].start - anchor))
        return nearest[1], "nearest"
    if doc_network:
        return doc_network, "document"
    return None, "none"


def pick_season(
    status: Status,
    cue: Cue,
    mention: Mention,
    seasons: list[SeasonMention],
    text: str,
    current: int | None,
) -> tuple[int | None, str]:
    """Return (season, rule name) for a candidate from the sentence's typed season phrases.

    `current` is the season the article says the show is in ("now in its ninth").
    Phrases after the earlier of the mention and the cue are preferred, nearest first.
    """
    if status == Status.CANCELED:
        short = _short_lived(text[cue.start : cue.end + 40])
        if short is not None:
            return short, "count"
    if status == Status.ORDERED:
        near = [s for s in seasons if s.kind in {"target", "multi"} and s.value > 1]
        return (near[0].value, "target") if near else (1, "default")
    anchor = min(cue.start, mention.start) if mention.kind != COREF_KIND else cue.start
    ordered = sorted(seasons, key=lambda s: (s.start < anchor, abs(s.start - cue.start)))
    wanted = {
        Status.CANCELED: ("count", "next"),
        Status.FINAL_SEASON: ("final", "target", "count"),
        Status.RENEWED: ("multi", "target", "final"),
        Status.REVIVED: ("target", "multi", "final"),
    }[status]
    for s in ordered:
        if s.kind in wanted:
            if s.kind == "next":
                return (s.value - 1, "next") if s.value > 1 else (None, "none")
            return s.value, s.kind
    if status == Status.RENEWED and current and _NEXT_SEASON.search(text):
        return current + 1, "next_of_current"
    if status == Status.FINAL_SEASON and current and re.search(r"\b(?:this|current)\b", text, re.I):
        return current, "current"
    return None, "none"


_ORD = "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th)"
_PAST = re.compile(rf"^\w[^.]{{0,30}}?\b(?:past|beyond)\s+(?:its|the|a)\s+({_ORD})\s+season", re.I)
_NO_NEXT = re.compile(
    rf"^(?:won[’']t|will\s+not|didn[’']t|did\s+not)\s+(?:get|have|see|receive)\s+(?:a|an)\s+"
    rf"({_ORD})\b|^no\s+({_ORD})\s+season",
    re.I,
)


def _short_lived(cue_text: str) -> int | None:
    """Return the seasons a show had from a cancellation idiom, or None.

    "didn't make it past its first season" -> 1; "won't get a third season" -> 2;
    "one-and-done" -> 1.
    """
    if re.match(r"^one[\s-]and[\s-]done", cue_text, re.I):
        return 1
    m = _PAST.match(cue_text)
    if m:
        return number_value(m.group(1))
    m = _NO_NEXT.match(cue_text)
    if m:
        n = number_value(m.group(1) or m.group(2))
        return n - 1 if n and n > 1 else None
    return None


def current_seasons(texts: list[str], titles: list[list[Mention]]) -> dict[str, int]:
    """Return show -> the season the article says it is in ("X, now in its ninth season")."""
    out: dict[str, int] = {}
    for text, mentions in zip(texts, titles, strict=True):
        for m in _CURRENT.finditer(text):
            before = [t for t in mentions if t.end <= m.start()]
            if before:
                value = number_value(m.group("n"))
                if value:
                    out.setdefault(before[-1].text, value)
    return out


def article_network(headline_nets: list[str], all_nets: list[str]) -> str | None:
    """Return the article's network: its headline's, else one named at least half the time."""
    if headline_nets:
        return headline_nets[0]
    if not all_nets:
        return None
    name, count = Counter(all_nets).most_common(1)[0]
    return name if count * 2 >= len(all_nets) else None
