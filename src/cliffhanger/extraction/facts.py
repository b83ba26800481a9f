"""Facts beside decisions: cast and characters, season facts, cliffhanger endings."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from cliffhanger.extraction.lexicon import MONTHS, network_surface_map, number_value
from cliffhanger.extraction.seasons import season_mentions
from cliffhanger.extraction.sentences import Sentence
from cliffhanger.extraction.titles import bare_title_after, quoted_spans
from cliffhanger.extraction.validate import valid_title
from cliffhanger.model import CastFact, CliffhangerFact, SeasonFact, Status, StatusEvent

_NAME_WORD = r"[A-Z][a-zà-ÿ]+(?:[’'-][A-Za-zà-ÿ]+)?"
_PERSON = rf"(?:{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD}|de|van|von|da|del|di|le|la)){{1,3}})"
_CHAR = rf"(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
_AS = re.compile(
    rf"""(?P<person>{_PERSON})\s+(?:as|plays|portrays|stars\s+as|is\s+playing|
        (?:will\s+(?:also\s+)?)?(?:return|returns|returning|appear|appears|reprises?\s+(?:her|his|
        their)\s+role)\s+as)\s+(?P<char>{_CHAR})\b""",
    re.VERBOSE,
)
_PAREN = re.compile(rf"(?P<outer>{_PERSON})\s+\((?P<inner>{_PERSON})\)")
_POSSESSIVE = re.compile(rf"(?P<person>{_PERSON})[’']s?\s+(?P<char>{_PERSON})\b")
_PLAYED_BY = re.compile(
    rf"(?P<char>{_CHAR}),?\s+(?:played|portrayed)\s+by\s+(?P<person>{_PERSON})\b"
)
_PRONOUN_PLAY = re.compile(
    rf"\b(?:she|he|they)(?:[’']ll|\s+will|\s+would)?\s+(?:play|portray|voice)s?\s+(?P<char>{_CHAR})\b"
)
# Words without which no cast pattern matches (a cheap test before the patterns).
_CAST_GATE = (" as ", "(", "’s ", "'s ", "play", "portray", "voice")
_IN_SERIES = re.compile(r"\bin\s+the\s+(?=[A-Z])")
_CHARACTER_CONTEXT = re.compile(
    r"\b(?:pals?|friends?|characters?|played|plays|lawyer|boyfriend|girlfriend|roles?|cast)\b", re.I
)
_EPISODES = re.compile(r"\b(?P<n>\d{1,3}|[a-z]+)[- ]episodes?\b(?:\s+(?:order|run))?", re.I)
_NOT_A_RUN = re.compile(
    r"\b(?:held\s+back|left|remaining|unaired|bonus|leftover|in\s+the\s+can|"
    r"first\s+\w+\s+episodes|episodes?\s+into)\b",
    re.I,
)
_PREMIERE_VERB = r"""\b(?:premiered|premieres|premiering|debuted|debuts|dropped|drops|released|
    launched|bowed|arrived|returned|returns|hit\s+\w+|streaming)\b"""
_PREMIERE = re.compile(
    _PREMIERE_VERB
    + r"""[^.;]{0,60}?\bon\s+
        (?:\w+day,?\s+)?(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?
        (?:,?\s+(?P<year>(?:19|20)\d\d))?""",
    re.VERBOSE,
)
# The premiere pattern's opening verb alone: a sentence it misses, _PREMIERE misses.
_PREMIERE_GATE = re.compile(_PREMIERE_VERB, re.VERBOSE)
_CLIFFHANGER = re.compile(
    r"""\b(?:ended|ending|ends|end|wrapped|wraps|closed|closes|concluded|concludes|left\s+
        (?:fans|viewers|audiences)|finished)\s+(?:on|with)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}
        cliffhanger\b
        |\b(?:finale|season[- ]ending|cliffhanger)\s+(?:cliffhanger|finale|ending)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def may_state_fact(text: str) -> bool:
    """Return True if a sentence holds what some fact pattern needs (the facts gate).

    Each test is the one its stage applies before its patterns, so a sentence the
    gate drops yields no fact: a cast word (`_may_name_cast`, `_cast` returns
    nothing without one); "episode" or " on " with a premiere verb (`_season_fact`
    reads `_EPISODES` only after "episode" and `_PREMIERE` only after " on ", and
    `_PREMIERE` opens with `_PREMIERE_GATE`'s verbs); "liffhanger" (`_CLIFFHANGER`).
    """
    low = text.lower()
    return (
        "episode" in low
        or "liffhanger" in text
        or (" on " in low and _PREMIERE_GATE.search(text) is not None)
        or _may_cast(text, low)
    )


# A space, "(" and a capital: where "Name (Name)" (`_PAREN`) can match.
_PAREN_KEY = re.compile(r"\s\([A-Z]")
_LEAD_WORD = re.compile(r"\b(?:lead|leading|star)\b")


def _may_cast(text: str, low: str) -> bool:
    """Return True if some cast pattern can yield a fact in a sentence (`low`: lower-cased).

    `_cast` yields nothing without a `_CAST_GATE` word, and then reads each pattern
    only where its key holds; the keys here are those, or tighter ones each pattern
    itself needs: `_AS` after " as ", "play" or "portray"; `_PLAYED_BY` needs
    "played" or "portrayed"; `_PAREN` a space, "(" and a capital (`_PAREN_KEY`);
    `_POSSESSIVE` a character word or "lead"/"star" (`_CHARACTER_CONTEXT`,
    `_LEAD_WORD`); `_PRONOUN_PLAY` "play" or "voice".
    """
    if not any(k in low for k in _CAST_GATE):
        return False
    return (
        " as " in low
        or "play" in low
        or "portray" in low
        or "voice" in low
        or _PAREN_KEY.search(text) is not None
        or _CHARACTER_CONTEXT.search(text) is not None
        or _LEAD_WORD.search(text) is not None
    )


def find_facts(
    sentences: list[Sentence], events: list[StatusEvent], published: dt.date | None
) -> tuple[list[CastFact], list[SeasonFact], list[CliffhangerFact]]:
    """Return the cast, season and cliffhanger facts of a document's sentences.

    Only the sentences the facts gate passes (`may_state_fact`) are read for facts;
    a document with none costs one gate test per sentence. The article's main show,
    people and text still come from every sentence.
    """
    read = [s for s in sentences if may_state_fact(s.text)]
    if not read:
        return [], [], []
    # The main show is found when first needed (most documents state no fact): an
    # article without one has no facts, so None then ends the reading, as it would first.
    found: list[str | None] = [events[0].show] if events else []

    def main() -> str | None:
        if not found:
            found.append(_main_show(sentences, events))
        return found[0]

    people: list[str] | None = None  # names in the article, found when a cast pattern needs them
    full_text = "\n".join(s.text for s in sentences)
    cast: dict[tuple[str, str], CastFact] = {}
    seasons: dict[tuple[str, int], SeasonFact] = {}
    cliff: dict[str, CliffhangerFact] = {}
    known_season = _known_season(events[0].show, events) if events else None  # none without one
    for s in read:
        named = _sentence_show(s.text)
        if _may_name_cast(s.text):
            people = _persons(sentences) if people is None else people
            show = named or main()
            if show is None:
                return [], [], []
            for member in _cast(s.text, show, people, full_text):
                cast.setdefault((member.person, member.character), member)
        decided = next((e.show for e in events if e.evidence == s.text), None)
        given = decided or named
        season_fact = _season_fact(s.text, given or "", published)  # the show only names it
        if season_fact and not given:
            if (main_show := main()) is None:
                return [], [], []
            season_fact = replace(season_fact, show=main_show)
        if season_fact:
            key = (season_fact.show, season_fact.season)
            prev = seasons.get(key)
            seasons[key] = SeasonFact(
                season_fact.show,
                season_fact.season,
                season_fact.episodes or (prev.episodes if prev else None),
                season_fact.premiere or (prev.premiere if prev else None),
            )
        if "liffhanger" in s.text and _CLIFFHANGER.search(s.text):
            if (main_show := main()) is None:
                return [], [], []
            mention = next((m for m in season_mentions(s.text) if m.kind == "target"), None)
            season = mention.value if mention else known_season
            prev_c = cliff.get(main_show)
            if prev_c is None or (prev_c.season is None and season is not None):
                cliff[main_show] = CliffhangerFact(main_show, season)
    if (cast or seasons or cliff) and main() is None:
        return [], [], []
    if known_season is None and len(seasons) == 1:
        _, only = next(iter(seasons))
        cliff = {k: CliffhangerFact(v.show, v.season or only) for k, v in cliff.items()}
    return list(cast.values()), list(seasons.values()), list(cliff.values())


def _may_name_cast(text: str) -> bool:
    """Return True if a sentence has a word without which no cast pattern matches."""
    low = text.lower()
    return any(k in low for k in _CAST_GATE)


def _main_show(sentences: list[Sentence], events: list[StatusEvent]) -> str | None:
    if events:
        return events[0].show
    titles: Counter[str] = Counter()
    for s in sentences:
        for q in quoted_spans(s.text):
            if valid_title(q.text):
                titles[q.text] += 1
    return titles.most_common(1)[0][0] if titles else None


def _known_season(show: str, events: list[StatusEvent]) -> int | None:
    for ev in events:
        if ev.show == show and ev.season is not None:
            if ev.status in {Status.CANCELED, Status.FINAL_SEASON}:
                return ev.season
            return ev.season - 1 if ev.season > 1 else None
    return None


def _persons(sentences: list[Sentence]) -> list[str]:
    found: list[str] = []
    for s in sentences:
        for m in re.finditer(_PERSON, s.text):
            name = m.group(0)
            if name not in found and name.split()[0] not in network_surface_map():
                found.append(name)
    return found


def _sentence_show(text: str) -> str | None:
    quoted = [q.text for q in quoted_spans(text) if valid_title(q.text)]
    if quoted:
        return quoted[-1]
    m = _IN_SERIES.search(text)
    if m and re.search(r"\b(?:series|show|adaptation|drama|comedy)\b", text[m.end() :], re.I):
        span = bare_title_after(text, m.end())
        if span and valid_title(span.text) and len(span.text.split()) >= 2:
            return span.text
    return None


def _is_network(name: str) -> bool:
    return name in network_surface_map() or name.split()[0] in network_surface_map()


def _cast(text: str, show: str, persons: list[str], full_text: str) -> list[CastFact]:
    out: list[CastFact] = []
    if not _may_name_cast(text):
        return out
    low = text.lower()
    # each pattern only where its key word is (the patterns start with a name: costly)
    for m in _AS.finditer(text) if (" as " in low or "play" in low or "portray" in low) else ():
        if not _is_network(m.group("person")) and m.group("char") != show:
            out.append(CastFact(show, m.group("person"), m.group("char")))
    for m in _PLAYED_BY.finditer(text) if " by " in low else ():
        out.append(CastFact(show, m.group("person"), m.group("char")))
    for m in _PAREN.finditer(text) if "(" in text else ():
        outer, inner = m.group("outer"), m.group("inner")
        if _outer_is_actor(outer, inner, full_text):
            out.append(CastFact(show, outer, inner))
        else:
            out.append(CastFact(show, inner, outer))
    if _CHARACTER_CONTEXT.search(text) or _LEAD_WORD.search(text):
        for m in _POSSESSIVE.finditer(text):
            person, char = m.group("person"), m.group("char")
            if not _is_network(person) and char != show and not valid_title_only(char, show):
                out.append(CastFact(show, person, char))
    play = _PRONOUN_PLAY.search(text) if ("play" in low or "voice" in low) else None
    if play:
        subject = _sentence_subject(text, persons)
        if subject:
            out.append(CastFact(show, subject, play.group("char")))
    return out


def valid_title_only(name: str, show: str) -> bool:
    """Return True if `name` is the show itself rather than a character."""
    return name.lower() == show.lower()


def _alone(word: str, full_name: str, text: str) -> bool:
    """Return True if `word` occurs in `text` other than inside `full_name`."""
    return len(re.findall(rf"\b{re.escape(word)}\b", text)) > len(
        re.findall(rf"\b{re.escape(full_name)}\b", text)
    )


def _outer_is_actor(outer: str, inner: str, text: str) -> bool:
    """Return True for "Actor (Character)", False for "Character (Actor)".

    Articles name actors again by surname ("Gibson told ...") and characters by
    first name ("Ingrid discovered ..."); with no such clue, the recap
    convention "Character (Actor)" is the likelier one.
    """
    outer_first, outer_last = outer.split()[0], outer.split()[-1]
    inner_first, inner_last = inner.split()[0], inner.split()[-1]
    if _alone(inner_last, inner, text) or _alone(outer_first, outer, text):
        return False
    return _alone(outer_last, outer, text) or _alone(inner_first, inner, text)


def _sentence_subject(text: str, persons: list[str]) -> str | None:
    first = re.match(r"\s*(?P<name>[A-Z][a-zà-ÿ’'-]+(?:\s+[A-Z][a-zà-ÿ’'-]+)*)", text)
    if not first:
        return None
    name = first.group("name")
    for p in persons:
        if p == name or p.split()[-1] == name.split()[-1]:
            return p
    return None


def _season_fact(text: str, show: str, published: dt.date | None) -> SeasonFact | None:
    low = text.lower()
    ep = _EPISODES.search(text) if "episode" in low else None
    prem = _PREMIERE.search(text) if " on " in low else None
    if not ep and not prem:
        return None
    # "its first run of ten episodes" names a season as a count; both kinds can anchor
    targets = [m for m in season_mentions(text) if m.kind in {"target", "count"}]
    if not targets:
        return None
    anchor = ep.start() if ep else prem.start() if prem else 0
    mention = min(targets, key=lambda m: abs(m.start - anchor))  # the season it describes
    if ep and (abs(ep.start() - mention.start) > 45 or _NOT_A_RUN.search(text)):
        ep = None  # "two episodes held back from the third season" is not its length
    episodes = number_value(ep.group("n")) if ep else None
    premiere = None
    if prem:
        month = MONTHS.get(prem.group("month").lower())
        day = int(prem.group("day"))
        if month and 1 <= day <= 31:
            year = int(prem.group("year")) if prem.group("year") else None
            if year is None and published is not None:
                year = published.year
            premiere = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if episodes is None and premiere is None:
        return None
    return SeasonFact(show, mention.value, episodes, premiere)
