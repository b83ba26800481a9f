"""What a sentence says around a decision: hedges, negation, attribution, networks."""

from __future__ import annotations

import re
from functools import lru_cache

from cliffhanger.extraction.lexicon import (
    AMBIGUOUS,
    NOT_NETWORK_AFTER,
    network_surface_map,
    outlet_alternation,
)
from cliffhanger.extraction.titles import Span, network_spans

_SPECULATIVE = re.compile(
    r"""\b(?:could|might|would|should|possibly|potential(?:ly)?|likely|unlikely|probably|
        perhaps|maybe|rumou?r(?:s|ed)?|hopes?|hoped|hoping|hopeful|wish(?:es|ing)?|
        petition(?:s|ing)?|campaign(?:s|ing)?|whether|in\s+talks|in\s+negotiations|
        on\s+the\s+bubble|in\s+danger|at\s+risk|predict\w*|expected\s+to|odds|chances?|
        considering|weighing|mull(?:s|ing)?|eyeing|teases?|teasing|hints?|hinting|
        speculat\w*|fans?\s+(?:are\s+)?(?:rally\w*|call\w*|beg\w*|demand\w*|want\w*)|
        if|unless|when\s+will|will\s+there\s+be|is\s+there|what\s+we\s+know|
        fingers\s+crossed|pitch(?:es|ed|ing)?|wants?\s+to|would\s+love|open\s+to|
        may\s+(?:be|have|not|get|return|end|come)|in\s+the\s+running|bubble)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NEGATION = re.compile(
    r"""(?:\b(?:not|n[’']t|never|yet\s+to\s+be|no\s+word\s+on|without|denies|denied|
        deny|debunk\w*|false|premature|rather\s+than)\b[^.;,]{0,25})$""",
    re.IGNORECASE | re.VERBOSE,
)
# "Variety's Jane Doe" cites Variety; the outlets themselves are the lexicon's.
_OUTLET_NAMES = rf"Variety[’']s\s+\w+|{outlet_alternation()}"
_ATTRIBUTION = re.compile(
    rf"""(?:\b(?:per|according\s+to|as\s+(?:first\s+)?reported\s+by|reported\s+by|via|
        (?:told|confirmed\s+(?:it\s+)?to|confirmed\s+the\s+news\s+to|tells))\s+
        (?P<a>{_OUTLET_NAMES})\b
        |\b(?P<b>{_OUTLET_NAMES})\s+(?:reports|reported|has\s+learned|first\s+reported|
        confirmed|broke\s+the\s+news|exclusively\s+reported|was\s+first\s+to\s+report|
        can\s+confirm))""",
    re.VERBOSE,
)
_ATTRIBUTION_GATE = ("per ", "according", "report", "via ", "told", "tells", "confirm", "learned",
                     "broke", "can confirm")  # fmt: skip
_OUTLET_CANON = {
    "thr": "The Hollywood Reporter",
    "hollywood reporter": "The Hollywood Reporter",
    "the wrap": "TheWrap",
    "ew": "Entertainment Weekly",
    "screenrant": "Screen Rant",
    "new york times": "The New York Times",
    "los angeles times": "Los Angeles Times",
    "ap": "The Associated Press",
    "the associated press": "The Associated Press",
}
_NETWORK_PREP = re.compile(
    r"(?:\b(?:at|by|on|from|to|with|via|for|over\s+at|in|across)\s+(?:the\s+)?)$", re.IGNORECASE
)
# A word that is a network when it decides something ("Amazon has picked up …").
_DECIDES = re.compile(
    r"""\s+(?:has|have|had|is|renews|renewed|cancels|canceled|cancelled|orders|ordered|picks|
        picked|greenlights|greenlit|saves|saved|rescues|rescued|revives|revived|axes|axed|
        will|won[’']t|said|says|announced|announces|confirmed|confirms|scraps|scrapped)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_REPORTED = re.compile(
    r"\b(?:reportedly|sources\s+(?:say|said|tell|told)|according\s+to|per\s+sources)\b", re.I
)


def is_speculative(text: str) -> bool:
    """Return True if the clause hedges, asks, hopes or predicts rather than reports."""
    return "?" in text or bool(_SPECULATIVE.search(text))


def is_negated(before: str) -> bool:
    """Return True if the words just before a decision word negate it."""
    return bool(_NEGATION.search(before[-40:]))


def is_reported(text: str) -> bool:
    """Return True for second-hand but firm reports ("reportedly", "sources say")."""
    return bool(_REPORTED.search(text))


@lru_cache(maxsize=1024)
def attribution(text: str) -> str | None:
    """Return the outlet a sentence cites ("per Deadline" -> "Deadline"), or None."""
    low = text.lower()
    if not any(k in low for k in _ATTRIBUTION_GATE):
        return None
    m = _ATTRIBUTION.search(text)
    if not m:
        return None
    name = re.sub(r"\s+", " ", m.group("a") or m.group("b"))
    if re.match(r"Variety[’']s\s", name):
        name = "Variety"  # "Variety's Jane Doe" cites Variety
    return _OUTLET_CANON.get(name.lower(), name)


def networks_in(
    sentence: str, exclude: list[Span], spans: list[Span] | None = None
) -> list[tuple[Span, str]]:
    """Return (span, canonical network) for networks in a sentence, outside titles.

    `spans` are the sentence's raw network matches when the caller found them
    already (one pass over a whole article is cheaper than one per sentence).
    """
    surface = network_surface_map()
    out: list[tuple[Span, str]] = []
    for span in network_spans(sentence) if spans is None else spans:
        if any(t.start <= span.start < t.end for t in exclude):
            continue
        after = sentence[span.end : span.end + 14].strip()
        next_word = after.split(" ")[0].strip(",.;:") if after else ""
        if next_word in NOT_NETWORK_AFTER:
            continue
        if span.text in AMBIGUOUS:
            before = sentence[: span.start]
            if not (
                _NETWORK_PREP.search(before)
                or after.startswith(("’s", "'s"))
                or _DECIDES.match(sentence, span.end)
            ):
                continue
        out.append((span, surface[span.text]))
    return out
