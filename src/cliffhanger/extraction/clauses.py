"""Stage 3, clauses: the grammatical slot each title fills relative to a decision cue.

A cue governs the titles in its argument slots; other titles in the same
sentence are bystanders. The slots, read from the words between a title and
the cue (offsets only; no parser, so a blank pipeline or none is enough):

- ``object``: right after an active cue, behind at most a determiner and a
  descriptor ("has renewed its legal drama, X", "greenlit the series"), or
  after a nominalised cue's "of" ("the final season of X");
- ``list``: coordinated with an object or another list member, each member
  with its own parenthesis ("canceled A (after one season), B and C");
- ``colon_list``: after a nominalised cue and a colon ("the cancellation of
  three series: A, B and C");
- ``subject``: before the cue behind auxiliaries and adverbs only ("X has been
  canceled", "X didn't make it past", "X is coming to an end", "X's renewal");
- ``relative``: a relative clause about the title ("X, which the streamer
  renewed in March,"; "X, which was canceled");
- ``other``: anything else (a bystander, or a title the scorer must judge).

`member_paren` returns the parenthesis a list member carries, so that each
member's season is read from its own words ("Tin Crown (after five seasons)").
The patterns follow English clause structure as described in Quirk et al.,
*A Comprehensive Grammar of the English Language* (1985), ch. 13 (coordination)
and 17 (relative clauses), reduced to what news sentences use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from cliffhanger.extraction.lexicon import FORMAT_ALTERNATION

OBJECT, LIST, COLON_LIST, SUBJECT, RELATIVE, OTHER = (
    "object",
    "list",
    "colon_list",
    "subject",
    "relative",
    "other",
)
ROLES = (OBJECT, LIST, COLON_LIST, SUBJECT, RELATIVE, OTHER)


class _Span(Protocol):
    """Anything with character offsets (a `Mention`, a `Cue`)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_DESCRIPTOR = rf"(?:[\w’'+!-]+\s+){{0,3}}?(?:{FORMAT_ALTERNATION}|competition|hit|favou?rite)"
# "a raft of originals last month, including": a plural head, a time, then the members
_GROUP_HEAD = (
    rf"(?:[\w’'+!-]+\s+){{0,3}}?(?:{FORMAT_ALTERNATION}|competition|hit|favou?rite|original|"
    r"title|project)"
)
_WHEN = r"(?:(?:last|this|earlier\s+this)\s+(?:week|month|year)|on\s+[A-Z][a-z]+day)"
_OBJECT_GAP = re.compile(
    rf"^\s*(?:of\s+)?(?:(?:the|its|their|his|her|a|an|both|fan-favou?rite|hit|beloved)\s+)?"
    rf"(?:{_GROUP_HEAD}s?\s*,?\s*(?:{_WHEN}\s*,?\s*)?(?:(?:including|such\s+as|like|namely)\s+)?)?"
    r"(?:[A-Z][\w-]*[’']s\s+)?$",  # "including Buccaneer’s X": a producer's possessive
    re.I,
)
# "gave X a series order", "handed X and Y second-season renewals": the title is the
# indirect object of a verb of giving, the cue its direct object
_GIVE_BEFORE = re.compile(
    r"\b(?:gave|give|gives|giving|given|handed|hands|handing|granted|grants|awarded|awards)"
    r"\s+(?:the\s+)?$",
    re.I,
)
# A nominal cue's recipient: "the green light to X", "a series order for X", "the go-ahead to X"
_NOMINAL_CUE = re.compile(
    r"(?:light|lit|orders?|renewals?|go[\s-]ahead|pickups?|commitments?)$", re.I
)
_NOMINAL_TO = re.compile(r"^\s*(?:to|for)\s", re.I)
_GIVE_GAP = re.compile(r"^\s*(?:(?:an?|another|its|their)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_PAREN = re.compile(r"^\s*\([^()]{0,80}\)")
_LIST_SEP = re.compile(
    r"^[!?]?\s*(?:,\s*(?:and|&|plus|as\s+well\s+as)?|;|\s(?:and|&|plus|as\s+well\s+as))"
    r"\s*(?:the\s+)?$",  # "Jeopardy!, Shark Tank": a title's own ! or ? before the comma
    re.I,
)
_COLON_GAP = re.compile(r"^[^.;:!?()]{0,70}:\s*(?:the\s+)?$", re.I)
_SUBJECT_GAP = re.compile(
    r"^\s*[’']s?\s+(?:[a-z-]+\s+){0,2}$"  # "X’ disappointing final season": a nominal cue
    r"|^\s*(?:[’']s\s+)?(?:\([^()]{0,80}\)\s*,?\s*)?(?:,\s*(?:which|that)\s+)?"
    r"(?:(?:has|have|had|is|was|were|will|would|be|been|being|is\s+now|has\s+now|"
    r"officially|also|now|just|reportedly|already|quietly|formally|finally|ultimately|"
    r"not|never|won[’']t|didn[’']t|did|does|doesn[’']t|is\s+set\s+to|are|got|gets|getting|"
    r"has\s+officially|will\s+officially)\s+)*(?:[a-z]+\s+(?:\w+\s+)?its\s+)?$",
    re.I,
)
_RELATIVE_GAP = re.compile(
    rf"^\s*,\s*(?:(?:an?|the|its|their)\s+(?:[\w’'+-]+\s+){{0,3}}?(?:{FORMAT_ALTERNATION})\s+)?"
    r"(?:which|that)\s+(?:(?:the\s+[\w+-]+|[A-Z][\w+!&.-]*(?:\s+[A-Z][\w+!&.-]*){0,2}|it|they)"
    r"\s+)?(?:(?:has|had|have|was|were|is|been|originally|first|previously|already|also|"
    r"officially|then|later)\s+)*$"
)

# a participle or "in" phrase about the title: "X, headed into its fifth and final season"
_PARTICIPLE_GAP = re.compile(
    r"^\s*,\s*(?:now\s+)?(?:(?:headed|heading|going|entering)\s+(?:in)?to|in)\s+"
    r"(?:its|their)\s+(?:\w+\s+and\s+)?$",
    re.I,
)

_QUOTES = re.compile(r"[“”\"]|‘|(?<!s)’(?!s\b)")  # "Skies’ final season" keeps its ’
_VERBAL = re.compile(r"^(?:\w+(?:ed|en|lit|cut|set)|.*\s.*)$", re.I)


def roles(
    text: str, cue: _Span, mentions: Sequence[_Span], ordered: bool = False, of_ok: bool = True
) -> list[str]:
    """Return one role name (see the module docstring) per mention, in the mentions' order.

    `cue` and `mentions` carry character offsets into `text`; mentions must be
    sorted by start; `ordered` is True for an order cue, whose possessive is an
    owner ("Hulu's new series"), not a subject; `of_ok` is False where "<cue>
    of X" names a remake, not a decision ("a reboot of X"). Raises nothing; a mention
    overlapping the cue is ``other``.
    """
    text = _QUOTES.sub(" ", text)  # offsets kept: "renewed “A,” “B”" reads as "renewed  A,   B "
    out = [OTHER] * len(mentions)
    after = [i for i, m in enumerate(mentions) if m.start >= cue.end]
    before = [i for i, m in enumerate(mentions) if m.end <= cue.start]
    if after:
        first = after[0]
        gap = text[cue.end : mentions[first].start]
        head = None
        to = _NOMINAL_TO.match(gap) if _NOMINAL_CUE.search(text[cue.start : cue.end]) else None
        if to:  # "gave the green light to X", "a series order for X"
            gap = gap[to.end() :]
        if _OBJECT_GAP.match(gap) and (of_ok or not gap.lstrip().startswith("of ")):
            head = OBJECT
        elif _COLON_GAP.match(gap):
            head = COLON_LIST
        if head is not None:
            out[first] = head
            prev = first
            for i in after[1:]:
                link = text[_member_end(text, mentions[prev]) : mentions[i].start]
                if not _LIST_SEP.match(link) or _one_word_pair(
                    text, mentions[prev], mentions[i], link
                ):
                    break
                out[i] = LIST if head == OBJECT else COLON_LIST
                prev = i
    if before:
        last = before[-1]
        gap = text[_member_end(text, mentions[last]) : cue.start]
        given = _given_to(text, mentions, before, gap)
        if given is not None:
            for i in before[before.index(given) :]:
                out[i] = OBJECT if i == given else LIST
        elif not gap.strip() and not _VERBAL.match(text[cue.start : cue.end]):
            pass  # "the Dexter revival", "X reboot": a compound names a thing, states nothing
        elif _SUBJECT_GAP.match(gap) and not (gap.lstrip().startswith(("’s", "'s")) and ordered):
            out[last] = SUBJECT
            _coordinated_subjects(text, mentions, before, out)
        elif _RELATIVE_GAP.match(text[mentions[last].end : cue.start]) or _PARTICIPLE_GAP.match(
            text[mentions[last].end : cue.start]
        ):
            out[last] = RELATIVE
    return out


def _given_to(text: str, mentions: Sequence[_Span], before: list[int], gap: str) -> int | None:
    """Return the first indirect object of a verb of giving whose direct object is the cue
    ("gave A and B a series order" -> A's index), or None."""
    if not _GIVE_GAP.match(gap):
        return None
    k = len(before) - 1
    while k > 0:
        i, j = before[k - 1], before[k]
        if not _LIST_SEP.match(text[_member_end(text, mentions[i]) : mentions[j].start]):
            break
        k -= 1
    first = before[k]
    start = mentions[first].start
    return first if _GIVE_BEFORE.search(text[max(0, start - 40) : start]) else None


def _one_word_pair(text: str, a: _Span, b: _Span, link: str) -> bool:
    """Return True for one-word names joined by a bare "and": maybe one title ("Law and Order")."""
    one = " " not in text[a.start : a.end].strip() or " " not in text[b.start : b.end].strip()
    return one and "," not in link


def _coordinated_subjects(
    text: str, mentions: Sequence[_Span], before: list[int], out: list[str]
) -> None:
    """'A, B and C were canceled': every member of a list that is the subject is one."""
    for k in range(len(before) - 1, 0, -1):
        i, j = before[k - 1], before[k]
        if not _LIST_SEP.match(text[_member_end(text, mentions[i]) : mentions[j].start]):
            return
        out[i] = SUBJECT


def _member_end(text: str, m: _Span) -> int:
    """Return where a list member ends: after its own parenthesis, if it has one."""
    paren = member_paren(text, m)
    return paren[1] if paren else m.end


def member_paren(text: str, m: _Span) -> tuple[int, int] | None:
    """Return the (start, end) offsets of the parenthesis right after a mention, or None."""
    p = _PAREN.match(text[m.end : m.end + 100])
    return (m.end, m.end + p.end()) if p else None
