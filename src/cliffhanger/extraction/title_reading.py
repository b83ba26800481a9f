"""Reading an article's titles for the pipeline: where bare titles are read, and which.

`read_titles` gives each sentence its title mentions (the full mention stage near
cues, quoted and known titles elsewhere); `article_titles` the titles the article
establishes (quoted ones, list items' heads); `expand_acronyms` names an acronym
by the title it stands for. Called by `pipeline.candidates`.
"""

from __future__ import annotations

import re

from cliffhanger.extraction.cues import Cue
from cliffhanger.extraction.mentions import (
    COREF,
    DOCUMENT,
    Mention,
    bare_spans,
    cue_stops,
    find_titles,
    network_stops,
)
from cliffhanger.extraction.structure import HEADLINE, LIST_ITEM, Section
from cliffhanger.extraction.titles import network_spans, quoted_spans
from cliffhanger.extraction.validate import valid_title


def read_titles(
    secs: list[Section],
    texts: list[str],
    cues_all: list[list[Cue]],
    known: frozenset[str],
    gazetteer: frozenset[str],
) -> list[list[Mention]]:
    """Return each sentence's title mentions, reading bare titles only where they can matter.

    The full mention stage (bare capitalised runs included) reads the headline, the
    sentences with a cue and the sentences before and after each; every other sentence is read
    for quoted titles and for the titles those sentences found (which feed counts
    and references back). Linear in the text; most sentences of an article cost
    two searches, not a tokenisation.
    """
    full = {i for i, s in enumerate(secs) if s.kind == HEADLINE}
    for i, cues in enumerate(cues_all):
        if cues or under_heading(secs[i]):
            full.update((i - 1, i, i + 1))  # the sentence before holds what "it" names
    titles: list[list[Mention]] = [[] for _ in texts]
    for i in sorted(j for j in full if 0 <= j < len(texts)):
        t = texts[i]
        stops = cue_stops(t, cues_all[i]) + network_stops(t, network_spans(t))
        titles[i] = find_titles(t, known, gazetteer, stops)
    found = known | frozenset(m.text for ts in titles for m in ts if len(m.text) > 2)
    for i, t in enumerate(texts):
        if i not in full:
            titles[i] = find_titles(t, found, gazetteer, bare=False)
    return expand_acronyms(titles, texts)


def expand_acronyms(titles: list[list[Mention]], texts: list[str]) -> list[list[Mention]]:
    """Name an acronym by the article's title it stands for ("KUWTK" -> "Keeping Up With …").

    An all-capitals mention of 3-8 letters whose letters start the words of a
    capitalised run of as many words somewhere in the article is that run.
    Linear: one search per acronym over the article.
    """
    acronyms = {
        m.text
        for ts in titles
        for m in ts
        if m.kind != COREF and m.text.isalpha() and m.text.isupper() and 3 <= len(m.text) <= 8
    }
    if not acronyms:
        return titles
    article = "\n".join(texts)
    full: dict[str, str] = {}
    for acronym in acronyms:
        words = r"\s+".join(rf"[{c}{c.lower()}][\w’'-]*" for c in acronym)
        m = re.search(rf"(?<![\w’']){words}(?![\w’'])", article)
        if m and m.group(0)[0].isupper() and len(m.group(0)) > len(acronym) * 2:
            full[acronym] = m.group(0)
    return [
        [Mention(full[m.text], m.start, m.end, DOCUMENT) if m.text in full else m for m in ts]
        for ts in titles
    ]


def article_titles(secs: list[Section]) -> frozenset[str]:
    """Return titles the article establishes: quoted ones and the heads of list items."""
    known: set[str] = set()
    for s in secs:
        known.update(q.text for q in quoted_spans(s.sentence.text))
        if s.kind == LIST_ITEM:
            head = re.sub(r"^\s*(?:[-•*·▪►–—]|\d{1,2}[.)])\s*", "", s.sentence.text)
            spans = bare_spans(head)
            if spans and spans[0].start == 0:
                known.add(spans[0].text)
    return frozenset(k for k in known if valid_title(k, quoted=True) and len(k) > 2)


def under_heading(sec: Section) -> bool:
    """Return True for a list item under a status heading ("Canceled:" then "- Copper Sky")."""
    return bool(sec.heading) and sec.kind == LIST_ITEM
