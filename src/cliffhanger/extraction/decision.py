"""Stage 6, decision: the article's events from its scored candidates.

`decide` scores every candidate of `pipeline.candidates` with the trained
model (`scorer.py`), keeps the best candidate per show and status whose
calibrated probability reaches the model's threshold (or its `slot_floor` for a
title in a cue's slot with nothing against it), reads its network and season
from the best-supported candidates, and applies the article-level rules
(`article.document_rules`). The phrase rules of `status.py` vote through a
feature; their own event stands without the scorer only when read from the
headline (the text they were built on) or a status-labelled scorecard line.
Names no article would give a show unmarked (people, occasions, ordinary
words) never become events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from cliffhanger.extraction.arguments import Candidate
from cliffhanger.extraction.article import (
    document_rules,
    full_titles,
    merge_events,
    norm_show,
    preferred_titles,
)
from cliffhanger.extraction.context import attribution
from cliffhanger.extraction.features import DocStats
from cliffhanger.extraction.lexicon import (
    OUTLETS,
    first_names,
    is_person,
    names_an_occasion,
    person_like,
)
from cliffhanger.extraction.pipeline import Article
from cliffhanger.extraction.scorer import Model, packaged_model
from cliffhanger.extraction.seasons import season_mentions
from cliffhanger.extraction.structure import HEADLINE, heading_status
from cliffhanger.extraction.titles import clean_title
from cliffhanger.model import Status, StatusEvent


def decide(
    article: Article,
    legacy: list[StatusEvent],
    published: dt.date | None,
    model: Model | None = None,
) -> list[StatusEvent]:
    """Return the article's status events: the best candidate per show and status, scored."""
    model = model or packaged_model()
    by_key: dict[tuple[str, Status], list[Candidate]] = {}
    # one spelling per show and article ("Kardashian" and "Kardashians" are one show)
    spelling = preferred_titles(
        [c.show for c in article.candidates] + [e.show for e in legacy], article.stats.mentions
    )
    legacy = [replace(e, show=spelling[e.show]) for e in legacy]
    for c in article.candidates:
        c.show = spelling[c.show]
        c.p = model.probability(c.features)
        by_key.setdefault((norm_show(c.show), c.status), []).append(c)
    legacy_by_key: dict[tuple[str, Status], list[StatusEvent]] = {}
    for e in legacy:
        if not e.speculative:
            legacy_by_key.setdefault((norm_show(e.show), e.status), []).append(e)
    events: list[StatusEvent] = []
    for key, group in by_key.items():
        group.sort(key=lambda c: -c.p)
        # one plain statement of the decision outweighs a hedged or denied mention of it
        # elsewhere in the article ("may be coming to an end" in a recap, "will end" in the lead)
        plain = [c for c in group if c.p >= model.threshold and not _HEDGED_OR_DENIED & c.modifiers]
        if plain and plain[0] is not group[0]:
            group.remove(plain[0])
            group.insert(0, plain[0])
        best = group[0]
        rules = legacy_by_key.get(key, [])
        agreed = bool(rules)  # a phrase rule read the same show and status
        if rules and best.p < model.threshold:
            # the scorer decides (the rules' vote is one of its features); a phrase-rule
            # event read from the headline stands, as the rules were built on headlines
            rules = [r for r in rules if _rule_stands(r, article)]
        if rules:  # the phrase rules read their own match's arguments
            for rule in rules:
                if not _plausible_rule_title(rule.show, article.stats) or _removed_from(
                    rule.show, rule.evidence
                ):
                    continue
                network, season = _arguments(group, rule)
                show = article.aliases.get(rule.show, clean_title(rule.show))
                events.append(replace(rule, show=show, network=network, season=season))
            continue
        if best.p < model.threshold:
            # a title in a cue's slot with nothing against it decides unless the scorer
            # all but rules it out: the grammar knows list members and new series the
            # labelled data has seen too few of
            slot = [c for c in group if c.features.get("slotted") and c.p >= model.slot_floor]
            if not slot:
                continue
            best = slot[0]
            group = [best] + [c for c in group if c is not best]
        plausible = _plausible_title(best.show, article.stats) or (
            agreed and _plausible_rule_title(best.show, article.stats)
        )  # a one-word title named once passes where a phrase rule read it too
        if not plausible or _removed_from(best.show, article.sections[best.sentence].sentence.text):
            continue  # checked last: it compiles a pattern for the show
        if "NEGATED" in best.modifiers:
            continue  # "has not been renewed", "denied it was canceled"
        hedged = bool({"HEDGED", "QUESTION"} & best.modifiers)
        evidence = article.sections[best.sentence].sentence.text
        network, season = _arguments(group, None)
        events.append(
            StatusEvent(
                show=best.show,
                status=best.status,
                network=network,
                season=season,
                date=published,
                speculative=hedged,
                confidence=round(min(best.p, 0.4) if hedged else best.p, 3),
                evidence=evidence,
                attribution=attribution(evidence),
            )
        )
    return _article_season(document_rules(merge_events(full_titles(events))), article)


_HEDGED_OR_DENIED = frozenset({"HEDGED", "QUESTION", "NEGATED"})


def _article_season(events: list[StatusEvent], article: Article) -> list[StatusEvent]:
    """Return `events` where the one ending or cancellation of an article that states no
    season in its own sentence takes the season count the article states, when it states
    exactly one framed by an ending ("after 14 years, 20 seasons" in a quote four sentences
    on: the 20th is the last). An article about several decisions keeps its seasons."""
    ending = [e for e in events if e.status in _ENDINGS and not e.speculative]
    if len(ending) != 1 or ending[0].season is not None or len(events) > 2:
        return events
    counts = {
        m.value
        for sec in article.sections
        for m in season_mentions(sec.sentence.text)
        if m.kind in {"count", "final"} and _ENDING_BEFORE.search(sec.sentence.text[: m.end])
    }
    if len(counts) != 1:
        return events
    season = next(iter(counts))
    return [replace(e, season=season) if e is ending[0] else e for e in events]


_ENDINGS = {Status.FINAL_SEASON, Status.CANCELED}
# A count is the whole run when an ending frames it ("after 14 years, 20 seasons"), not a
# run so far ("soldiered on for 18 seasons after it began").
_ENDING_BEFORE = re.compile(
    r"\b(?:after|end(?:s|ed|ing)?|final|last|wrap\w*|farewell|conclud\w*)\b", re.I
)


def _rule_stands(rule: StatusEvent, article: Article) -> bool:
    """Return True if the phrase rule read its event from the article's headline or from a
    scorecard line that labels a list with a status ("RENEWED: A, B and C")."""
    if not rule.evidence:
        return False
    label, colon, listed = rule.evidence.partition(":")
    if colon and label.strip().isupper() and heading_status(label) == rule.status.value:
        return rule.show in listed
    heads = [s.sentence.text for s in article.sections if s.kind == HEADLINE]
    return any(rule.evidence in h or (len(h) > 30 and h in rule.evidence) for h in heads)


_STRONG_NETWORK = {"subject", "object", "owner", "legacy"}


def _plausible_title(show: str, stats: DocStats) -> bool:
    """Return False for a bare name no article would give a show unmarked.

    Quoted (or italic) anywhere in the article, any title passes. Bare, a
    person's name ("Kate McKinnon"), an occasion ("the Spring Gala Luncheon")
    and a one-word name the article uses once, outside its headline
    ("Already", "Charter"), are not decisions about a show.
    """
    if show in stats.quoted:
        return True
    if person_like(show) or names_an_occasion(show) or _JOB.search(show) or show in _OUTLETS:
        return False  # a person, an occasion, a person by their job, the outlet reporting
    if is_person(show, stats.people):
        return False
    if _ordinary_word(show, stats):
        return False
    one_word = " " not in show.strip()
    return not (one_word and stats.mentions.get(show, 0) < 2 and show not in stats.headline)


_JOB = re.compile(
    r"\b(?:CEO|chief|chairman|chairwoman|president|executive|showrunner)\b|\bhead\s+of\b", re.I
)
_OUTLETS = frozenset(OUTLETS)


_REMOVAL = r"(?:axed|axe|axing|dropped|drop|cut|fired|dumped|sacked|removed|booted|written\s+out)"
# a show dropped from a line-up or schedule is canceled, not a person
_NOT_LINEUP = (
    r"(?!\s+(?:its|their|the|a)\s+(?:\w+\s+)?(?:line-?up|schedule|slate|roster|programming))"
)


def _removed_from(show: str, evidence: str) -> bool:
    """Return True where the sentence removes `show` FROM something: people are axed from a
    show, a panel or a network ("X was axed from the network"; "axed X and Y from Z");
    a show is axed, not axed from (a line-up or a schedule aside). Also "X, who was axed"
    and "X from Y" where X is a person's name."""
    name = re.escape(show)
    head = show.split(" from ")[0]
    if head != show and person_like(head):
        return True  # "Phil Tufnell from A Question Of Sport": a person and their show
    more = r"(?:\s*(?:,|,?\s+and|&)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})*"
    aux = r"(?:(?:was|were|has|have|had|been|being|is|are|got|gets|reportedly|also|just)\s+)*"
    return bool(
        re.search(rf"{name}{more}(?:,\s*who)?\s+{aux}{_REMOVAL}\s+from\b{_NOT_LINEUP}", evidence)
        or re.search(
            rf"\b{_REMOVAL}\s+(?:[^.;]{{0,80}}?){name}{more}\s+from\b{_NOT_LINEUP}", evidence
        )
    )


def _ordinary_word(show: str, stats: DocStats) -> bool:
    """A one-word bare name that is a given name ("Teddi"), or a word the same article
    writes in lower case ("Already", "Every"), named once outside the headline."""
    if " " in show.strip() or show in stats.quoted or show in stats.headline:
        return False
    if stats.mentions.get(show, 0) >= 2:
        return False
    return show in first_names() or show.lower() in stats.lower_words


def _plausible_rule_title(show: str, stats: DocStats) -> bool:
    """The phrase rules' titles: never an occasion or a person by their job; in an
    article (not a headline), a person's name named once and never quoted is a
    person ("FX ordered a series from Jane Doe"), not a show."""
    if show in stats.quoted:
        return True
    if names_an_occasion(show) or is_person(show, stats.people):
        return False
    if person_like(show) and re.search(r"\s(?:and|&)\s|,", show):
        return False  # "Jane Doe and Mary Roe were axed": people, however short the text
    if _JOB.search(show) or show in _OUTLETS:
        return False  # "Entertainment CEO Jane Doe": a person by the job; "Variety" reports
    if stats.n_sentences > 3 and _ordinary_word(show, stats):
        return False
    return not (person_like(show) and stats.n_sentences > 3 and stats.mentions.get(show, 0) < 2)


def _arguments(group: list[Candidate], rule: StatusEvent | None) -> tuple[str | None, int | None]:
    """Return the network and season of a show's decision from its best-supported candidates."""
    best = group[0]
    if rule is not None:  # the phrase rules read their own match's arguments precisely
        network = rule.network or best.network
        season = rule.season
        if season is None:
            found = [c.season for c in group if c.season is not None
                     and c.season_source in {"paren", "next_of_current", "current"}]  # fmt: skip
            season = found[0] if found else None
        return network, season
    network = best.network
    if best.network_source not in _STRONG_NETWORK:
        strong = [c for c in group if c.network_source in _STRONG_NETWORK and c.p >= best.p / 2]
        if strong:
            network = strong[0].network
    season = best.season
    if season is None or best.season_source == "default":
        found = [c.season for c in group if c.season is not None and c.season_source != "default"]
        if found:
            season = found[0]
    return network, season
