"""Status events: a decision word, the show it is about, its network, season and hedging."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from cliffhanger.extraction.context import (
    attribution,
    is_negated,
    is_reported,
    is_speculative,
    networks_in,
)
from cliffhanger.extraction.lexicon import network_pattern, network_surface_map, number_value
from cliffhanger.extraction.seasons import SeasonMention, season_mentions
from cliffhanger.extraction.sentences import Sentence
from cliffhanger.extraction.titles import (
    PRONOUN_REFS,
    Span,
    bare_title_after,
    bare_title_before,
    network_spans_each,
    quoted_spans,
)
from cliffhanger.extraction.triggers import TriggerMatch, find_triggers
from cliffhanger.extraction.validate import valid_title
from cliffhanger.model import Status, StatusEvent

# Between a title and its decision word only these may stand.
_DESCRIPTOR_WORDS = r"""(?:tv|hit|new|animated|live-action|comedy|drama|anime|limited|docu-?\w*|
    reality|original|sci-fi|fantasy|horror|crime|thriller|anthology|superhero|adult|teen|kids|
    family|period|legal|medical|spy|musical|romantic|dating|cooking|competition|game|talk|quiz|
    travel|non-scripted|unscripted|scripted|series|show|revival|reboot|spinoff|spin-off|prequel|
    sequel|adaptation|docuseries|sitcom|dramedy|mystery|procedural|soap|cartoon|streaming|
    [A-Z][a-z]+ian|[A-Z][a-z]+ese|british|american|korean|japanese|spanish|french|german|uk|us|
    season\s+\d{1,2})"""
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
_SUBORDINATE = re.compile(r"\b(?:after|since|because|when|once|as)\s", re.IGNORECASE)
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
_TRAILING_DESCRIPTORS = re.compile(
    r"(?:\s+(?:anime|series|show|drama|comedy|sitcom|docuseries|revival|reboot|spinoff|tv|"
    r"thriller|dramedy|anthology|adaptation))+$",
    re.IGNORECASE,
)
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
_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&|plus)\s+)$", re.IGNORECASE)
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
_NOT_A_SERIES = re.compile(
    r"""\b(?:film|movie|feature|pilot|special|documentary\s+film|concert|tour|festival|
        flight|flights|event|podcast|book|novel|video\s+game|contract|deal|pact|partnership|
        gig|gigs|summit|rally|speech|appearance|trip|visit|classes|match|
        carriage|lease|license|licence|rerun|reruns|stand-up|standup|album|play|biopic|
        sponsorship|agreement|membership|subscription)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_RUN = re.compile(
    r"\b(?:ran|aired|lasted|running)\s+(?:for\s+)?(\d{1,2}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+seasons?\b|\b(\d{1,2}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)[- ]season\s+run\b",
    re.IGNORECASE,
)
_AND_THE = re.compile(r"\s+(?:and|&)\s+(?=The\s|A\s)")
# Words that make an unquoted "title" something else ("Dozens Of Flights", "BTS Gig").
_NOT_A_SHOW_TITLE = re.compile(
    r"\b(?:film|movie|concert|tour|flights?|gigs?|summit|rally|speech|trip|classes|deal|"
    r"contract|pact|festival|games|match|lockout|strike|vote|ballot|election|trial)\b",
    re.IGNORECASE,
)
_SPINOFF_NAMED = re.compile(
    r"\s+(?:spinoff|spin-off|prequel|sequel|reboot|revival|follow-up)\s+(?=[A-Z0-9‘“'\"])"
)
_PILOT = re.compile(r"\bpilot\b", re.I)
_NUMBERED_TITLE = re.compile(r"^(.{3,}?)\s+([2-9]|1[0-2])$")
_APPOSITIVE_KIND = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?[\w-]+\b")
_TV_WORDS = re.compile(
    r"\b(?:seasons?|series|episodes?|sitcom|showrunners?|streamer|streaming|tv|television|"
    r"premiere[sd]?|finale|docuseries|miniseries|spinoff|spin-off|network|broadcaster|drama|"
    r"comedy|dramedy|binge\S*|anime|cartoon|reboot|revival|renewal)\b",
    re.IGNORECASE,
)
_FILM_WORDS = re.compile(r"\b(?:film|movie|feature|theaters|theatrical|box\s+office)\b", re.I)
_SERIES_WORDS = re.compile(r"\b(?:series|season|episodes?|show|sitcom|docuseries|renewal)\b", re.I)
_PAST_YEAR = re.compile(r"\b(?:in|back\s+in|since)\s+((?:19|20)\d\d)\b")
_CLAUSE_BREAK = re.compile(
    r"[;|—–]|\.\s|,\s+(?:but|while|and\s+(?=(?:the\s+)?\w+\s+(?:\w+\s+)?(?:has|was|is|also)))\s"
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
    tv_context: bool = True  # does the article talk about television at all?


@dataclass(frozen=True)
class _Subject:
    title: str
    how: str  # quoted, bare, coref
    span: Span | None
    own: str = ""  # words about this item only, in a list ("… and Will Trent for a second")


def sentence_events(
    sentence: Sentence, ctx: DocContext, network_spans: list[Span] | None = None
) -> list[StatusEvent]:
    """Return the status events one sentence states, updating `ctx` as it goes."""
    text = sentence.text
    quoted = [q for q in quoted_spans(text) if valid_title(q.text, quoted=True)]
    nets = networks_in(text, quoted, network_spans)
    events: list[StatusEvent] = []
    for match in find_triggers(text):
        subjects, network = _subjects(text, match, quoted, nets, ctx)
        for subject in subjects:
            ev = _event(sentence, match, subject, network, quoted, nets, ctx)
            if ev is not None:
                events.append(ev)
    if events:
        ctx.previous_shows = list(dict.fromkeys(e.show for e in events))
    for q in quoted:
        ctx.known_titles.add(q.text)
    if quoted and not events:
        ctx.last_show = ctx.last_show or quoted[0].text
    for n in nets:
        ctx.doc_networks.append(n[1])
    return events


def _subjects(
    text: str,
    match: TriggerMatch,
    quoted: list[Span],
    nets: list[tuple[Span, str]],
    ctx: DocContext,
) -> tuple[list[_Subject], str | None]:
    where = match.trigger.where
    subject_network = None
    if where == "verb":
        before = _AUX_TAIL.sub("", text[: match.start])
        net_before = [n for n in nets if n[0].end == len(before.rstrip())]
        if net_before or _STREAMER_SUBJECT.search(before):
            where = "right"
            subject_network = net_before[-1][1] if net_before else _doc_network(ctx)
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
            subject_network = _doc_network(ctx)
    if where == "network-right":
        # Words people use of anything ("dropped") decide only with a network as subject.
        if subject_network is None:
            before = _AUX_TAIL.sub("", text[: match.start])
            net_before = [n for n in nets if n[0].end == len(before.rstrip())]
            if net_before:
                subject_network = net_before[-1][1]
            elif _STREAMER_SUBJECT.search(before) and (_doc_network(ctx) or nets):
                subject_network = _doc_network(ctx) or nets[0][1]
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


def _network_subject(text: str, match: TriggerMatch, nets: list[tuple[Span, str]]) -> bool:
    """Return True if a network ("CBS", "the streamer") is the subject of the decision word."""
    before = _AUX_TAIL.sub("", text[: match.start]).rstrip()
    if any(n[0].end == len(before) for n in nets) or _STREAMER_SUBJECT.search(before):
        return True
    if nets and nets[0][0].start == 0 and not _CLAUSE_BREAK.search(text, 0, match.start):
        return True  # "ABC has handed out early renewals to …": the sentence's subject
    return bool(_COORDINATED.search(before) and any(n[0].end <= match.start for n in nets))


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


def _sentence_case(text: str) -> bool:
    """Return True unless the sentence is in title case (most words capitalised)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) < 0.5


def _doc_network(ctx: DocContext) -> str | None:
    """Return the network "the streamer" / "the network" means: the article's most named one."""
    if not ctx.doc_networks:
        return None
    return Counter(ctx.doc_networks).most_common(1)[0][0]


def _sentence_subject(text: str, quoted: list[Span], ctx: DocContext) -> list[_Subject]:
    """Return the one show a sentence is about: its only quoted title."""
    names = {q.text for q in quoted}
    if len(names) == 1:
        return [_Subject(quoted[0].text, "quoted", quoted[0])]
    return []


def _left_subjects(
    text: str, pos: int, quoted: list[Span], ctx: DocContext, bare_ok: bool = True
) -> list[_Subject]:
    before = text[:pos]
    # A quoted title right before the decision word, maybe after "series" or "Season 2".
    left_quoted = [q for q in quoted if q.end <= pos and _GAP_LEFT.match(_gap(text, q.end, pos))]
    if left_quoted:
        first = left_quoted[-1]
        subjects = [_Subject(first.text, "quoted", first)]
        cursor = first.start
        for q in reversed([q for q in quoted if q.end <= first.start]):
            gap = text[q.end : cursor].strip("’'‘\"“”")
            if _LIST_SEP.match(gap):
                subjects.insert(0, _Subject(q.text, "quoted", q))
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
        return [_Subject(show, "coref", None) for show in ctx.previous_shows]
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
        return [_Subject(named.group("t"), "bare", Span(named.group("t"), start, named.end("t")))]
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
        subjects = [_Subject(span.text, how, span)]
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
            subjects.insert(0, _Subject(more.text, "bare", more))
            cursor = more.start
        if len(subjects) > 1 and " and " in subjects[-1].title:
            # "A, B and C are among the casualties": the last item holds "B and C".
            last = subjects.pop()
            for part in last.title.split(" and "):
                if valid_title(part, ctx.known_titles):
                    subjects.append(_Subject(part, "bare", None))
        return subjects
    return []


def _right_subjects(
    text: str, pos: int, quoted: list[Span], nets: list[tuple[Span, str]], ctx: DocContext
) -> list[_Subject]:
    of_season = _SEASON_OF.match(text, pos)
    if of_season:
        pos = of_season.end()  # "… with a third season of Blindspotting"
    after_q = [q for q in quoted if q.start >= pos and _GAP_RIGHT.match(_gap(text, pos, q.start))]
    subjects: list[_Subject] = []
    if after_q:
        first = after_q[0]
        subjects.append(_Subject(first.text, "quoted", first))
        cursor = first.end
        for q in [q for q in quoted if q.start >= cursor]:
            gap = text[cursor : q.start].strip("’'‘\"“”")
            if _LIST_SEP.match(gap):
                subjects.append(_Subject(q.text, "quoted", q))
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
    if ref:
        return _coref(quoted, pos, ctx)
    cursor = pos
    while True:
        span = bare_title_after(text, cursor, in_list=bool(subjects))
        if subjects and span and re.match(r"[’']s\s", text[span.end : span.end + 3]):
            break  # "Sherwood, James Graham's drama about …": an appositive, not a list
        if (
            not span
            or not valid_title(span.text, ctx.known_titles)
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
        pair = _AND_THE.split(span.text) if _sentence_case(text) else [span.text]
        if len(pair) == 1:
            pair = _franchise_pair(span.text)
        if len(pair) == 2 and all(valid_title(p, ctx.known_titles) for p in pair):
            # "early renewals to Abbott Elementary and The Rookie": in sentence case a
            # capitalised "The" after "and" starts another title.
            first = Span(pair[0], span.start, span.start + len(pair[0]))
            subjects.append(_Subject(pair[0], how, first))
            second_start = span.end - len(pair[1])
            span = Span(pair[1], second_start, span.end)
        end = span.end
        skip = _LIST_SKIP.match(text, end)
        if skip:
            end = skip.end()  # an appositive or this item's own season ("for a sixth season")
        subjects.append(_Subject(span.text, how, span, own=text[span.end : end]))
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


def _coref(quoted: list[Span], pos: int, ctx: DocContext) -> list[_Subject]:
    """Return the show "it" / "the series" means: a title earlier in the sentence, else the last."""
    earlier = [q for q in quoted if q.end <= pos]
    if earlier:
        return [_Subject(earlier[-1].text, "coref", None)]
    return [_Subject(ctx.last_show, "coref", None)] if ctx.last_show else []


def _event(
    sentence: Sentence,
    match: TriggerMatch,
    subject: _Subject,
    subject_network: str | None,
    quoted: list[Span],
    nets: list[tuple[Span, str]],
    ctx: DocContext,
) -> StatusEvent | None:
    text = sentence.text
    trig = match.trigger
    if not ctx.tv_context and subject.how != "quoted":
        return None
    if subject.how == "bare":
        if not trig.bare or _NOT_A_SHOW_TITLE.search(subject.title):
            return None
        if (
            subject.span is not None
            and match.start < subject.span.start
            and trig.where in {"right", "verb", "network-right"}
            and not _network_subject(text, match, nets)
        ):
            return None  # "MLB cancels Opening Day": an unquoted object needs a network subject
    if subject.span is not None:
        around = text[subject.span.end : subject.span.end + 60]
        kind = _APPOSITIVE_KIND.match(around) or re.match(r"[^,]{0,25}", around)
        if kind and _NOT_A_SERIES.search(kind.group(0)) and trig.where != "season":
            return None
    clause = _clause(text, match.start, match.end)
    masked = _mask(text, quoted)
    window = masked[max(0, match.start - 30) : match.end + 25]
    if _NOT_A_SERIES.search(window) and not re.search(r"\bseries\b", window, re.I):
        return None
    if is_negated(text[: match.start]) and trig.name not in {"cancel-active"}:
        return None
    status = trig.status
    own = season_mentions(subject.own) if subject.own else []
    seasons = own or _seasons_near(clause, text, match, subject)
    if status == Status.RENEWED and any(s.kind == "final" for s in seasons):
        status = Status.FINAL_SEASON
    if (
        status == Status.RENEWED
        and trig.name in {"renew-orders-season", "renew-gets-season"}
        and _target(seasons) == 1
    ):
        status = Status.ORDERED
    if status == Status.CANCELED and not any(s.kind in {"count", "next"} for s in seasons):
        seasons = seasons + [s for s in season_mentions(text) if s.kind in {"count", "next"}]
    if status == Status.ORDERED and (_target(seasons) or 1) >= 2:
        status = Status.RENEWED
    season = _season_for(status, seasons, match)
    numbered = _NUMBERED_TITLE.match(subject.title)
    if numbered and re.search(r"\bseason\b", text, re.I) and status != Status.CANCELED:
        # "Stranger Things 5": sequels are named by their season number.
        subject = _Subject(numbered.group(1), subject.how, subject.span)
        season = season if season is not None else int(numbered.group(2))
    if "pilot" in clause.lower() and _PILOT.search(clause) and status != Status.RENEWED:
        return None
    network = subject_network or _network_for(text, match, subject, nets)
    how_network = "stated" if network else None
    if network is None and subject.title in ctx.show_network:
        network, how_network = ctx.show_network[subject.title], "document"
    elif network is None and _doc_network(ctx):
        network, how_network = _doc_network(ctx), "document"
    speculative = is_speculative(_hedge_window(text, clause, match)) and not is_reported(clause)
    conf = trig.strength
    conf -= {"quoted": 0.0, "bare": 0.08, "coref": 0.15}[subject.how]
    conf -= 0.0 if how_network == "stated" else 0.05 if how_network == "document" else 0.1
    if speculative:
        conf = min(conf, 0.4)
    published = ctx.published
    date = published
    past = _PAST_YEAR.search(clause)
    if past and published and int(past.group(1)) < published.year:
        date = dt.date(int(past.group(1)), 1, 1)
    if network and subject.title not in ctx.show_network and not speculative:
        ctx.show_network[subject.title] = network
    ctx.last_show = subject.title
    extras = []
    multi = next((s for s in seasons if s.kind == "multi"), None)
    if status == Status.RENEWED and multi and multi.extra and multi.extra > multi.value:
        extras = list(range(multi.value + 1, min(multi.extra, multi.value + 4) + 1))
    ev = StatusEvent(
        show=subject.title,
        status=status,
        network=network,
        season=season,
        date=date,
        speculative=speculative,
        confidence=round(max(0.05, min(0.99, conf)), 2),
        evidence=text,
        attribution=attribution(text),
    )
    # A multi-season renewal is one event per season.
    ctx.extra.extend(replace(ev, season=s) for s in extras)
    if status == Status.REVIVED and any(s.kind == "final" for s in seasons):
        # "revived for a fourth and final season": the revival and the ending, both news
        ctx.extra.append(replace(ev, status=Status.FINAL_SEASON))
    return ev


def _hedge_window(text: str, clause: str, match: TriggerMatch) -> str:
    """Return the words that can hedge a decision: near it, in its clause, and its question mark.

    "Fans signed a petition to save X after Netflix canceled it": the petition
    hedges nothing; the cancellation after "after" is stated as fact.
    """
    offset = max(text.find(clause), 0)
    start = max(offset, match.start - 60)
    before = text[start : match.start]
    subordinate = list(_SUBORDINATE.finditer(before))
    if subordinate:
        before = before[subordinate[-1].end() :]
    after = text[match.end : min(offset + len(clause), match.end + 40)]
    window = before + text[match.start : match.end] + after
    return window + ("?" if clause.rstrip().endswith("?") else "")


def _mask(text: str, spans: list[Span]) -> str:
    """Return `text` with the given spans blanked out (titles are not context words)."""
    for sp in spans:
        text = text[: sp.start] + " " * (sp.end - sp.start) + text[sp.end :]
    return text


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b].strip("’'‘\"“”.") if b >= a else "x"


def _last_words(text: str) -> str:
    words = text.split()
    for n in (1, 2, 3, 4):
        cand = " ".join(words[-n:])
        if PRONOUN_REFS.match(cand):
            return cand
    return ""


def _clause(text: str, start: int, end: int) -> str:
    left = 0
    for brk in _CLAUSE_BREAK.finditer(text[:start]):
        left = brk.end()
    nxt = _CLAUSE_BREAK.search(text, end)
    right = nxt.start() if nxt else len(text)
    return text[left:right]


def _seasons_near(
    clause: str, text: str, match: TriggerMatch, subject: _Subject
) -> list[SeasonMention]:
    """Return the season phrases of the clause from the show or decision word on.

    A headline can name two shows ("X will end with season 8 as Starz orders Y"):
    the season that belongs to a decision follows its show, rarely precedes it.
    The sentence's phrases are found once (cached) and kept if inside the clause.
    """
    if match.trigger.where == "last":
        return [m for m in season_mentions(text) if m.end <= match.start]
    offset = max(text.find(clause), 0)
    mentions = [
        m for m in season_mentions(text) if offset <= m.start and m.end <= offset + len(clause)
    ]
    start = match.start if subject.span is None else min(match.start, subject.span.start)
    after = [m for m in mentions if m.start >= start]
    return after if after or subject.span is not None else mentions


def _target(seasons: list[SeasonMention]) -> int | None:
    for s in seasons:
        if s.kind in {"target", "final", "multi"}:
            return s.value
    return None


def _season_for(status: Status, seasons: list[SeasonMention], match: TriggerMatch) -> int | None:
    if match.season is not None:
        return match.season
    kinds = {s.kind: s for s in reversed(seasons)}
    if status == Status.CANCELED:
        if "count" in kinds:
            return kinds["count"].value
        if "next" in kinds and kinds["next"].value > 1:
            return kinds["next"].value - 1
        return None
    if status == Status.FINAL_SEASON:
        for k in ("final", "target", "count"):  # "will end after five seasons" -> 5
            if k in kinds:
                return kinds[k].value
        return None
    if status == Status.ORDERED:
        return 1
    for k in ("multi", "target", "final"):
        if k in kinds:
            return kinds[k].value
    return None


def _network_for(
    text: str, match: TriggerMatch, subject: _Subject, nets: list[tuple[Span, str]]
) -> str | None:
    if not nets:
        return None
    anchor = subject.span.end if subject.span and subject.span.start > match.end else match.end
    after = [n for n in nets if n[0].start >= anchor and n[0].start - anchor < 90]
    if after:
        return after[0][1]
    if subject.span is not None:
        poss = [
            n for n in nets if n[0].end <= subject.span.start and subject.span.start - n[0].end < 12
        ]
        if poss:
            return poss[-1][1]
    after_trigger = [n for n in nets if n[0].start >= match.end]
    if after_trigger:
        return after_trigger[0][1]
    return nets[0][1]


def find_events(sentences: list[Sentence], published: dt.date | None) -> list[StatusEvent]:
    """Return the status events of a document's sentences, merged per show and status."""
    ctx = DocContext(published=published, tv_context=_about_television(sentences))
    found: list[StatusEvent] = []
    spans = network_spans_each([s.text for s in sentences])
    for s, sentence_networks in zip(sentences, spans, strict=True):
        found.extend(sentence_events(s, ctx, sentence_networks))
        found.extend(ctx.extra)
        ctx.extra.clear()
    if about_films(sentences):
        return []
    # Rules can turn a renewal into a revival that another sentence also stated.
    found = _full_titles(found)
    return _fill_run_length(merge_events(document_rules(merge_events(found))), sentences)


def _full_titles(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return events named by the fullest title the article gives the show.

    A headline's "Blood of My Blood" is the body's "Outlander: Blood of My Blood", and
    its "Only Murders" the body's "Only Murders in the Building" (the longer title
    goes on in small words; "Law & Order: SVU" is another show than "Law & Order").
    """
    titles = {e.show for e in events}
    longer = {}
    for t in titles:
        for other in titles:
            if other == t:
                continue
            continues = other.startswith(f"{t} ") and other[len(t) + 1 : len(t) + 2].islower()
            if other.endswith(f": {t}") or continues:
                longer[t] = other
    return [replace(e, show=longer[e.show]) if e.show in longer else e for e in events]


def _fill_run_length(events: list[StatusEvent], sentences: list[Sentence]) -> list[StatusEvent]:
    """Return events with a lone undated-length cancellation given the run the article states.

    "X has been canceled. … The drama ran for three seasons." -> canceled after 3,
    when the article names one run length and one cancellation lacks it.
    """
    open_ = [e for e in events if e.status == Status.CANCELED and e.season is None]
    if len(open_) != 1:
        return events
    runs = {
        number_value(m.group(1) or m.group(2)) for s in sentences for m in _RUN.finditer(s.text)
    }
    runs.discard(None)
    if len(runs) != 1:
        return events
    run = runs.pop()
    return [replace(e, season=run) if e is open_[0] else e for e in events]


def _about_television(sentences: list[Sentence]) -> bool:
    """Return True if the article talks about TV: series words or a network.

    Without quotes, "X canceled" in a headline is as often a flight, a summit
    or a person; a bare title is only read where television is the subject.
    """
    text = " ".join(s.text for s in sentences)
    return bool(_TV_WORDS.search(text)) or bool(network_pattern().search(text))


def about_films(sentences: list[Sentence]) -> bool:
    """Return True for an article about films (several film words, no series words)."""
    text = " ".join(s.text for s in sentences)
    return len(_FILM_WORDS.findall(text)) >= 2 and not _SERIES_WORDS.search(text)


def document_rules(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return events reconciled across the article.

    - A renewal by another network than the one that canceled the show is a revival.
    - A show canceled in the article is not also "ending": "the series will end
      after one season" restates the cancellation.
    """
    canceled = {_norm(e.show): e for e in events if e.status == Status.CANCELED}
    for ev in events:
        gone = canceled.get(_norm(ev.show))
        if gone and gone.season is None and ev.status == Status.FINAL_SEASON and ev.season:
            # "X was canceled. The series will end after three seasons." -> had three.
            canceled[_norm(ev.show)] = replace(gone, season=ev.season)
    events = [canceled.get(_norm(e.show), e) if e.status == Status.CANCELED else e for e in events]
    final = {_norm(e.show): e for e in events if e.status == Status.FINAL_SEASON}
    out: list[StatusEvent] = []
    for ev in events:
        key = _norm(ev.show)
        gone = canceled.get(key)
        last = final.get(key)
        if last and ev.status == Status.RENEWED and ev.season in (None, last.season):
            continue  # "returns for a final season" is the final-season news, once
        restated = ev.season is None or gone is None or gone.season is None
        if (
            gone is not None
            and ev.status == Status.FINAL_SEASON
            and not ev.speculative
            and (restated or (ev.season or 0) <= (gone.season or 0))
        ):
            continue
        if (
            gone is not None
            and ev.status == Status.RENEWED
            and ev.network
            and gone.network
            and ev.network != gone.network
        ):
            ev = replace(ev, status=Status.REVIVED)
        out.append(ev)
    return out


def merge_events(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return one event per show, status (and season for renewals), the best-supported kept."""
    merged: dict[tuple[str, Status, int | None], StatusEvent] = {}
    order: list[tuple[str, Status, int | None]] = []
    for ev in events:
        key_season = (
            ev.season if ev.status in {Status.RENEWED, Status.ORDERED, Status.REVIVED} else None
        )
        key = (_norm(ev.show), ev.status, key_season)
        if ev.status in {Status.RENEWED, Status.REVIVED} and ev.season is None:
            same = [k for k in merged if k[0] == key[0] and k[1] == ev.status]
            if same:
                key = same[0]
        prev = merged.get(key)
        if prev is None:
            same_none = (key[0], ev.status, None)
            if key_season is not None and same_none in merged:
                prev = merged.pop(same_none)
                order[order.index(same_none)] = key
            else:
                order.append(key)
        merged[key] = _better(prev, ev) if prev else ev
    return [merged[k] for k in order]


def _better(a: StatusEvent, b: StatusEvent) -> StatusEvent:
    if a.speculative != b.speculative:
        best, other = (a, b) if not a.speculative else (b, a)
    else:
        best, other = (a, b) if a.confidence >= b.confidence else (b, a)
    return StatusEvent(
        show=best.show,
        status=best.status,
        network=best.network or other.network,
        season=best.season if best.season is not None else other.season,
        date=best.date or other.date,
        speculative=best.speculative,
        confidence=max(a.confidence, b.confidence) if not best.speculative else best.confidence,
        evidence=best.evidence,
        attribution=best.attribution or other.attribution,
    )


def _norm(title: str) -> str:
    t = re.sub(r"[^\w\s]", "", title.lower())
    return re.sub(r"^(the|a|an)\s+", "", t).strip()
