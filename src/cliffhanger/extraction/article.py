"""Article-level rules: merging an article's events, and what the whole article says.

Events merge per show and status; a renewal by another network than the one that
canceled the show is a revival; films and non-TV articles yield nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cliffhanger.extraction.lexicon import network_pattern, number_value
from cliffhanger.extraction.sentences import Sentence
from cliffhanger.model import Status, StatusEvent

_RUN = re.compile(
    r"\b(?:ran|aired|lasted|running)\s+(?:for\s+)?(\d{1,2}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+seasons?\b|\b(\d{1,2}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)[- ]season\s+run\b",
    re.IGNORECASE,
)


# Each word list below opens with "(?=[a-z])": every word starts with a letter, and
# with IGNORECASE [a-z] matches all a letter can be (Python's re docs: the 52 ASCII
# letters and İ ı ſ K), so the matches are the same and the engine skips the rest.
TV_WORDS = re.compile(
    r"(?=[a-z])\b(?:seasons?|series|episodes?|sitcom|showrunners?|streamer|streaming|tv|television|"
    r"premiere[sd]?|finale|docuseries|miniseries|spinoff|spin-off|network|broadcaster|drama|"
    r"comedy|dramedy|binge\S*|anime|cartoon|reboot|revival|renewal)\b",
    re.IGNORECASE,
)


_FILM_WORDS = re.compile(
    r"(?=[a-z])\b(?:film|movie|feature|theaters|theatrical|box\s+office)\b", re.I
)


_SERIES_WORDS = re.compile(
    r"(?=[a-z])\b(?:series|season|episodes?|show|sitcom|docuseries|renewal)\b", re.I
)


def full_titles(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return events named by the fullest title the article gives the show.

    A headline's "Blood of My Blood" is the body's "Outlander: Blood of My Blood", and
    its "Only Murders" the body's "Only Murders in the Building" (the longer title
    goes on in small words; "Law & Order: SVU" is another show than "Law & Order").
    """
    titles = {e.show for e in events}
    longer: dict[str, str] = {}
    for other in sorted(titles):  # each title offers its shorter readings: linear in words
        for short in _subtitle_cuts(other) + _lowercase_cuts(other):
            if short in titles and short != other:
                longer[short] = other
    # In one sentence, a shorter reading of the same span is the longer title cut
    # short ("Station" of "Station 19", "Actually Maybe" of "Love, Actually Maybe").
    said = sorted({(e.show, e.status, e.evidence) for e in events}, key=lambda x: len(x[0]))
    cut_of: dict[tuple[str, Status, str], str] = {}
    for o, status, evidence in said:  # longest last: the fullest reading wins
        for short in _word_cuts(o):
            cut_of[(short, status, evidence)] = o
    out = []
    for e in events:
        show = longer.get(e.show, e.show)
        fuller = cut_of.get((show, e.status, e.evidence))
        if fuller and fuller != show:
            out.append(replace(e, show=fuller))
        else:
            out.append(replace(e, show=show) if show != e.show else e)
    return out


def _subtitle_cuts(title: str) -> list[str]:
    """'Outlander: Blood of My Blood' -> ['Blood of My Blood']."""
    return [title[m.end() :] for m in re.finditer(r": ", title)]


def _lowercase_cuts(title: str) -> list[str]:
    """Return the cuts before a small word ("Only Murders" of "Only Murders in the Building")."""
    words = title.split(" ")
    return [" ".join(words[:i]) for i in range(1, len(words)) if words[i][:1].islower()]


def _word_cuts(title: str) -> list[str]:
    """Every cut of a title at a space (its prefixes) or after a comma (its tails)."""
    words = title.split(" ")
    cuts = [" ".join(words[:i]) for i in range(1, len(words))]
    return cuts + [title[m.end() :] for m in re.finditer(r", ", title)]


def _within(short: str, long: str) -> bool:
    """Return True if `short` is `long` cut at a space or a comma ("Actually Maybe" of "Love, …").

    A subtitle is no cut: "FBI" is another show than "FBI: Most Wanted".
    """
    return long.startswith(f"{short} ") or long.endswith(f", {short}")


def fill_run_length(events: list[StatusEvent], sentences: list[Sentence]) -> list[StatusEvent]:
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


def about_television(sentences: list[Sentence]) -> bool:
    """Return True if the article talks about TV: series words or a network.

    Without quotes, "X canceled" in a headline is as often a flight, a summit
    or a person; a bare title is only read where television is the subject.
    """
    text = " ".join(s.text for s in sentences)
    return bool(TV_WORDS.search(text)) or bool(network_pattern().search(text))


def about_films(sentences: list[Sentence]) -> bool:
    """Return True for an article about films (several film words, no series words)."""
    text = " ".join(s.text for s in sentences)
    # the series words first: most articles name one early, and then no count is needed
    return not _SERIES_WORDS.search(text) and len(_FILM_WORDS.findall(text)) >= 2


def document_rules(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return events reconciled across the article.

    - A renewal by another network than the one that canceled the show is a revival.
    - A show canceled in the article is not also "ending": "the series will end
      after one season" restates the cancellation.
    - A show the article gives a later season, or revives, is not also a new series order.
    """
    canceled = {norm_show(e.show): e for e in events if e.status == Status.CANCELED}
    for ev in events:
        gone = canceled.get(norm_show(ev.show))
        if gone and gone.season is None and ev.status == Status.FINAL_SEASON and ev.season:
            # "X was canceled. The series will end after three seasons." -> had three.
            canceled[norm_show(ev.show)] = replace(gone, season=ev.season)
    events = [
        canceled.get(norm_show(e.show), e) if e.status == Status.CANCELED else e for e in events
    ]
    final = {norm_show(e.show): e for e in events if e.status == Status.FINAL_SEASON}
    out: list[StatusEvent] = []
    for ev in events:
        key = norm_show(ev.show)
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
    # A show the same article gives a later season is no new series: "the streamer has
    # ordered one more" of a show ending with season 6 is that season, not a season 1 order.
    # A revival ordered is the revival ("the X revival is ordered at Hulu"), not a new series.
    later = {norm_show(e.show) for e in out if e.season and e.season > 1 and not e.speculative}
    later |= {norm_show(e.show) for e in out if e.status == Status.REVIVED and not e.speculative}
    return [
        e
        for e in out
        if not (e.status == Status.ORDERED and (e.season or 1) == 1 and norm_show(e.show) in later)
    ]


def merge_events(events: list[StatusEvent]) -> list[StatusEvent]:
    """Return one event per show, status (and season for renewals), the best-supported kept."""
    merged: dict[tuple[str, Status, int | None], StatusEvent] = {}
    order: list[tuple[str, Status, int | None]] = []
    for ev in events:
        key_season = (
            ev.season if ev.status in {Status.RENEWED, Status.ORDERED, Status.REVIVED} else None
        )
        key = (norm_show(ev.show), ev.status, key_season)
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


def norm_show(title: str) -> str:
    """Return the key a show is grouped by (lower case, no punctuation or leading article)."""
    t = re.sub(r"[^\w\s]", "", title.lower())
    return re.sub(r"^(the|a|an)\s+", "", t).strip()


def variant_key(title: str) -> str:
    """Return the key under which one article's spellings of a title fold together.

    "Keeping Up With The Kardashians", "Keeping Up with the Kardashian" and "Keeping
    Up With Kardashians" share one key: case, punctuation, articles and a word's
    plural "s" aside (news copy drops each of them now and then).
    """
    words = [w for w in norm_show(title).split() if w not in {"the", "a", "an"}]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def preferred_titles(shows: list[str], mentions: dict[str, int]) -> dict[str, str]:
    """Return show -> the article's preferred spelling of it: of the spellings sharing its
    `variant_key`, the one named in most sentences (`mentions`), then the longest."""
    named: dict[str, int] = {}  # sentences per spelling, punctuation aside ("S.W.A.T.")
    for s, n in mentions.items():
        named[norm_show(s)] = named.get(norm_show(s), 0) + n
    groups: dict[str, list[str]] = {}
    for s in {*shows, *mentions}:
        groups.setdefault(variant_key(s), []).append(s)
    best = {
        k: max(v, key=lambda s: (named.get(norm_show(s), 0), len(s), s)) for k, v in groups.items()
    }
    return {s: best[variant_key(s)] for s in shows}
