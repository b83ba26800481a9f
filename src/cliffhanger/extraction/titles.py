"""Finding show titles in a sentence: quoted, italic (quoted by the HTML stage) and bare.

A bare title is a run of capitalised words (and the small words titles keep
inside them), read leftwards or rightwards from a decision word. Title-case
headlines capitalise everything, so a run also stops at words that end a
title in practice ("After One Season", "For Season 2", "At Netflix").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cliffhanger.extraction.lexicon import (
    DESCRIPTOR_ALTERNATION,
    MONTH_ALTERNATION,
    WEEKDAY_ALTERNATION,
    is_adverb,
    network_pattern,
)


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: its text and where it sits."""

    text: str
    start: int
    end: int
    quoted: bool = False


# Opening quote: at the start, or after a space or bracket; never inside a word.
_QUOTED = re.compile(
    r"""(?=[‘’“'"])  # each branch opens with one of these: the engine skips other places
        (?:(?<=^)|(?<=[\s(\[|:;,—–-]))
        (?:‘(?P<a>[^‘\n]{1,90}?(?:in’\s[^‘’\n]{1,40}?)?)’(?=[^\w]|$)
          |’(?P<e>[^‘’\n]{1,90}?)’(?=[^\w]|$)
          |“(?P<b>[^“”\n]{1,90}?)”
          |'(?P<c>(?:[^'\n]|'(?=[a-zA-Z]))+?)'(?=[^\w]|$|['’]s\b)
          |"(?P<d>[^"\n]{1,90}?)"
        )""",
    re.VERBOSE,
)

CONNECTORS = {
    "of", "the", "and", "&", "in", "on", "a", "an", "to", "with", "for", "at", "from", "is",
    "it", "my", "your", "our", "his", "her", "or", "vs", "vs.", "de", "la", "le", "du", "von",
    "van", "no", "not", "be", "me", "you", "we", "us", "are", "was", "i", "by", "into", "as",
    "del", "der", "und", "y", "en",
}  # fmt: skip
# Capitalised words that end a bare title in title-case headlines (after its first word).
STOP_WORDS = {
    "after", "for", "at", "by", "following", "despite", "amid", "ahead", "before", "through",
    "until", "over", "season", "seasons", "series", "renewed", "canceled", "cancelled",
    "axed", "scrapped", "ordered", "picked", "gets", "got", "lands", "scores", "will", "won't",
    "to", "is", "has", "was", "are", "have", "had", "ends", "ending", "returns", "returning",
    "revival", "reboot", "renewal", "cancellation", "officially", "set", "sets", "as", "with",
    "on", "in", "and", "&", "not", "no", "greenlit", "greenlights", "confirmed", "announced",
    "premieres", "premiere", "finale", "final", "coming", "comes", "nabs", "earns", "also",
    "quietly", "reportedly", "been", "be", "won’t", "isn't", "isn’t", "but", "from", "per",
    "via", "why", "how", "when", "what", "who", "where", "creator",
    "showrunner", "boss", "cast", "episode", "episodes", "part", "chapter", "vol",
    "says", "said", "say", "try", "going", "talks", "reveals", "explains", "teases", "joins",
    "join", "loses", "blames", "begins", "wants", "hopes", "thinks", "starring",
    "interview", "exclusive", "review", "recap", "trailer", "teaser", "promo", "report",
}  # fmt: skip
# Words that introduce a title without being part of it.
# Words that introduce a title without being part of it ("the legal drama Partner Track").
_DESCRIPTOR_WORD = rf"(?:{DESCRIPTOR_ALTERNATION}|[\w-]+-starring|[\w-]+-led|[\w-]+-produced)"
DESCRIPTORS = re.compile(
    rf"""^(?:(?:(?:the|its|their|his|her|a|an)\s+)?(?:{_DESCRIPTOR_WORD}\s+)+|(?:its|their)\s+)""",
    re.VERBOSE | re.IGNORECASE,
)
_WORD = re.compile(r"[^\s]+")
# Shows named by a pronoun ("You", "Us"): a span may be one, the caller decides if it is
PRONOUN_TITLES = {"You", "Us", "It", "Them"}
_YEAR = re.compile(r"^(?:19|20)\d\d\b")
_ORDINAL_NUMBER = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
_INTRODUCES_PEOPLE = {
    "starring", "featuring", "from", "by", "with", "created", "produced", "directed", "written",
    "led", "hosted", "stars", "star", "actor", "actress", "director", "writer", "producer",
    "creator", "showrunner", "host", "co-star", "alongside", "opposite", "said", "says",
}  # fmt: skip
# After a decision verb these start a phrase, never a title ("renewed For Season 2").
_LEADING_PREPOSITIONS = {
    "after", "for", "at", "by", "following", "despite", "amid", "ahead", "before", "through",
    "until", "over", "to", "on", "in", "with", "as", "from", "per", "via", "season", "seasons",
    "series", "officially", "also", "and", "&",
}  # fmt: skip
_ABBREVIATION = re.compile(r"^(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Vol|No|Co|Inc|Ltd)\.$|^(?:\w\.){2,}$")
_TITLE_TOKEN = re.compile(r"""^[“"‘'(]?(?:[A-Z0-9À-Ý]|\$|#|¡|¿)[\w'’!?.&*+:$#,-]*$""")
PRONOUN_REFS = re.compile(
    r"""^(?:it|the\s+(?:[\w.’'-]+[\s-]+){0,3}?(?:series|show|drama|comedy|dramedy|sitcom|thriller|
        procedural|anthology|adaptation|reboot|revival|spinoff|spin-off|prequel|sequel|
        docuseries|program|programme|streamer's\s+\w+|title|project|saga|franchise))$""",
    re.VERBOSE | re.IGNORECASE,
)


_SEASON_SUFFIX = re.compile(
    r"\s*(?:[-–:|]\s*)?(?:(?:the\s+)?final\s+season|season\s+\d{1,2}|part\s+\d{1,2}|"
    r"s\d{1,2})\b.*$",
    re.IGNORECASE,
)


_GENRE_TAIL = re.compile(r"(?:\s+(?:anime|series|revival|reboot|spinoff|docuseries))+$", re.I)


_DATE_SUFFIX = re.compile(
    rf"\s+(?:in|on|by|at|this|last|next|since|until)\s+(?:(?:early|late|mid-?)\s*)?"
    rf"(?:(?:{MONTH_ALTERNATION})\.?(?:\s+\d{{1,2}})?(?:,?\s+(?:19|20)\d\d)?|(?:19|20)\d\d|"
    rf"(?:{WEEKDAY_ALTERNATION})(?:\s+night)?)$",
    re.IGNORECASE,
)


def clean_title(text: str) -> str:
    """Return a title without the season, part or date it was named with.

    "X The Final Season" -> "X"; "Tin Crown in September" -> "Tin Crown" (a
    bare run that ran on into a date).
    """
    base = _SEASON_SUFFIX.sub("", text).strip(" -–:|")
    base = _DATE_SUFFIX.sub("", base).strip()
    return base if len(base) >= 2 else text


def quoted_spans(sentence: str) -> list[Span]:
    """Return the quoted stretches of a sentence that look like titles."""
    return list(_quoted_spans(sentence))


@lru_cache(maxsize=4096)
def _quoted_spans(sentence: str) -> tuple[Span, ...]:
    # Cached: events and facts both ask for the titles of the same sentences.
    spans: list[Span] = []
    for m in _QUOTED.finditer(sentence):
        group = next(g for g in ("a", "b", "c", "d", "e") if m.group(g) is not None)
        text = m.group(group).strip()
        start = m.start(group)
        text = re.sub(r"[’']s$", "", text).strip()
        text = text.rstrip(",;:")
        if text.endswith(".") and not _ABBREVIATION.match(text.split()[-1]):
            text = text.rstrip(".")
        if looks_like_title(text):
            spans.append(Span(clean_title(text), start, start + len(text), quoted=True))
    return tuple(spans)


def looks_like_title(text: str) -> bool:
    """Return True if a quoted stretch reads as a title rather than a quotation."""
    words = text.split()
    if not words or len(words) > 10:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "¡¿$#"):
        return False
    content = [w for w in words if w.lower() not in CONNECTORS] or words  # "You", "Us"
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit() or not w[0].isalpha())
    return caps / len(content) >= 0.6


def network_spans(sentence: str) -> list[Span]:
    """Return the network names in a sentence, as spans (`network_spans_each`'s when found)."""
    known = _EACH.get(sentence)
    return list(known if known is not None else _network_spans(sentence))


# The spans `network_spans_each` found, per text, for `network_spans` to reuse (the
# phrase rules read all of a document's sentences first, then the mention stage the
# same ones); `extraction.clear_caches` empties it, and it never holds more than a
# few documents' sentences.
_EACH: dict[str, tuple[Span, ...]] = {}
_EACH_MAX = 4096


@lru_cache(maxsize=4096)
def _network_spans(sentence: str) -> tuple[Span, ...]:
    # Cached like `_quoted_spans`: the mention stage reads a sentence's networks twice
    # (title stops, then network mentions); `extraction.clear_caches` empties it.
    return tuple(Span(m.group(0), m.start(), m.end()) for m in network_pattern().finditer(sentence))


def network_spans_each(texts: list[str]) -> list[list[Span]]:
    """Return the network spans of each text, found in one pass over all of them.

    The same spans as `network_spans` of each text: no surface form holds a line
    break or starts with one, and the pattern's look-arounds (`(?<![\\w+])`,
    `(?![\\w+])`) read the joining line break as they read a text's edge.
    """
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    out: list[list[Span]] = [[] for _ in texts]
    i = 0
    for m in network_pattern().finditer("\n".join(texts)):
        while i + 1 < len(starts) and starts[i + 1] <= m.start():
            i += 1
        base = starts[i]
        out[i].append(Span(m.group(0), m.start() - base, m.end() - base))
    if len(_EACH) + len(texts) > _EACH_MAX:
        _EACH.clear()
    _EACH.update((t, tuple(spans)) for t, spans in zip(texts, out, strict=True))
    return out


def clear_network_spans() -> None:
    """Forget the spans `network_spans_each` found (`extraction.clear_caches`)."""
    _EACH.clear()


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_title_word(word: str) -> bool:
    return bool(_TITLE_TOKEN.match(word))


def bare_title_after(
    sentence: str,
    pos: int,
    stop_at: int | None = None,
    in_list: bool = False,
    leading_ok: bool = False,
) -> Span | None:
    """Return the bare title that starts at or just after `pos` (descriptors skipped).

    Inside a list ("A, B and C") an "and" ends an item rather than joining a title.
    """
    end_limit = len(sentence) if stop_at is None else stop_at
    rest = sentence[pos:end_limit]
    lead = len(rest) - len(rest.lstrip())
    d = DESCRIPTORS.match(rest.lstrip())
    skip = lead + (d.end() if d else 0)
    # A title is at most 90 characters (`validate.valid_title`): read no further, so that
    # a sentence-long list costs each item its own length, not the sentence's.
    tokens = _tokens(sentence[pos + skip : min(end_limit, pos + skip + 200)])
    base = pos + skip
    words: list[tuple[str, int, int]] = []
    for i, (w, s, e) in enumerate(tokens):
        bare = w.strip(',.;:!?)("“”')
        low = bare.lower()
        if any(q in w for q in '‘’“”"') or w.startswith("'") or w.endswith("'"):
            break
        if in_list and words and low in {"and", "&"}:
            break
        if words and low in STOP_WORDS and not (low in CONNECTORS and _next_is_title(tokens, i)):
            break
        leading = not words and low in _LEADING_PREPOSITIONS and not leading_ok
        joins = words and low in CONNECTORS and _next_is_title(tokens, i)
        if (_is_title_word(w) and not leading) or joins:
            words.append((w, s, e))
        else:
            break
        if w.endswith((",", ";", ".", ")", "?")) and not _ABBREVIATION.match(w):
            break
    while words and words[-1][0].strip(",.") in CONNECTORS:
        words.pop()  # "X for Season 2": the small word joined a word the title stops at
    return _span_from(sentence, words, base)


def bare_title_before(sentence: str, pos: int) -> Span | None:
    """Return the bare title that ends just before `pos` and starts a clause.

    In title-case headlines every word is capitalised, so a run that does not
    reach the start of the sentence (or a comma, colon, dash) is not trusted.
    """
    tokens = _tokens(sentence[:pos])
    if tokens and tokens[-1][0].endswith((",", ";", "|", "—", "–")):
        return None
    if tokens and tokens[-1][0].endswith(":"):
        # "Black Monday: Cancelled" - a title-colon headline, only from the very start.
        span = bare_title_before(sentence, tokens[-1][2] - 1)
        return span if span and span.start == 0 else None
    words: list[tuple[str, int, int]] = []
    boundary = True
    for i in range(len(tokens) - 1, -1, -1):
        w, s, e = tokens[i]
        if words and w.endswith(":") and _is_title_word(w) and _subtitle_start(tokens, i):
            words.insert(0, (w, s, e))  # "CSI: Vegas" - a title with a subtitle
            continue
        if words and w.endswith((",", ";", ":", ")", "|", "—", "–")):
            boundary = True
            break
        if w.endswith(("’", "'", "”", '"')):
            boundary = False
            break
        if w in {"|", "—", "–", "-"} or any(q in w for q in '‘“"') or w.startswith("'"):
            boundary = w in {"|", "—", "–", "-"}
            break
        low = w.strip(',.;:!?"“”').lower()
        if network_pattern().fullmatch(re.sub(r"[’']s$", "", w)) and w.endswith(("’s", "'s")):
            boundary = True  # "HBO's Euphoria": the network's show starts here
            break
        if network_pattern().fullmatch(w.strip(",.;:’'")):
            boundary = False
            break
        if low in STOP_WORDS and low not in CONNECTORS and w[:1].isupper():
            boundary = False  # title case: "Kali Reis Joins …" is not where a title starts
            break
        if _is_title_word(w) or (words and low in CONNECTORS):
            words.insert(0, (w, s, e))
        else:
            # "the drama starring Jason Momoa was renewed": a person, not a title
            boundary = not w[0].isupper() and low not in _INTRODUCES_PEOPLE
            break
    if not boundary:
        return None
    if words and is_adverb(words[-1][0]):
        return None  # "The Famously Canceled …": an adverb, not the end of a title
    while words and words[0][0].lower() in CONNECTORS - {"the", "a", "an", "no", "my", "you"}:
        words.pop(0)
    while words and words[-1][0].strip(",.").lower() in CONNECTORS:
        words.pop()
    return _span_from(sentence, words, 0)


def _subtitle_start(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Return True if the "Word:" at `i` begins a title: it opens a clause in running text."""
    if i == 0:
        return False  # "Westworld: James Marsden returns" - a headline topic, not a title
    before = tokens[i - 1][0]
    return before.endswith((",", ";")) or before.lower() in CONNECTORS or before.islower()


def _next_is_title(tokens: list[tuple[str, int, int]], i: int) -> bool:
    for w, _, _ in tokens[i + 1 : i + 3]:
        low = w.strip(",.;:!?").lower()
        if _YEAR.match(low) or _ORDINAL_NUMBER.match(low):
            return False  # "for the 2023-24 season", "for a 23rd season": not more title
        if _is_title_word(w) and low not in STOP_WORDS:
            return True
        if low in CONNECTORS:
            continue
        return _is_title_word(w) and low not in STOP_WORDS
    return False


def _span_from(sentence: str, words: list[tuple[str, int, int]], base: int) -> Span | None:
    if not words:
        return None
    start, end = base + words[0][1], base + words[-1][2]
    text = sentence[start:end]
    stripped = text.rstrip(",;:")
    if stripped.endswith(".") and not _ABBREVIATION.match(stripped.split()[-1]):
        stripped = stripped.rstrip(".")
    if stripped.endswith(("’s", "'s")):
        stripped = stripped[:-2]
    lead = len(text) - len(text.lstrip("“\"‘'("))
    stripped = stripped.lstrip("“\"‘'(").rstrip("”\"’')")
    stripped = _GENRE_TAIL.sub("", stripped.rstrip("-–"))
    if not stripped or (stripped.lower() in CONNECTORS and stripped not in PRONOUN_TITLES):
        return None
    return Span(stripped, start + lead, start + lead + len(stripped))
