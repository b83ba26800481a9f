"""Season phrases: "a third season", "Season 2", "S2", "after four seasons", "no fifth season"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cliffhanger.extraction.lexicon import NUMBER_WORDS, ORDINALS, number_value

_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_NUM = "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
_ORDN = rf"(?:{_ORD}|\d{{1,2}}(?:st|nd|rd|th))"
_CARD = rf"(?:{_NUM}|\d{{1,2}})"
_UNIT = r"(?:seasons?|series|installments?|outings?|runs?|cycles?|go(?:-round)?s?)"  # not years

# Each pattern names what the number means:
#   target  - the season a decision is about ("renewed for season 3")
#   count   - seasons the show had ("canceled after two seasons")
#   next    - the season that will not happen ("no fourth season" -> had 3)
#   final   - the last season ("a fifth and final season", "end with season 4")
#   multi   - a multi-season order ("seasons 21 and 22")
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "multi",
        re.compile(
            rf"\bseasons\s+(?P<a>\d{{1,2}}|{_NUM})\s*(?:,|and|&|-|–|through|to)\s*"
            rf"(?P<b>\d{{1,2}}|{_NUM})\b",
            re.I,
        ),
    ),
    (
        "final",
        re.compile(
            rf"\b(?P<a>{_ORDN})\s+(?:and|&)\s+(?:final|last)\s+(?:season|series|installment)\b",
            re.I,
        ),
    ),
    (
        "multi",
        re.compile(rf"\b(?P<a>{_ORDN})\s+(?:and|&)\s+(?P<b>{_ORDN})\s+seasons?\b", re.I),
    ),
    (
        "final",
        re.compile(
            rf"\b(?:end|ending|ends|wrap|wrapping|wraps|conclude|concluding|concludes|close|closing)"
            rf"\s+(?:with|after)\s+(?:its\s+|the\s+)?(?:upcoming\s+|forthcoming\s+|current\s+|"
            rf"next\s+|new\s+)?(?:(?P<a>{_ORDN})\s+season|season\s+(?P<b>\d{{1,2}}|{_NUM}))\b",
            re.I,
        ),
    ),
    (
        "next",
        re.compile(
            rf"\b(?:no|not\s+(?:moving\s+forward|proceeding|going\s+ahead)\s+with\s+(?:a|an)|"
            rf"decided\s+against\s+(?:a|an)|passe[sd]\s+on\s+(?:a|an)|"
            rf"won[’']t\s+(?:get|have|see|be\s+getting|be\s+returning\s+for|return\s+for|"
            rf"be\s+back\s+for)\s+(?:a|an)?|will\s+not\s+(?:get|have|return\s+for|be\s+returning"
            rf"\s+for)\s+(?:a|an)?|not\s+(?:get|getting|receive|receiving)\s+(?:a|an)|without\s+"
            rf"(?:a|an))\s*(?:(?P<a>{_ORDN})\s+season|season\s+(?P<b>\d{{1,2}}|{_NUM}))\b",
            re.I,
        ),
    ),
    (
        "next",
        re.compile(
            rf"\b(?:not\s+to|won[’']t|will\s+not|did\s+not|didn[’']t)\s+(?:be\s+)?"
            rf"(?:renew(?:ed)?|bring\s+back|brought\s+back)\s+"
            rf"(?:\S+\s+){{0,6}}?for\s+(?:a|an)\s+(?:(?P<a>{_ORDN})\s+season|season\s+(?P<b>\d{{1,2}}))",
            re.I,
        ),
    ),
    (
        "next",
        re.compile(
            rf"\bdespite\s+(?:a\s+|an\s+|its\s+|being\s+renewed\s+for\s+(?:a\s+)?)?"
            rf"(?:(?P<a>{_ORDN})\s+season|season\s+(?P<b>\d{{1,2}}))",
            re.I,
        ),
    ),
    (
        "next",
        re.compile(
            rf"\b(?:its|an?)\s+(?:already[- ])?(?:ordered|renewed|planned|promised|completed|"
            rf"filmed|finished)\s+(?P<a>{_ORDN})\s+season\b",
            re.I,
        ),
    ),
    (
        "count",
        re.compile(
            rf"\b(?:after|following|with(?:out)?\s+just|over|across)\s+(?:just\s+|only\s+|a\s+mere\s+"
            rf"|its\s+|their\s+)?(?P<a>{_CARD})(?:[- ]{_UNIT}|\s+(?:full\s+|short\s+)?{_UNIT})\b",
            re.I,
        ),
    ),
    (
        "count",
        re.compile(
            rf"\b(?:after|following)\s+(?:just\s+|only\s+)?(?:its|their|one|a)\s+"
            rf"(?P<a>{_ORD})\s+(?:season|run|outing|series)\b",
            re.I,
        ),
    ),
    ("count", re.compile(r"\bafter\s+(?:just\s+|only\s+)?(?P<a>one)\s+go\b", re.I)),
    (
        "count",  # "after 14 years and 20 seasons": the seasons, not the years
        re.compile(
            rf"\b(?:after|following)\s+[^.;]{{0,30}}?\band\s+(?P<a>{_CARD})\s+{_UNIT}\b", re.I
        ),
    ),
    ("count", re.compile(r"\bafter\s+season\s+(?P<a>\d{1,2})\b", re.I)),
    ("count", re.compile(r"\b(?P<a>one)[- ](?:and[- ]done|season[- ]wonder)\b", re.I)),
    ("count", re.compile(r"\b(?P<a>freshman|sophomore)\s+(?:series|show|drama|comedy)\b", re.I)),
    (
        "target",
        re.compile(
            rf"\b(?P<a>{_ORDN})(?:[- ]and[- ]final)?(?:\s+|-)"  # "second seasons"; "second-season"
            rf"(?:seasons?|series|installment|go-round|cycle|run)\b",
            re.I,
        ),
    ),
    ("target", re.compile(r"\b(?:season|series|temporada)\s+(?P<a>\d{1,2})\b", re.I)),
    (
        "target",
        re.compile(
            rf"\bfor\s+(?:a|an)\s+(?P<a>{_ORDN})\b(?!\s+(?:time|look|chance|round|straight|"
            rf"consecutive|year|week|day|episode|installment|part|film|movie))",
            re.I,
        ),
    ),
    ("target", re.compile(rf"\bseason\s+(?P<a>{_NUM})\b", re.I)),
    ("target", re.compile(r"\bS(?P<a>\d{1,2})\b")),
    (
        "count",  # a bare count, read last: "14 years, 20 seasons and hundreds of episodes"
        re.compile(
            rf"(?<!more )(?<!additional )(?<!extra )(?<![-\w])(?P<a>{_CARD})\s+seasons\b"
            r"(?!\s+(?:more|later|ago)\b)",
            re.I,
        ),
    ),
]


# Words without which each pattern above (same order) cannot match; () = no gate.
GATES: list[tuple[str, ...]] = [
    ("seasons",),
    ("final", "last"),
    (" and ", " & "),
    ("end", "wrap", "conclu", "clos"),
    ("no", "not", "against", "won", "without", "passe"),
    ("renew", "bring back", "brought back"),
    ("despite",),
    ("ordered", "renewed", "planned", "promised", "completed", "filmed", "finished"),
    ("after", "following", "with", "over", "across"),
    ("after", "following"),
    (" go",),
    (" and ",),
    ("after season",),
    ("done", "wonder"),
    ("freshman", "sophomore"),
    ("season", "series", "install", "go-round", "cycle", "run"),
    ("season", "series", "temporada"),
    ("for a",),
    ("season",),
    (),
    ("seasons",),
]

# Every pattern above needs one of these words (or an "S2"-style short form).
_ANY_SEASON = re.compile(
    r"season|series|install|year|outing|run|cycle|\bgo\b|go-round|freshman|sophomore|S\d|"
    r"\bfor\s+an?\b|done|wonder",
    re.I,
)


@dataclass(frozen=True)
class SeasonMention:
    """A season phrase, what its number means, and where it is."""

    kind: str
    value: int
    start: int
    end: int
    extra: int | None = None  # second season of a "multi" mention


def season_mentions(text: str) -> list[SeasonMention]:
    """Return every season phrase in `text`, earlier and more specific ones first."""
    return list(_season_mentions(text))


@lru_cache(maxsize=4096)
def _season_mentions(text: str) -> tuple[SeasonMention, ...]:
    found: list[SeasonMention] = []
    if not _ANY_SEASON.search(text):
        return ()
    taken: list[tuple[int, int]] = []
    low = text.lower()
    for (kind, pattern), gate in zip(PATTERNS, GATES, strict=True):
        if gate and not any(g in low for g in gate):
            continue
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if kind == "target" and re.search(
                r"\b(?:than|like|since|until|into|during|through|throughout)\s+$",
                text[: m.start()],
                re.I,
            ):
                continue  # a comparison ("shorter than Season 4"), not the season decided
            raw = m.group("a") or (m.groupdict().get("b") or "")
            value = number_value(raw)
            if value is None:
                continue
            extra = None
            if kind == "multi":
                extra = number_value(m.group("b"))
            found.append(SeasonMention(kind, value, m.start(), m.end(), extra))
            taken.append((m.start(), m.end()))
    return tuple(sorted(found, key=lambda s: s.start))
