"""Finding the decision words (`triggers.TRIGGERS`) in a sentence, behind cheap gates.

Each trigger names the words without which it cannot match (`GATES`, some a second
set as well, `ALSO`); the words form a containment tree whose roots (`ROOT_KEYS`)
make one automaton, `may_trigger`, the sentence gate of the phrase rules.
`find_triggers` reads a trigger's verbose pattern only where its words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cliffhanger.extraction.cues import lead
from cliffhanger.extraction.triggers import TRIGGERS, Trigger

# Words without which a trigger cannot match: a substring test on the lower-cased
# sentence is far cheaper than the verbose patterns, and most sentences fail it.
GATES: dict[str, tuple[str, ...]] = {
    "cancel-active": (
        "cancel",
        "axe",
        "scrap",
        "nix",
        "cans ",
        "plug",
        "renew",
        "forward",
        "boot",
        "chop",
        "bring back",
        "decided against",
        "passed on",
        "passes on",
    ),
    "cancel-dropped": ("dropped", "ditched", "dumped", "let go", "parted"),
    "cancel-verb": ("cancel", "axed", "scrapp", "nixed", "shelved", "canned"),
    "cancel-no-next": ("season",),
    "cancel-chop": ("chop", "axe", " ax", "boot", "hook"),
    "cancel-not-return": ("return", "back"),
    "cancel-not-forward": ("forward",),
    "cancel-done": ("done after", "over after", "finished after"),
    "cancel-casualty": ("among the",),
    "cancel-ending-after": ("ending after",),
    "final-end-with": ("end", "wrap", "conclud"),
    "final-will-be-last": ("last", "final"),
    "final-and-final": ("final season", "last season"),
    "final-season-noun": ("final season", "last season"),
    "final-airs-last": ("final episode", "last episode"),
    "final-series-finale": ("series finale",),
    "final-order": ("final season", "final-season"),
    "final-end-active": ("to end", "to conclude", "to wrap up"),
    "final-final-episodes": ("final episode",),
    "final-decision": ("to end",),
    "revive-noun": ("revival",),
    "revive-verb": ("revived", "rescued", "resurrected"),
    "revive-active": ("reviv", "rescu", "resurrect", "saved"),
    "revive-return-after": ("return", "coming back", "comes back"),
    "revive-return-series": ("return",),
    "revive-new-home": ("new home",),
    "revive-picked-up-by": ("cancel",),
    "renew-active": ("renew",),
    "renew-acquired": ("acquire",),
    "renew-bring-back": ("bring back", "bringing back", "brought back", "brings back"),
    "renew-renewals-to": ("renewals to", "renewal to"),
    "renew-picked-up": ("picked", "picks"),
    "renew-verb": ("renewed",),
    "renew-gets": ("renewal", "pickup", "pick-up"),
    "renew-gets-season": ("season", "series"),
    "renew-set-for": ("set for",),
    "renew-return-for": ("return", "back"),
    "renew-returning-at": ("returning", "coming back"),
    "renew-season-confirmed": ("season", "series"),
    "renew-season-of-announced": ("season", "series"),
    "renew-orders-season": ("season",),
    "renew-gives": ("renewal", "season"),
    "order-active": ("order", "greenl", "green-l", "commission"),
    "order-verb": ("order", "greenl", "green-l", "commission"),
    "order-gets": ("order", "green", "go-ahead"),
    "order-announce": ("announc", "unveil", "set", "land", "order"),
    "order-adapted": ("adapted",),
    "order-noun": ("series", "anime", "show"),
    "order-tv-series": ("getting a",),
}


# A second gate some triggers must pass too: one of these words as well.
ALSO: dict[str, tuple[str, ...]] = {
    "renew-gets-season": ("get", "got", "score", "land", "earn", "nab", "receiv", "secur"),
    "cancel-no-next": ("won", "will not", "not going", "isn"),
    "renew-orders-season": ("order", "greenl", "confirm", "announc"),
    "renew-season-of-announced": (
        "announced", "confirmed", "ordered", "greenlit", "happening", "official",
    ),
    "renew-season-confirmed": (
        "announced", "confirmed", "ordered", "greenlit", "green-lit", "happening", "official",
        "a go",
    ),
    "renew-gives": ("give", "gave", "hand"),
    "order-noun": (
        "order", "greenlit", "green-lit", "announced", "confirmed", "a go", "lands", "set at",
        "coming to", "straight-to",
    ),
    "final-end-with": ("season", "series"),
}  # fmt: skip

# gate word -> indexes (in priority order) of the triggers it opens
_BY_KEY: dict[str, list[int]] = {}
for _i, _trig in enumerate(TRIGGERS):
    for _key in GATES[_trig.name]:
        _BY_KEY.setdefault(_key, []).append(_i)


# Gate words form a tree by containment ("renew" holds "renewed", "renewal to"):
# only the children of a word found need a look.
ROOT_KEYS = [k for k in _BY_KEY if not any(o != k and o in k for o in _BY_KEY)]
_CHILD_KEYS = {
    k: [c for c in _BY_KEY if c != k and k in c and not any(
        m not in (k, c) and k in m and m in c for m in _BY_KEY)]
    for k in _BY_KEY
}  # fmt: skip


# The sentence gate of the phrase rules: every root key in one automaton (a literal
# alternation), so a sentence with none (two in three of a gated article's) costs one
# search instead of a substring test per key.
_ANY_KEY = re.compile(lead("|".join(re.escape(k) for k in ROOT_KEYS)))


def may_trigger(low: str) -> bool:
    """Return True if a lower-cased sentence holds a gate word of some trigger."""
    return _ANY_KEY.search(low) is not None


@dataclass(frozen=True)
class TriggerMatch:
    """One trigger found in a sentence."""

    trigger: Trigger
    start: int
    end: int
    season: int | None = None  # a season number the pattern itself captured


def find_triggers(sentence: str) -> list[TriggerMatch]:
    """Return the non-overlapping triggers in a sentence, left to right."""
    found: list[TriggerMatch] = []
    low = sentence.lower()
    if not may_trigger(low):  # no root key: no trigger can match
        return found
    candidates: set[int] = set()
    stack = [k for k in ROOT_KEYS if k in low]
    while stack:
        key = stack.pop()
        candidates.update(_BY_KEY[key])
        stack.extend(k for k in _CHILD_KEYS[key] if k in low)
    for i in sorted(candidates):
        trig = TRIGGERS[i]
        also = ALSO.get(trig.name)
        if also is not None and not any(k in low for k in also):
            continue
        for m in trig.pattern.finditer(sentence):
            if m.end() == m.start():
                continue
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            n = m.groupdict().get("n")
            text = m.group(0)
            start = m.start() + len(text) - len(text.lstrip())
            end = m.end() - len(text) + len(text.rstrip())
            found.append(TriggerMatch(trig, start, end, int(n) if n else None))
    return sorted(found, key=lambda t: t.start)
