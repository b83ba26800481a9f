"""Status events: a decision word, the show it is about, its network, season and hedging."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from cliffhanger.extraction.article import (
    about_television,
    document_rules,
    fill_run_length,
    full_titles,
    merge_events,
)
from cliffhanger.extraction.context import (
    attribution,
    is_negated,
    is_reported,
    is_speculative,
    networks_in,
)
from cliffhanger.extraction.seasons import SeasonMention, season_mentions
from cliffhanger.extraction.sentences import Sentence
from cliffhanger.extraction.subjects import (
    CLAUSE_BREAK,
    DocContext,
    Subject,
    doc_network,
    find_subjects,
    network_is_subject,
)
from cliffhanger.extraction.titles import (
    CONNECTORS,
    Span,
    network_spans_each,
    quoted_spans,
)
from cliffhanger.extraction.trigger_search import TriggerMatch, find_triggers
from cliffhanger.extraction.validate import valid_title
from cliffhanger.model import Status, StatusEvent

# Between a title and its decision word only these may stand.

_SUBORDINATE = re.compile(r"\b(?:after|since|because|when|once|as)\s", re.IGNORECASE)


_NOT_A_SERIES = re.compile(
    r"""\b(?:film|movie|feature|pilot|special|documentary\s+film|concert|tour|festival|
        flight|flights|event|podcast|book|novel|video\s+game|contract|deal|pact|partnership|
        gig|gigs|summit|rally|speech|appearance|trip|visit|classes|match|
        carriage|lease|license|licence|rerun|reruns|stand-up|standup|album|play|biopic|
        sponsorship|agreement|membership|subscription)\b""",
    re.IGNORECASE | re.VERBOSE,
)


_NOT_A_SHOW_TITLE = re.compile(
    r"\b(?:film|movie|concert|tour|flights?|gigs?|summit|rally|speech|trip|classes|deal|"
    r"contract|pact|festival|games|match|lockout|strike|vote|ballot|election|trial)\b",
    re.IGNORECASE,
)


_DENIED = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|debunk\w*|(?:false|untrue)\s+(?:reports?|rumou?rs?)|"
    r"shot\s+down|dismiss(?:es|ed)?\s+(?:reports?|rumou?rs?))\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\b(?:on|in|this|next)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(?:premieres?|premiering|debuts?|airs?|streaming)\b|\bthis\s+(?:fall|spring|summer|winter)\b",
    re.IGNORECASE,
)
_SCORECARD_LABEL = re.compile(
    r"^(?P<label>RENEWED|CANCELL?ED|ORDERED|PICKED\s+UP|ENDING|FINAL\s+SEASON|REVIVED)\s*[:—–-]\s*"
    r"(?P<items>[^:]{3,})$",
)
_SCORECARD_STATUS = {
    "renew": Status.RENEWED,
    "cancel": Status.CANCELED,
    "cancell": Status.CANCELED,
    "order": Status.ORDERED,
    "picked up": Status.RENEWED,
    "ending": Status.FINAL_SEASON,
    "final season": Status.FINAL_SEASON,
    "reviv": Status.REVIVED,
}
_PILOT = re.compile(r"\bpilot\b", re.I)


_NUMBERED_TITLE = re.compile(r"^(.{3,}?)\s+([2-9]|1[0-2])$")


_APPOSITIVE_KIND = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?[\w-]+\b")


_PAST_YEAR = re.compile(r"\b(?:in|back\s+in|since)\s+((?:19|20)\d\d)\b")


def sentence_events(
    sentence: Sentence, ctx: DocContext, network_spans: list[Span] | None = None
) -> list[StatusEvent]:
    """Return the status events one sentence states, updating `ctx` as it goes."""
    text = sentence.text
    quoted = [q for q in quoted_spans(text) if valid_title(q.text, quoted=True)]
    nets = networks_in(text, quoted, network_spans)
    events: list[StatusEvent] = []
    for match in find_triggers(text):
        subjects, network = find_subjects(text, match, quoted, nets, ctx)
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
    if sentence.is_headline and nets and ctx.headline_network is None:
        ctx.headline_network = nets[0][1]
    return events


def _event(
    sentence: Sentence,
    match: TriggerMatch,
    subject: Subject,
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
            and not network_is_subject(text, match, nets)
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
    if _DENIED.search(clause[: max(0, match.start - max(text.find(clause), 0))]):
        return None  # "Netflix denies reports that X was canceled"
    if trig.name.startswith("renew-return") and _SCHEDULED.search(clause):
        return None  # "X returns for season 3 on February 7": a premiere date, not a renewal
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
    # "Stranger Things 5 will be the last": a number after a title is its season only
    # where the clause speaks of seasons and states no other one
    if (
        numbered
        and season is None
        and status in {Status.RENEWED, Status.FINAL_SEASON}
        and re.search(r"\bseasons?\b|\bfinal\b|\blast\b", clause, re.I)
    ):
        subject = Subject(numbered.group(1), subject.how, subject.span)
        season = int(numbered.group(2))
    if "pilot" in clause.lower() and _PILOT.search(clause) and status != Status.RENEWED:
        return None
    network = subject_network or _network_for(text, match, subject, nets)
    how_network = "stated" if network else None
    if network is None and subject.title in ctx.show_network:
        network, how_network = ctx.show_network[subject.title], "document"
    elif network is None and doc_network(ctx):
        network, how_network = doc_network(ctx), "document"
    # the title itself is no context ("Hope Street renewed" is not a hope)
    masked = _mask(text, [subject.span]) if subject.span is not None else text
    speculative = is_speculative(_hedge_window(masked, clause, match)) and not is_reported(clause)
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


def _clause(text: str, start: int, end: int) -> str:
    left = 0
    for brk in CLAUSE_BREAK.finditer(text[:start]):
        left = brk.end()
    nxt = CLAUSE_BREAK.search(text, end)
    right = nxt.start() if nxt else len(text)
    return text[left:right]


def _seasons_near(
    clause: str, text: str, match: TriggerMatch, subject: Subject
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
    text: str, match: TriggerMatch, subject: Subject, nets: list[tuple[Span, str]]
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
    """Return the status events of a document's sentences, merged per show and status.

    The caller decides first whether the article is about films (`about_films`).
    """
    ctx = DocContext(published=published, tv_context=about_television(sentences))
    found: list[StatusEvent] = []
    spans = network_spans_each([s.text for s in sentences])
    for s, sentence_networks in zip(sentences, spans, strict=True):
        listed = scorecard_line(s, ctx)
        found.extend(listed if listed is not None else sentence_events(s, ctx, sentence_networks))
        found.extend(ctx.extra)
        ctx.extra.clear()
    # Rules can turn a renewal into a revival that another sentence also stated.
    found = full_titles(found)
    events = fill_run_length(merge_events(document_rules(merge_events(found))), sentences)
    return _the_article_network(events, ctx)


def scorecard_line(sentence: Sentence, ctx: DocContext) -> list[StatusEvent] | None:
    """Return the events of a scorecard line ("RENEWED: A, B, C"), or None for other lines.

    Scorecards list shows under a status label; each item that reads as a title
    is one event (its network is the article's, filled in at the end).
    """
    m = _SCORECARD_LABEL.match(sentence.text)
    if m is None:
        return None
    status = _SCORECARD_STATUS[m.group("label").lower().rstrip("d").rstrip("e")]
    events = []
    for item in re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+(?=[A-Z‘'“\"])", m.group("items")):
        title = item.strip(" ‘’'“”\"")
        if title.endswith(".") and not re.search(r"(?:\b\w\.){2,}$", title):
            title = title[:-1]  # the line's full stop, not "P.D."
        words = title.split()
        # a list item is a name: every word capitalised but the small words titles keep
        named = all(w[:1].isupper() or w[:1].isdigit() or w.lower() in CONNECTORS for w in words)
        if named and valid_title(title, ctx.known_titles) and len(words) <= 8:
            events.append(
                StatusEvent(
                    show=title,
                    status=status,
                    season=1 if status == Status.ORDERED else None,
                    date=ctx.published,
                    confidence=0.8,
                    evidence=sentence.text,
                )
            )
    return events or None  # a label over prose: read the line as a sentence


def _the_article_network(events: list[StatusEvent], ctx: DocContext) -> list[StatusEvent]:
    """Return events with no network given the article's: its headline's, or its only one.

    "The Crown will conclude with its sixth season … Netflix confirmed" names the
    network after the decision; an article about one network's show means that one.
    """
    named = set(ctx.doc_networks)
    network = ctx.headline_network or (next(iter(named)) if len(named) == 1 else None)
    if network is None:
        return events
    return [
        replace(e, network=network, confidence=round(max(0.05, e.confidence - 0.05), 2))
        if e.network is None
        else e
        for e in events
    ]
