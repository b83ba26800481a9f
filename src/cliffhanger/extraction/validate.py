"""Rejecting title candidates that are not titles: networks, dates, generic words."""

from __future__ import annotations

import re

from cliffhanger.extraction.lexicon import (
    MONTH_ALTERNATION,
    WEEKDAY_ALTERNATION,
    is_adverb,
    names_an_occasion,
    network_surface_map,
)

_MONTHS = MONTH_ALTERNATION
_NOT_TITLE = re.compile(
    rf"""^(?:(?:the\s+)?(?:series|show|shows|season|seasons|episode|episodes|network|streamer|
        tv|television|it|this|that|these|those|they|we|he|she|fans|viewers|critics|netflix\s+
        series|new\s+series|drama|comedy|pilot|finale|premiere|trailer|teaser|official|
        breaking|exclusive|update|report|news|watch|review|recap|interview|photos?|video|
        first\s+look|season\s+\d+|part\s+\d+|(?:{_MONTHS})(?:\s+\d{{1,2}})?|{WEEKDAY_ALTERNATION}|
        today|tonight|yesterday|emmy|emmys|
        oscars?|golden\s+globes?|upfronts?|comic-con|sdcc|tca|i|you|yes|no|more|all|
        everything|here|there|why|how|what|who|when|where|also|however|meanwhile|
        plus|but|and|so|now|still|even|after|before|unfortunately|sadly|earlier|later|
        neither|either|both|each|all|none|some|many|several|most|few|other|others|another|
        one|two|three|four|five|the\s+other|the\s+rest)|
        \d+|[A-Z]\.?)$""",
    re.IGNORECASE | re.VERBOSE,
)
_BAD_START = re.compile(
    r"^(?:in|on|at|by|for|with|from|after|before|as|if|when|while|but|and|or|so|yet|"
    r"although|though|because|since|meanwhile|however|also|plus|here|there|this|that|"
    r"these|those|his|her|their|our|its|it's|it’s|why|how|what|who|where|season|series)\b",
    re.IGNORECASE,
)


_NUMERIC = re.compile(r"^[\d\s./–—-]+$")
_MEASURE = re.compile(r"^\d+-(?:episode|part|hour|minute|season|year|time)s?\b", re.I)


def valid_title(
    text: str, known: frozenset[str] | set[str] = frozenset(), quoted: bool = False
) -> bool:
    """Return True if a candidate can be a show title.

    Titles may be ordinary words ("Wednesday", "You", "Evil"): quoted, or quoted
    elsewhere in the article, they are trusted; bare, they must not be one.
    """
    t = text.strip()
    if not t or len(t) > 90 or len(t.split()) > 10:
        return False
    if (quoted or t in known) and t not in network_surface_map():
        return any(c.isalpha() or c.isdigit() for c in t)
    if _NOT_TITLE.match(t) or (_BAD_START.match(t) and len(t.split()) > 1 and not t[0].isupper()):
        return False
    if t in network_surface_map():
        return False
    first = t.split()[0].lower()
    if first in {"season", "series", "seasons", "episode"}:
        return False
    if _NUMERIC.match(t):
        return False  # "2024-2025", "10/12": a year range or a date, not a title
    if _MEASURE.match(t):
        return False  # "20-episode", "10-part": a count, not a title
    if re.fullmatch(r"(?:[A-Z]\.){2}", t):
        return False  # "U.K.", "U.S.": a country's initials
    if re.fullmatch(r"[A-Z][\w.]*-[a-z]+", t):
        return False  # "HIV-positive", "Emmy-winning": an adjective, not a title
    if " " not in t and is_adverb(t):
        return False  # "Officially", "Reportedly": an adverb, not a title
    if names_an_occasion(t):
        return False  # "the Spring Gala Luncheon": an occasion, not a series
    return any(c.isalpha() or c.isdigit() for c in t)
