"""The scorer's features: one home for every feature, used in training and at run time.

Each candidate becomes a sparse map of feature name -> value (mostly 1.0).
Names are ``group=value`` strings, so the trained trees' splits read as
sentences (``kind=quoted``, ``cue=cancel.verb``, ``mod=HEDGED``). A rule's vote is a
feature too (``legacy`` when the phrase rules of `status.py` found the same
show and status). Slots are masked: the show's own words are never a
feature, only their shape, so the model learns how decisions are phrased,
not which shows were decided (quantulum3 masks its slots the same way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from cliffhanger.extraction.arguments import Candidate
from cliffhanger.extraction.article import TV_WORDS, norm_show
from cliffhanger.extraction.clauses import COLON_LIST, LIST, OBJECT, RELATIVE, SUBJECT
from cliffhanger.extraction.cues import weak_cues
from cliffhanger.extraction.lexicon import SENTENCE_OPENERS, is_person, people_named, person_like
from cliffhanger.extraction.mentions import BARE, COREF, LEGACY, NEXT

_BREAK = re.compile(r"[;:()]|\s[–—-]\s|\bwhich\b|\bwho\b|\bafter\b|\bwhile\b|\bbut\b|\bas\b", re.I)
_LIST = re.compile(r",|\band\b|&", re.I)
_LOWER_WORD = re.compile(r"(?=[a-z])(?<![\w’'-])[a-z]{3,}(?![\w’'-])")


@dataclass(frozen=True)
class DocStats:
    """What the article as a whole says about a show: counts and where it is named."""

    mentions: dict[str, int]  # show -> sentences naming it
    quoted: frozenset[str]  # shows quoted or italic somewhere in the article
    headline: frozenset[str]  # shows named in the headline
    alone_words: frozenset[str]  # words that also stand alone capitalised (surnames)
    legacy: frozenset[tuple[str, str]]  # (show, status) the phrase rules found
    tv_words: int  # series, season, network, streamer … in the article
    n_candidates: int
    n_sentences: int = 0
    text: str = ""  # the article: `lower_words` and `people` are read from it when first asked

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """The words the article writes in lower case (one pass, on first use)."""
        return frozenset(_LOWER_WORD.findall(self.text))

    @cached_property
    def people(self) -> frozenset[str]:
        """The names the article marks as people (`people_named`, on first use)."""
        return people_named(self.text)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def candidate_features(
    c: Candidate,
    text: str,
    section: str,
    heading: str | None,
    n_titles: int,
    nearest: bool,
    stats: DocStats,
) -> dict[str, float]:
    """Return the feature map of one candidate (see the module docstring for names)."""
    f: dict[str, float] = {"bias": 1.0}
    st = c.status.value
    m, cue = c.mention, c.cue
    f[f"cue={cue.rule}"] = 1.0
    f[f"status={st}"] = 1.0
    f[f"kind={m.kind}"] = 1.0
    f[f"kind*status={m.kind}|{st}"] = 1.0
    f[f"role={c.role}"] = 1.0
    f[f"role*status={c.role}|{st}"] = 1.0
    f[f"role*kind={c.role}|{m.kind}"] = 1.0
    f[f"section={section}"] = 1.0
    f[f"section*status={section}|{st}"] = 1.0
    if heading:
        f["heading=" + ("same" if heading == st else "other")] = 1.0
    if m.kind in {COREF, "next", "legacy"}:
        side = m.kind
        gap = ""
        f[f"coref={m.text.lower() if m.text.lower() in {'it', 'its'} else 'the_x'}"] = 1.0
        if m.kind == COREF:
            f[f"ref_gap={_bucket(c.ref_gap, (0, 1, 2, 4))}"] = 1.0
            f[f"ref_rivals={_bucket(c.antecedents, (1, 2, 4))}"] = 1.0
    elif m.end <= cue.start:
        side = "before"
        gap = text[m.end : cue.start]
    elif m.start >= cue.end:
        side = "after"
        gap = text[cue.end : m.start]
    else:
        side = "inside"
        gap = ""
    dist = _bucket(len(gap), (2, 12, 30, 60, 120))
    f[f"side={side}"] = 1.0
    f[f"side*status={side}|{st}"] = 1.0
    f[f"side*cue={side}|{cue.rule}"] = 1.0
    f[f"dist={dist}"] = 1.0
    f[f"dist*side={dist}|{side}"] = 1.0
    near_gap = gap if len(gap) <= 240 else gap[:120] + " " + gap[-120:]  # bounded: linear
    if gap and (len(gap) > 240 or _BREAK.search(near_gap)):
        f["gap_break"] = 1.0
    if gap and (len(gap) > 240 or _LIST.search(near_gap)):
        f["gap_list"] = 1.0
    if re.search(r"\b(?:film|movie)\b", near_gap, re.I):
        f["gap_film"] = 1.0
    f[f"n_titles={_bucket(n_titles, (1, 2, 4))}"] = 1.0
    if nearest:
        f["nearest"] = 1.0
    for mod in sorted(c.modifiers):
        if mod.isupper():
            f[f"mod={mod}"] = 1.0
            f[f"mod*status={mod}|{st}"] = 1.0
        else:
            f[f"modrule={mod}"] = 1.0
    f[f"net={c.network_source}"] = 1.0
    f[f"net*status={c.network_source}|{st}"] = 1.0
    f[f"season={c.season_source}"] = 1.0
    if c.network_source in _OWN_NETWORK and c.season_source in _OWN_SEASON:
        # the cue's own clause names the network and a season: a whole decision stated
        f["complete"] = 1.0
        f[f"complete*status={st}"] = 1.0
    # the mention's shape, never its words
    words = m.text.split()
    if m.kind != COREF:
        f[f"words={_bucket(len(words), (1, 2, 3, 5))}"] = 1.0
        if m.text.isupper() and len(m.text) > 3:
            f["all_caps"] = 1.0
        if any(ch.isdigit() for ch in m.text):
            f["has_digit"] = 1.0
        # a person's shape: no name opens with an article ("The Imperfects" is a title)
        article = words[0].lower() in {"the", "a", "an"}
        if article and m.kind == BARE:
            f["opens_with_article"] = 1.0  # "The Imperfects": a title's shape, never a name's
        if m.kind == BARE and len(words) == 2 and all(w.isalpha() for w in words) and not article:
            f["two_names"] = 1.0
        if person_like(m.text):
            f["person_like"] = 1.0
        if is_person(m.text, stats.people):
            f["person_context"] = 1.0
        if any(w in stats.alone_words for w in words[1:]) and len(words) <= 3 and not article:
            f["surname_alone"] = 1.0
        after = text[m.end : m.end + 3]
        if after.startswith(("’s", "'s")):
            f["possessive"] = 1.0
    count = stats.mentions.get(c.show, 0)
    f[f"doc_count={_bucket(count, (1, 2, 4))}"] = 1.0
    if c.show in stats.quoted:
        f["doc_quoted"] = 1.0
    if c.show in stats.headline:
        f["in_headline"] = 1.0
    short = stats.n_sentences <= 2
    voted = (norm_show(c.show), st) in stats.legacy
    f[f"legacy*short={voted}|{short}"] = 1.0
    if voted:
        f["legacy"] = 1.0
        f[f"legacy*status={st}"] = 1.0
        f[f"legacy*kind={m.kind}"] = 1.0
    f[f"tv_words={_bucket(stats.tv_words, (0, 2, 6, 15))}"] = 1.0
    f[f"doc_candidates={_bucket(stats.n_candidates, (2, 6, 15, 40))}"] = 1.0
    if slotted(c, text):
        f["slotted"] = 1.0
        f[f"slotted*status={st}"] = 1.0
    return f


_OWN_NETWORK = {"subject", "object", "owner"}
_OWN_SEASON = {"count", "target", "final", "multi"}

# A title in a cue's argument slot, with no modifier against it (`clauses.roles`): the
# "slotted" feature, so a new series or a list member counts like a known one.
_SLOTS = {OBJECT, LIST, COLON_LIST, SUBJECT, RELATIVE}
_AGAINST = {"NEGATED", "HEDGED", "QUESTION", "OTHER_KIND", "PERSON"}
# "the series", "the drama": a definite description; a bare "it" in a slot is too often
# something else ("it was announced", a film, a person's project).
_DEFINITE = re.compile(r"^(?:the|this)\s", re.I)


def slotted(c: Candidate, sentence: str) -> bool:
    """Return True for a candidate whose title fills the cue's slot with nothing against it
    (the scorer's "slotted" feature).

    The sentence must also be about television: a network is the decision's subject,
    object or owner, or a TV word stands in it ("series", "season", "streamer").
    Courts order, flights are canceled and bills are revived too.
    """
    tv = c.network_source in {"subject", "object", "owner"} or TV_WORDS.search(sentence)
    return (
        bool(tv)
        and c.cue.rule not in weak_cues()
        and c.role in _SLOTS
        and not (c.modifiers & _AGAINST)
        and (
            c.mention.kind != COREF
            or (bool(_DEFINITE.match(c.mention.surface)) and c.antecedents == 1)
        )
        and not (" " not in c.show and (c.show.isupper() or c.show.lower() in SENTENCE_OPENERS))
        and not person_like(c.show)
        and c.mention.kind not in {LEGACY, NEXT}
    )
