"""Whose decision: the show a decision word is about, and the network that decides.

A decision word looks left ("'Evil' renewed") or right ("CBS renewed Evil") for its
show: quoted titles, bare titles, lists, appositives, references back ("the series",
"it", "both"). `DocContext` carries what earlier sentences established.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cliffhanger.extraction.lexicon import (
    DESCRIPTOR_ALTERNATION,
    FORMAT_ALTERNATION,
    network_surface_map,
)
from cliffhanger.extraction.titles import (
    PRONOUN_REFS,
    Span,
    bare_title_after,
    bare_title_before,
)
from cliffhanger.extraction.trigger_search import TriggerMatch
from cliffhanger.extraction.validate import valid_title
from cliffhanger.model import StatusEvent

_DESCRIPTOR_WORDS = (
    rf"(?:{DESCRIPTOR_ALTERNATION}|docu-?\w*|[A-Z][a-z]+ian|[A-Z][a-z]+ese|british|american|"
    r"korean|japanese|spanish|french|german|uk|us|season\s+\d{1,2})"
)


_GAP_LEFT = re.compile(
    rf"""^(?:[’']s)?[\s,:]*(?:{_DESCRIPTOR_WORDS}[\s,-]+){{0,4}}
        (?:(?:from|by|starring|with|(?:hosted|created|written|produced|led|fronted)\s+by)\s+
        (?:[A-Z][\w’'.-]*\s+){{1,3}})?
        (?:\((?:[^()]{{0,40}})\)\s*)?$""",
    re.IGNORECASE | re.VERBOSE,
)


_SEASON_OF = re.compile(
    r"\s*(?:with\s+)?(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}?(?:season|seasons|installment|"
    r"(?<=nd |rd |th )series)"
    r"(?:\s+\d{1,2})?\s+of\s+",
    re.IGNORECASE,
)


_PLURAL_REF = re.compile(
    r"""(?:^|[.;:,]\s+|^\W*)(?:both(?:\s+(?:shows|series|comedies|dramas))?|they|the\s+pair|
        the\s+(?:two|three|four)\s+(?:shows|series|comedies|dramas|sitcoms)|each|
        all\s+(?:two|three|four|five)(?:\s+\w+)?)$""",
    re.IGNORECASE | re.VERBOSE,
)


_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|while|then|yet)\s*$", re.IGNORECASE)


_RELATIVE_END = re.compile(r",\s+(?:which|who)(?:\s+\w+){0,3}?\s*$", re.IGNORECASE)


_NAMED_APPOSITIVE = re.compile(
    r"""\b(?:its|the|a|an|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:spinoff|spin-off|prequel|
        sequel|series|show|drama|comedy|adaptation|revival|reboot|follow-up),\s+
        (?P<t>[A-Z0-9][^,;]{1,80}?),\s*$""",
    re.VERBOSE,
)


_FINAL_AT = re.compile(r"(?:\w+\s+and\s+)?(?:final|last)\s+season\b", re.IGNORECASE)


_VERB_ITS = re.compile(
    r"\s+(?:(?:will|to)\s+\w+|is\s+\w+ing|has\s+\w+ed|\w+ed|\w+s)\s+(?:its|their|the\s+show[’']s)\s*$",
    re.IGNORECASE,
)


_APPOSITIVE_END = re.compile(
    r""",\s+(?:the|a|an|which|who|about|starring|created|based|built|from|whose)\b[^,;]{0,120},\s*$""",
    re.IGNORECASE,
)
# What may follow an item of a list before the next item: an appositive, its own season.


_LIST_SKIP = re.compile(
    r"""(?:\s*,\s+(?-i:the|a|an)\s[^,;]{0,120}(?=,))?(?:\s+for\s+(?:a|an|its)\s+[\w-]+
        (?:\s+(?:and|&)\s+[\w-]+)?(?:\s+seasons?)?|\s+for\s+seasons?\s+[\w-]+
        (?:\s+(?:and|&|through|to)\s+[\w-]+)?)?""",
    re.IGNORECASE | re.VERBOSE,
)


_TRAILING_DESCRIPTORS = re.compile(rf"(?:\s+(?:{FORMAT_ALTERNATION}|tv))+$", re.IGNORECASE)


_NETWORK_WORDS = "|".join(
    re.escape(f) for f in sorted(network_surface_map(), key=len, reverse=True)
)
# Capitalised words in title case that do not start a name ("After Revealing She's").


_FUNCTION_WORDS = (
    r"(?:He|She|It|That|There|What|Who|Here|They|We|You|After|Before|Because|As|When|While|"
    r"Since|If|Why|How|Revealing|Says|Said)\b"
)


_GAP_RIGHT = re.compile(
    rf"""^[\s,:]*(?:(?:the|its|their|his|her|a|an|new|hit|freshman|sophomore|legal|medical|
        animated|live-action|comedy|drama|dramedy|sci-fi|fantasy|horror|crime|reality|
        unscripted|docu-?comedy|docu-?series|limited|anthology|superhero|teen|family|
        spinoff|spin-off|prequel|sequel|original|period|thriller|mystery|romantic|
        adult|cooking|competition|dating|game|talk|quiz|travel|series|show|
        streaming|anime|cartoon|kids|procedural|sitcom|[\w-]+-starring|[\w-]+-led|
        non-scripted|unscripted|scripted|docuseries|{_NETWORK_WORDS}|
        (?-i:(?:(?!{_FUNCTION_WORDS})[A-Z][\w.-]*\s){{0,2}}(?!{_FUNCTION_WORDS})[A-Z][\w-]*)[’']s|
        \d{{4}}[’']s)[\s,]+)*,?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


# Titles that are everyday words, read as titles only right after a decision verb
_WORD_TITLES = {"You", "Us", "It", "Them", "Evil", "Girls", "Friends", "Lost", "House"}
_OWN_VERB = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|also|gets|got|won[’']t)\b", re.IGNORECASE
)
_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|plus)\s+)$", re.IGNORECASE)


_STREAMER_OPENS = re.compile(
    r"(?:the\s+)?(?:network|streamer|cabler|broadcaster|channel|service)\b", re.IGNORECASE
)
_STREAMER_SUBJECT = re.compile(
    r"""(?:\b(?:the\s+)?(?:streamer|network|cabler|broadcaster|channel|service|platform|
        company|premium\s+cabler|studio|outlet)|\bit)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_AUX_TAIL = re.compile(
    r"""(?:\s+(?:has|have|had|is|are|was|were|also|officially|quietly|reportedly|now|just|already|
        recently|quickly|subsequently|later|eventually|since|finally|
        formally|swiftly|then|since|ultimately|promptly|initially|previously|originally))*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_AND_THE = re.compile(r"\s+(?:and|&)\s+(?=The\s|A\s)")
# Words that make an unquoted "title" something else ("Dozens Of Flights", "BTS Gig").


_SPINOFF_NAMED = re.compile(
    r"\s+(?:spinoff|spin-off|prequel|sequel|reboot|revival|follow-up)\s+(?=[A-Z0-9‘“'\"])"
)


CLAUSE_BREAK = re.compile(
    r"[;|—–]|\.\s|,\s+(?:but|while|and(?=\s+(?:the\s+)?\w+\s+(?:\w+\s+)?(?:has|was|is|also)))\s"
)


@dataclass
class DocContext:
    """What earlier sentences of the document established."""

    published: dt.date | None = None
    last_show: str | None = None
    known_titles: set[str] = field(default_factory=set)
    show_network: dict[str, str] = field(default_factory=dict)
    doc_networks: list[str] = field(default_factory=list)
    # further seasons of a multi-season order, and the shows the last sentence decided
    extra: list[StatusEvent] = field(default_factory=list)
    previous_shows: list[str] = field(default_factory=list)
    headline_network: str | None = None  # "NBC's 2023-24 Scorecard": the article's network
    tv_context: bool = True  # does the article talk about television at all?


@dataclass(frozen=True)
class Subject:
    title: str
    how: str  # quoted, bare, coref
    span: Span | None
    own: str = ""  # words about this item only, in a list ("… and Will Trent for a second")


def find_subjects(
    text: str,
    match: TriggerMatch,
    quoted: list[Span],
    nets: list[tuple[Span, str]],
    ctx: DocContext,
) -> tuple[list[Subject], str | None]:
    where = match.trigger.where
    subject_network = None
    if where == "verb":
        before = _AUX_TAIL.sub("", text[: match.start])
        net_before = [n for n in nets if n[0].end == len(before.rstrip())]
        if net_before or _STREAMER_SUBJECT.search(before):
            where = "right"
            subject_network = net_before[-1][1] if net_before else doc_network(ctx)
        elif _COORDINATED.search(before) and [n for n in nets if n[0].end <= match.start]:
            # "ABC renewed A and B, and canceled C": the same subject decides again.
            where = "right"
            subject_network = next(n for n in nets if n[0].end <= match.start)[1]
        else:
            where = "left"
    elif where == "right":
        before = _AUX_TAIL.sub("", text[: match.start])
        net_before = [n for n in nets if n[0].end == len(before.rstrip())]
        if net_before:
            subject_network = net_before[-1][1]
        elif _STREAMER_SUBJECT.search(before):
            subject_network = doc_network(ctx)
    if where == "network-right":
        # Words people use of anything ("dropped") decide only with a network as subject.
        if subject_network is None:
            before = _AUX_TAIL.sub("", text[: match.start])
            net_before = [n for n in nets if n[0].end == len(before.rstrip())]
            if net_before:
                subject_network = net_before[-1][1]
            elif _STREAMER_SUBJECT.search(before) and (doc_network(ctx) or nets):
                subject_network = doc_network(ctx) or nets[0][1]
            else:
                return [], None
        where = "right"
    if where == "either":
        after = text[match.end :]
        where = "right" if re.match(r"\s+of\s+", after) else "left"
    if where == "sentence":
        return _sentence_subject(text, quoted, ctx), subject_network
    if where == "season":
        pos = text.lower().rfind("season", 0, match.start + 7)
        return _left_subjects(text, pos, quoted, ctx), subject_network
    if where == "last":
        # "The eighth season of X will be its last" / "X's eighth season will be the final one"
        left = text[: match.start]
        of = re.search(r"\bseason\s+of\s+(?=\S)", left, re.I)
        if of:
            return _right_subjects(text, of.end(), quoted, nets, ctx), subject_network
        own = re.search(r"(?:[’']s)?\s+(?:[\w-]+\s+)?season\s*$", left, re.I)
        pos = own.start() if own else match.start
        return _left_subjects(text, pos, quoted, ctx, match.trigger.bare), subject_network
    if where == "season-of":
        if not re.search(r"\b(?:announced|confirmed|ordered|greenlit|happening|official)\b",
                         text[match.end :], re.I):  # fmt: skip
            return [], None
        return _right_subjects(text, match.end, quoted, nets, ctx), subject_network
    if where == "right":
        subjects = _right_subjects(text, match.end, quoted, nets, ctx)
    elif match.start > 0 and (text[match.start - 1].isalnum() or text[match.start - 1] == "-"):
        subjects = []  # the decision word starts inside a token ("Length-Series Finale")
    else:
        subjects = _left_subjects(text, match.start, quoted, ctx, match.trigger.bare)
    if not subjects and match.trigger.name == "final-season-noun":
        subjects = _sentence_subject(text, quoted, ctx)
    return subjects, subject_network


def network_is_subject(text: str, match: TriggerMatch, nets: list[tuple[Span, str]]) -> bool:
    """Return True if a network ("CBS", "the streamer") is the subject of the decision word."""
    before = _AUX_TAIL.sub("", text[: match.start]).rstrip()
    if any(n[0].end == len(before) for n in nets) or _STREAMER_SUBJECT.search(before):
        return True
    opens = (nets and nets[0][0].start == 0) or _STREAMER_OPENS.match(text)
    if opens and not CLAUSE_BREAK.search(text, 0, match.start):
        return True  # "ABC / The network has handed out early renewals to …": the subject
    return bool(_COORDINATED.search(before) and any(n[0].end <= match.start for n in nets))


def _title_pair(title: str, sentence_case: bool) -> list[str]:
    """Return the two titles an "A and B" run names, or [title] when it is one title.

    It is two when B starts with "The"/"A" in sentence case ("Abbott Elementary and
    The Rookie"), when both sides have two words or more in sentence case ("The
    Peripheral and Paper Girls"), or when a franchise repeats its first word
    ("Chicago Fire and Chicago P.D."). "Law and Order" and "Rizzoli and Isles" stay one.
    """
    if sentence_case:
        parts = _AND_THE.split(title)
        if len(parts) == 2:
            return parts
        left, found, right = title.partition(" and ")
        if found and " and " not in right and len(left.split()) >= 2 and len(right.split()) >= 2:
            return [left, right]
    return _franchise_pair(title)


def _franchise_pair(title: str) -> list[str]:
    """Return ["Chicago Fire", "Chicago P.D."] for "Chicago Fire and Chicago P.D.", else [title].

    Two titles of one franchise joined by "and" repeat its first word; a single
    title with "and" inside ("Law and Order") does not.
    """
    for sep in (" and ", " & "):
        left, found, right = title.partition(sep)
        while found:
            if left and right and right.split()[0] == left.split()[0]:
                return [left, right]
            more_left, found, right = right.partition(sep)
            left = f"{left}{sep}{more_left}"
    return [title]


def _lower_verb(text: str, pos: int) -> bool:
    """Return True if the decision verb before `pos` is lower case (running text, no headline)."""
    last = _LAST_WORD.search(text, max(0, pos - 80), pos)
    return last is not None and last.group(1)[:1].islower()


_LAST_WORD = re.compile(r"(\S+)\s*\Z")


@lru_cache(maxsize=1024)
def _sentence_case(text: str) -> bool:
    """Return True unless the sentence is in title case (most words capitalised)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) < 0.5


def doc_network(ctx: DocContext) -> str | None:
    """Return the network "the streamer" / "the network" means: the article's most named one."""
    if not ctx.doc_networks:
        return None
    return Counter(ctx.doc_networks).most_common(1)[0][0]


def _sentence_subject(text: str, quoted: list[Span], ctx: DocContext) -> list[Subject]:
    """Return the one show a sentence is about: its only quoted title."""
    names = {q.text for q in quoted}
    if len(names) == 1:
        return [Subject(quoted[0].text, "quoted", quoted[0])]
    return []


def _left_subjects(
    text: str, pos: int, quoted: list[Span], ctx: DocContext, bare_ok: bool = True
) -> list[Subject]:
    before = text[:pos]
    # A quoted title right before the decision word, maybe after "series" or "Season 2".
    left_quoted = [q for q in quoted if q.end <= pos and _GAP_LEFT.match(_gap(text, q.end, pos))]
    if left_quoted:
        first = left_quoted[-1]
        subjects = [Subject(first.text, "quoted", first)]
        cursor = first.start
        for q in reversed([q for q in quoted if q.end <= first.start]):
            gap = text[q.end : cursor].strip("’'‘\"“”")
            if _LIST_SEP.match(gap):
                subjects.insert(0, Subject(q.text, "quoted", q))
                cursor = q.start
            else:
                break
        return subjects
    if any(q.start < pos <= q.end + 2 for q in quoted):
        return []
    tail = before.rstrip()
    if PRONOUN_REFS.search(_last_words(tail)):
        return _coref(quoted, pos, ctx)
    if _PLURAL_REF.search(tail):
        # "Both end after two seasons": the shows the last sentence decided.
        return [Subject(show, "coref", None) for show in ctx.previous_shows]
    relative = _RELATIVE_END.search(tail)
    if relative:
        # "Warrior Nun, which was axed after two seasons"
        inner = _left_subjects(text, relative.start(), quoted, ctx, bare_ok)
        if inner:
            return inner[-1:]
    named = _NAMED_APPOSITIVE.search(tail)
    if named and valid_title(named.group("t"), ctx.known_titles):
        # "its spinoff, Georgie & Mandy's First Marriage, has been ordered"
        start = named.start("t")
        return [Subject(named.group("t"), "bare", Span(named.group("t"), start, named.end("t")))]
    verb_its = _VERB_ITS.search(tail) if match_name_is_final(text, pos) else None
    if verb_its:
        # "Young Sheldon wrapped its seventh and final season"
        inner = _left_subjects(text, verb_its.start(), quoted, ctx, bare_ok)
        if inner:
            return inner
    appositive = _APPOSITIVE_END.search(tail)
    if appositive:
        # "Young Rock, the family sitcom built on …, has been renewed"
        inner = _left_subjects(text, appositive.start(), quoted, ctx, bare_ok)
        if inner:
            return inner
    core = _TRAILING_DESCRIPTORS.sub("", tail)
    span = bare_title_before(text, len(tail)) if core == tail else None
    if span is None and core != tail:
        # "Jujutsu Kaisen Anime Gets …": a genre word between title and decision, and
        # the title opens the sentence (in title case nothing else delimits it).
        span = bare_title_before(text, len(core))
        span = span if span and span.start == 0 and len(span.text.split()) <= 4 else None
    if span:
        span = _strip_network_possessive(text, span)
    if (
        span
        and valid_title(span.text, ctx.known_titles)
        and (bare_ok or span.text in ctx.known_titles)
    ):
        how = "quoted" if span.text in ctx.known_titles else "bare"
        subjects = [Subject(span.text, how, span)]
        # "A, B and C are among the casualties"
        cursor = span.start
        while True:
            prev = text[:cursor]
            m = re.search(r"(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)$", prev)
            if not m:
                break
            more = bare_title_before(text, m.start())
            if not more or not valid_title(more.text, ctx.known_titles) or more.start >= m.start():
                break
            subjects.insert(0, Subject(more.text, "bare", more))
            cursor = more.start
        if len(subjects) > 1 and " and " in subjects[-1].title:
            # "A, B and C are among the casualties": the last item holds "B and C".
            last = subjects.pop()
            for part in last.title.split(" and "):
                if valid_title(part, ctx.known_titles):
                    subjects.append(Subject(part, "bare", None))
        return subjects
    return []


def _right_subjects(
    text: str, pos: int, quoted: list[Span], nets: list[tuple[Span, str]], ctx: DocContext
) -> list[Subject]:
    of_season = _SEASON_OF.match(text, pos)
    if of_season:
        pos = of_season.end()  # "… with a third season of Blindspotting"
    after_q = [q for q in quoted if q.start >= pos and _GAP_RIGHT.match(_gap(text, pos, q.start))]
    subjects: list[Subject] = []
    if after_q:
        first = after_q[0]
        subjects.append(Subject(first.text, "quoted", first))
        cursor = first.end
        for q in [q for q in quoted if q.start >= cursor]:
            gap = text[cursor : q.start].strip("’'‘\"“”")
            if _LIST_SEP.match(gap):
                subjects.append(Subject(q.text, "quoted", q))
                cursor = q.end
            else:
                break
        return subjects
    rest = text[pos:]
    ref = re.match(
        r"\s*(it|the\s+(?:[\w-]+\s+){0,2}?(?:series|show|drama|comedy|dramedy|sitcom|thriller))\b",
        rest,
        re.I,
    )
    names_next = ref is not None and ref.group(1).lower() != "it"
    if ref and not (names_next and re.match(r"\s+[A-Z0-9‘“'\"]", rest[ref.end() :])):
        # "the series" refers back; "the comedy Call Me Kat" names the show next
        return _coref(quoted, pos, ctx)
    cursor = pos
    while True:
        span = bare_title_after(text, cursor, in_list=bool(subjects))
        if subjects and span and re.match(r"[’']s\s", text[span.end : span.end + 3]):
            break  # "Sherwood, James Graham's drama about …": an appositive, not a list
        if subjects and span and _OWN_VERB.match(text, span.end):
            break  # "…, and Andor is also coming back": a new clause, not a list item
        word_title = (
            span is not None
            and span.text in _WORD_TITLES
            and not subjects
            and _lower_verb(text, pos)
        )  # "Netflix has renewed You": a capitalised "You" after a lower-case verb is a title
        if (
            not span
            or not (word_title or valid_title(span.text, ctx.known_titles))
            or any(n[0].start == span.start for n in nets)
        ):
            break
        named = _SPINOFF_NAMED.match(text, span.end)
        if named:
            # "renewed Sex and the City spinoff And Just Like That": the spinoff is decided
            spinoff = bare_title_after(text, named.end(), leading_ok=True)
            if spinoff is not None and valid_title(spinoff.text, ctx.known_titles):
                span = spinoff
        how = "quoted" if span.text in ctx.known_titles else "bare"
        pair = _title_pair(span.text, _sentence_case(text) or _lower_verb(text, pos))
        if len(pair) == 2 and all(valid_title(p, ctx.known_titles) for p in pair):
            # "early renewals to Abbott Elementary and The Rookie": in sentence case a
            # capitalised "The" after "and" starts another title.
            first = Span(pair[0], span.start, span.start + len(pair[0]))
            subjects.append(Subject(pair[0], how, first))
            second_start = span.end - len(pair[1])
            span = Span(pair[1], second_start, span.end)
        end = span.end
        skip = _LIST_SKIP.match(text, end)
        if skip:
            end = skip.end()  # an appositive or this item's own season ("for a sixth season")
        subjects.append(Subject(span.text, how, span, own=text[span.end : end]))
        m = re.match(r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?=[A-Z0-9‘“'\"])", text[end:])
        if not m or re.match(
            r"\s*,?\s*(?:and\s+)?(?:renew|cancel|order|axe|pick|green)", text[end:], re.I
        ):
            break
        cursor = end + m.end()
    return subjects


def match_name_is_final(text: str, pos: int) -> bool:
    """Return True if a final-season phrase starts at `pos` ("seventh and final season")."""
    return bool(_FINAL_AT.match(text, pos))


def _strip_network_possessive(text: str, span: Span) -> Span | None:
    """Return the span without a leading "CBS's" (the network, not part of the title)."""
    m = re.match(rf"^(?:{_NETWORK_WORDS})[’']s\s+", span.text)
    if not m:
        return span
    return (
        Span(span.text[m.end() :], span.start + m.end(), span.end) if span.text[m.end() :] else None
    )


def _coref(quoted: list[Span], pos: int, ctx: DocContext) -> list[Subject]:
    """Return the show "it" / "the series" means: a title earlier in the sentence, else the last."""
    earlier = [q for q in quoted if q.end <= pos]
    if earlier:
        return [Subject(earlier[-1].text, "coref", None)]
    return [Subject(ctx.last_show, "coref", None)] if ctx.last_show else []


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b].strip("’'‘\"“”.") if b >= a else "x"


def _last_words(text: str) -> str:
    words = text.split()
    for n in (1, 2, 3, 4):
        cand = " ".join(words[-n:])
        if PRONOUN_REFS.match(cand):
            return cand
    return ""
