"""The extraction pipeline: structure → mentions → cues → arguments → features → scorer.

`candidates` runs the first five stages over one article and returns every
(show, cue) candidate with its features; `decision.decide` scores them and
keeps the events (stage 6). Training calls
`candidates` too, so the features it learns from are exactly the ones the
extractor computes.

A document with no decision word anywhere costs one regex search
(`cues.cue_gate`); a sentence without one is never read further (the gates:
`gates`). Which titles each sentence is read for is `title_reading`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from cliffhanger.extraction.arguments import (
    Candidate,
    article_network,
    current_seasons,
    pick_network,
    pick_season,
)
from cliffhanger.extraction.article import TV_WORDS, norm_show
from cliffhanger.extraction.clauses import OTHER, member_paren, roles
from cliffhanger.extraction.cues import Cue, find_cues, modifiers
from cliffhanger.extraction.features import DocStats, candidate_features
from cliffhanger.extraction.gates import LEAD, cue_sentences, cue_starts, may_decide
from cliffhanger.extraction.lexicon import person_like
from cliffhanger.extraction.mentions import (
    BARE,
    COREF,
    DOCUMENT,
    LEGACY,
    NEXT,
    QUOTED,
    Mention,
    is_title_case,
    network_mentions,
    references,
)
from cliffhanger.extraction.seasons import SeasonMention, season_mentions
from cliffhanger.extraction.sentences import Sentence
from cliffhanger.extraction.structure import HEADLINE, Section, sections
from cliffhanger.extraction.title_reading import article_titles, read_titles, under_heading
from cliffhanger.extraction.titles import Span, clean_title, quoted_spans
from cliffhanger.model import Status, StatusEvent

# the gates live in `gates`; training and the tests read them here too
__all__ = ["LEAD", "Article", "candidates", "cue_sentences", "cue_starts", "may_decide"]

_MAX_CANDIDATES = 400  # per article: a hostile list of names stays linear


@dataclass
class Article:
    """An article's candidates and what the scorer needs to know about the article."""

    sections: list[Section]
    candidates: list[Candidate]
    stats: DocStats
    aliases: dict[str, str] = field(default_factory=dict)  # "KUWTK" -> the title it stands for


def candidates(
    text: str,
    sentences: list[Sentence],
    legacy: list[StatusEvent],
    gazetteer: frozenset[str] = frozenset(),
    cue_at: list[int] | None = None,
) -> Article:
    """Return the article's candidates with features (see the module docstring).

    `cue_at` are the offsets in `text` where the cue automaton matched
    (`cue_starts`), when the caller has them from the document gate.
    """
    secs = sections(text, sentences)
    flagged = cue_sentences(text, secs, cue_at)
    if not any(flagged):
        found = _add_legacy([], legacy, secs)
        keys = frozenset((norm_show(e.show), e.status.value) for e in legacy if not e.speculative)
        stats = DocStats({}, frozenset(), frozenset(), frozenset(), keys, 0, len(found), len(secs),
                         text)  # fmt: skip
        for c in found:
            c.features = candidate_features(c, "", secs[c.sentence].kind, None, 0, True, stats)
        return Article(secs, found, stats)
    texts = [s.sentence.text for s in secs]
    known = article_titles(secs)
    cues_all = [find_cues(t) if flag else [] for t, flag in zip(texts, flagged, strict=True)]
    titles = read_titles(secs, texts, cues_all, known, gazetteer)
    counts: Counter[str] = Counter()
    for ts in titles:
        counts.update({m.text for m in ts})
    nets_all = [network_mentions(t, ts) for t, ts in zip(texts, titles, strict=True)]
    headline_nets = [n for s, ns in zip(secs, nets_all, strict=True) if s.kind == HEADLINE
                     for _, n in ns]  # fmt: skip
    doc_net = article_network(headline_nets, [n for ns in nets_all for _, n in ns])
    current = current_seasons(texts, titles)
    quoted = frozenset(q.text for t in texts for q in quoted_spans(t))
    headline = frozenset(m.text for s, ts in zip(secs, titles, strict=True) if s.kind == HEADLINE
                         for m in ts)  # fmt: skip
    out: list[Candidate] = []
    antecedent: Mention | None = None
    antecedent_at = 0  # the sentence that named it
    pending: tuple[int, list[Cue]] | None = None  # cues of a sentence that named no show
    seen_shows: set[str] = set()  # the shows a reference could point back to
    for i, (sec, text_i, ts, nets) in enumerate(zip(secs, texts, titles, nets_all, strict=True)):
        cues = list(cues_all[i])
        if ts and sec.heading and under_heading(sec):
            cues.append(Cue(f"heading.{sec.heading}", Status(sec.heading), 0, 0))
        if pending is not None and ts and not cues_all[i]:
            j, prev = pending
            for cue in prev:
                for m in ts:
                    nxt = Mention(m.text, 0, 0, NEXT)
                    out.append(_candidate(texts[j], j, cue, nxt, [], nets_all[j], [], doc_net,
                                          current))  # fmt: skip
        pending = (i, cues) if cues and not ts else None
        if cues:
            headline_case = is_title_case(text_i)  # every word capitalised: no slots read
            seasons = season_mentions(text_i)
            refs = [r for r in references(text_i) if not _describes(r, ts)]
            if headline_case and any(m.kind == QUOTED for m in ts):
                # a title-case line that quotes its titles quotes all of them: its bare
                # runs are the other words ("Netflix Changes Its Mind: 'X' Gets …")
                ts = [m for m in ts if m.kind != BARE]
            for cue in cues:
                mentions = list(ts)
                ref = _nearest(refs, cue)
                # a reference after a title of its own sentence is that title's
                # ("X (Canceled): the comedy was dropped"), else the article's current show
                prior = [t for t in ts if ref is not None and t.end <= ref.start
                         and not _a_person(t, quoted)]  # fmt: skip
                ante = prior[-1] if prior else antecedent
                gap = 0 if prior else i - antecedent_at
                if ante is not None and (not ts or (ref and _closer(ref, ts, cue))):
                    ref = ref or Mention(ante.text, 0, 0, COREF)
                    mentions.append(Mention(ante.text, ref.start, ref.end, COREF, ref.text))
                mentions.sort(key=lambda m: m.start)
                slots = (
                    roles(
                        text_i,
                        cue,
                        mentions,
                        cue.status == Status.ORDERED,
                        cue.status not in {Status.ORDERED, Status.REVIVED},
                    )
                    if cue.end and not headline_case
                    else [OTHER] * len(mentions)
                )
                for m, role in zip(mentions, slots, strict=True):
                    c = _candidate(text_i, i, cue, m, ts, nets, seasons, doc_net, current, role)
                    c.antecedents = len(seen_shows)
                    c.ref_gap = gap if m.kind == COREF else 0
                    out.append(c)
        strong = [
            m
            for m in ts
            if (m.kind != BARE or counts[m.text] > 1 or m.text in headline)
            and not _a_person(m, quoted)
        ]
        seen_shows.update(m.text for m in strong)
        if strong and (sec.kind != HEADLINE or antecedent is None):
            antecedent, antecedent_at = strong[-1], i
        if len(out) > _MAX_CANDIDATES:
            break
    out = _add_legacy(out, legacy, secs)
    alone = _alone_words(texts)
    legacy_keys = frozenset(
        (norm_show(e.show), e.status.value) for e in legacy if not e.speculative
    )
    tv = len(TV_WORDS.findall("\n".join(texts[:40])))  # a TV word never holds a line break
    stats = DocStats(dict(counts), quoted, headline, alone, legacy_keys, tv, len(out), len(secs),
                     text)  # fmt: skip
    starts: dict[int, list[int]] = {}
    for c in out:
        sec = secs[c.sentence]
        ts = titles[c.sentence] if c.sentence < len(titles) else []
        if c.sentence not in starts:
            starts[c.sentence] = [m.start for m in ts]
        nearest = _is_nearest(c, ts, starts[c.sentence])
        c.features = candidate_features(
            c, texts[c.sentence], sec.kind, sec.heading, len(ts), nearest, stats
        )
    aliases = {
        texts[i][m.start : m.end]: m.text
        for i, ts in enumerate(titles)
        for m in ts
        if m.kind == DOCUMENT and texts[i][m.start : m.end].isupper()
    }
    return Article(secs, out, stats, aliases)


def _candidate(
    text: str,
    i: int,
    cue: Cue,
    m: Mention,
    ts: list[Mention],
    nets: list[tuple[Span, str]],
    seasons: list[SeasonMention],
    doc_net: str | None,
    current: dict[str, int],
    role: str = OTHER,
) -> Candidate:
    network, net_src = pick_network(text, cue, m, nets, doc_net)
    season, season_src = _member_season(text, cue, m, role, seasons)
    if season is None:
        season, season_src = pick_season(cue.status, cue, m, seasons, text, current.get(m.text))
    mods = modifiers(text, cue.start, cue.end) if cue.end else set()
    show = clean_title(m.text)
    status = cue.status
    if status == Status.RENEWED and "NEGATED" in mods and "HEDGED" not in mods:
        # "will not be picked up for season three", "won't return for a fourth": the
        # renewal denied is the cancellation, after the season before the one denied
        status = Status.CANCELED
        mods = {m for m in mods if m != "NEGATED" and not m.startswith("neg.")} | {"DENIED"}
        season, season_src = (season - 1, "denied") if season and season > 1 else (None, "none")
    if status == Status.ORDERED and season is not None and season > 1:
        status = Status.RENEWED  # "greenlit the series for a second season" (the brief's table)
    if cue.rule == "revive.pick_up" and season_src == "target" and season and season > 1:
        # "picked up X for a second season" renews; `document_rules` makes it a revival
        # when another network canceled the show in the same article
        status = Status.RENEWED
    return Candidate(show, status, cue, m, i, network, net_src, season, season_src, mods,
                     role)  # fmt: skip


def _member_season(
    text: str, cue: Cue, m: Mention, role: str, seasons: list[SeasonMention]
) -> tuple[int | None, str]:
    """A list member's own parenthesis gives its season: "Tin Crown (after five seasons)"."""
    paren = member_paren(text, m) if role != OTHER and m.kind != COREF else None
    if paren is None:
        return None, "none"
    inside = [s for s in seasons if paren[0] <= s.start < paren[1]]
    if not inside:
        return None, "none"
    season, _ = pick_season(cue.status, cue, m, inside, text, None)
    return season, ("paren" if season is not None else "none")


def _alone_words(texts: list[str]) -> frozenset[str]:
    """Return capitalised words that stand alone mid-sentence (surnames: "Cohen said")."""
    words: Counter[str] = Counter()
    for t in texts[:60]:
        for m in re.finditer(
            r"(?<=[a-z,] )([A-Z][a-z]{2,})(?= (?:said|says|told|added|,|and|was|is|has))", t
        ):
            words[m.group(1)] += 1
    return frozenset(w for w, n in words.items() if n >= 1)


def _describes(ref: Mention, titles: list[Mention]) -> bool:
    """'the Hulu comedy Pine Hollow': a descriptor right before a title is not a reference."""
    return any(0 <= t.start - ref.end <= 2 for t in titles)


def _a_person(m: Mention, quoted: frozenset[str]) -> bool:
    """A name shaped like a person's; a title the article quotes somewhere is a title
    whatever its words ("Brooklyn Nine-Nine")."""
    return m.text not in quoted and person_like(m.text)


def _nearest(refs: list[Mention], cue: Cue) -> Mention | None:
    return min(refs, key=lambda r: abs(r.start - cue.start)) if refs else None


def _closer(ref: Mention, titles: list[Mention], cue: Cue) -> bool:
    """Return True if a reference stands nearer the cue than every title of the sentence."""
    return all(abs(ref.start - cue.start) < abs(t.start - cue.start) for t in titles)


def _is_nearest(c: Candidate, ts: list[Mention], starts: list[int]) -> bool:
    """Return True if no title of the sentence stands nearer the cue.

    `ts` is sorted by start and `starts` holds their starts: only the cue's two
    neighbours can be nearest (log time, so a sentence-long list stays linear).
    """
    if c.mention.kind == COREF or not ts:
        return not ts
    k = bisect.bisect_left(starts, c.cue.start)
    near = ts[max(0, k - 1) : k + 1]
    return abs(c.mention.start - c.cue.start) == min(abs(m.start - c.cue.start) for m in near)


def _add_legacy(
    out: list[Candidate], legacy: list[StatusEvent], secs: list[Section]
) -> list[Candidate]:
    have = {(norm_show(c.show), c.status) for c in out}
    texts = [s.sentence.text for s in secs]
    for e in legacy:
        if e.speculative or (norm_show(e.show), e.status) in have:
            continue
        i = next((k for k, t in enumerate(texts) if e.evidence and e.evidence in t), 0)
        cue = Cue(LEGACY, e.status, 0, 0)
        m = Mention(e.show, 0, 0, LEGACY)
        out.append(Candidate(e.show, e.status, cue, m, i, e.network,
                             "legacy" if e.network else "none", e.season,
                             "legacy" if e.season is not None else "none"))  # fmt: skip
    return out
