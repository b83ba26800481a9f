"""Resolve a show mention to a catalog show, beets-style.

Each candidate gets named, weighted penalties in 0..1 (title, network, year)
and a people-overlap bonus; the weighted mean of the penalties minus the bonus
is its distance, and thresholds turn the best distance into a recommendation:
`strong` (link it), `medium` / `low` (an editor should look), `none` (no
catalog show: propose a new one). Every number is kept on the result, so a
review queue can show why a link was made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.resolution.networks import NetworkIndex, default_index


class Recommendation(StrEnum):
    """How sure a resolution is, from the best candidate's distance."""

    STRONG = "strong"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


@dataclass(frozen=True)
class Weights:
    """How much each named penalty counts; `people` is a bonus taken off the distance."""

    title: float = 3.0
    network: float = 1.5
    year: float = 1.0
    people: float = 0.3


@dataclass(frozen=True)
class Thresholds:
    """Largest distance for each recommendation (above `low` is `none`)."""

    strong: float = 0.12
    medium: float = 0.25
    low: float = 0.40


@dataclass(frozen=True)
class Mention:
    """A show as an article names it: title, deciding network, year, people named."""

    title: str
    network: str | None = None
    year: int | None = None
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Distance:
    """Named penalties (0..1) of one candidate, their weights and the resulting total."""

    penalties: dict[str, float]
    weights: Weights = field(default_factory=Weights)

    @property
    def raw(self) -> float:
        """Return the weighted mean of the applied penalties less the people bonus (may be < 0)."""
        applied = {k: v for k, v in self.penalties.items() if k != "people"}
        weight = sum(getattr(self.weights, k) for k in applied)
        base = sum(getattr(self.weights, k) * v for k, v in applied.items()) / (weight or 1.0)
        return base - self.weights.people * self.penalties.get("people", 0.0)

    @property
    def total(self) -> float:
        """Return the distance clamped to 0..1 (0 = same show)."""
        return min(1.0, max(0.0, self.raw))


@dataclass(frozen=True)
class Candidate:
    """A catalog show proposed for a mention, with its distance."""

    show: CatalogShow
    distance: Distance

    @property
    def score(self) -> float:
        """Return 1 - distance: 1.0 is a perfect match."""
        return 1.0 - self.distance.total


@dataclass(frozen=True)
class Resolution:
    """The best catalog show for a mention (None when nothing is close), and the rest."""

    show: CatalogShow | None
    score: float
    recommendation: Recommendation
    candidates: tuple[Candidate, ...] = ()


_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def normalize_title(title: str) -> str:
    """Return the matching key of a title: case, '&', punctuation, leading article folded."""
    text = title.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


def _parts(title: str) -> list[str]:
    """Return a raw title's colon-separated parts ("Star Wars: Andor" -> both halves)."""
    parts = [p.strip() for p in title.split(":") if p.strip()]
    return parts if len(parts) > 1 else []


def _subtitle_similarity(a: str, b: str) -> float:
    """Return 85 when one title is the other minus a franchise prefix, 75 for a spin-off, else 0.

    "Star Wars: Andor" and "Andor" are one show; "Squid Game: The Challenge" is
    a spin-off of "Squid Game", close in name but another show.
    """
    for longer, shorter in ((a, b), (b, a)):
        parts = [normalize_title(p) for p in _parts(longer)]
        key = normalize_title(shorter)
        if parts and parts[-1] == key:
            return 85.0  # not 100: "Squid Game: The Challenge" is not "The Challenge"
        if parts and key in parts:
            return 75.0
    return 0.0


def title_penalty(mention: str, titles: Iterable[str]) -> float:
    """Return the title distance 0..1 of a mention to a show's titles (0 = same title).

    Similarity is the best of rapidfuzz ratio and token-sort ratio, and the
    franchise/spin-off rule of `_subtitle_similarity`. Titles are short, so
    every point below 100 counts double.
    """
    key = normalize_title(mention)
    best = 0.0
    for title in titles:
        other = normalize_title(title)
        if not other:
            continue
        score = max(
            fuzz.ratio(key, other),
            fuzz.token_sort_ratio(key, other),
            _subtitle_similarity(mention, title),
        )
        best = max(best, score)
    return round(min(1.0, 2.0 * (1.0 - best / 100.0)), 4)


def year_penalty(year: int | None, show: CatalogShow) -> float | None:
    """Return how far a mention's year lies outside a show's run (0 inside), or None."""
    if year is None or show.year is None:
        return None
    start = show.year
    end = show.ended.year if show.ended else None
    if year < start:
        gap = start - year - 1  # announced the year before it premieres: normal
    elif end is not None and year > end:
        gap = year - end - 1  # news the year after the finale: normal
    else:
        gap = 0
    return min(1.0, max(0, gap) / 8.0)


def network_penalty(network: str | None, show: CatalogShow, networks: NetworkIndex) -> float | None:
    """Return the network distance: 0 same, 0.15 renamed or another network the show is on
    (a catalog's other networks, the streamer that carries it: Netflix for Lucifer), 0.5
    sister, 1 other; None if unknown."""
    if not network or not show.network:
        return None
    a = networks.canonical(network) or network
    b = networks.canonical(show.network) or show.network
    if a == b:
        return 0.0
    if networks.current(a) == networks.current(b):
        return 0.15
    elsewhere = [n for n in (*show.other_networks, show.carrier) if n]
    if any(networks.current(n) == networks.current(a) for n in elsewhere):
        return 0.15
    family = networks.family(a)
    return 0.5 if family is not None and family == networks.family(b) else 1.0


def people_overlap(people: Sequence[str], show: CatalogShow) -> float | None:
    """Return the share of the mention's people in the show's cast, or None without both."""
    if not people or not show.cast:
        return None
    cast = show.people
    return sum(1 for p in people if p.casefold() in cast) / len(people)


class CatalogIndex:
    """Catalog shows indexed by normalised title and alias, for exact and fuzzy lookup."""

    def __init__(
        self,
        shows: Iterable[CatalogShow],
        networks: NetworkIndex | None = None,
        weights: Weights | None = None,
        thresholds: Thresholds | None = None,
        limit: int = 12,
    ) -> None:
        self.shows: list[CatalogShow] = list(shows)
        self.networks = networks or default_index()
        self.weights = weights or Weights()
        self.thresholds = thresholds or Thresholds()
        self.limit = limit
        self._titles: list[list[str]] = []
        self._by_key: dict[str, list[int]] = {}
        for i, show in enumerate(self.shows):
            titles = list(dict.fromkeys((show.title, *show.aliases)))
            self._titles.append(titles)
            keys = {normalize_title(t) for t in titles}
            keys.update(normalize_title(p) for t in titles for p in _parts(t))
            for key in keys:
                self._by_key.setdefault(key, []).append(i)
        # sorted: the fuzzy look-up breaks ties by position, which must not be storage order
        self._choices = sorted(self._by_key)

    def __len__(self) -> int:
        return len(self.shows)

    def candidates(self, mention: Mention) -> list[Candidate]:
        """Return the candidates for a mention, best (smallest distance) first."""
        key = normalize_title(mention.title)
        found: set[int] = set(self._by_key.get(key, ()))
        for part in _parts(mention.title):
            found.update(self._by_key.get(normalize_title(part), ()))
        for choice, _score, _ in process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=self.limit, score_cutoff=70
        ):
            found.update(self._by_key[choice])
        scored = [Candidate(self.shows[i], self.distance(mention, i)) for i in found]
        scored.sort(key=_rank)
        return scored

    def distance(self, mention: Mention, i: int) -> Distance:
        """Return the named penalties between a mention and the i-th show."""
        show = self.shows[i]
        penalties = {"title": title_penalty(mention.title, self._titles[i])}
        optional = {
            "network": network_penalty(mention.network, show, self.networks),
            "year": year_penalty(mention.year, show),
            "people": people_overlap(mention.people, show),
        }
        penalties.update({k: v for k, v in optional.items() if v is not None})
        return Distance(penalties, self.weights)

    def recommend(self, distance: float) -> Recommendation:
        """Return the recommendation a distance earns under the thresholds."""
        if distance <= self.thresholds.strong:
            return Recommendation.STRONG
        if distance <= self.thresholds.medium:
            return Recommendation.MEDIUM
        if distance <= self.thresholds.low:
            return Recommendation.LOW
        return Recommendation.NONE

    def resolve(self, mention: Mention) -> Resolution:
        """Return the best catalog show for a mention with its score and recommendation."""
        candidates = self.candidates(mention)
        if not candidates:
            return Resolution(None, 0.0, Recommendation.NONE, ())
        best = _moved(candidates)
        recommendation = self.recommend(best.distance.total)
        show = best.show if recommendation is not Recommendation.NONE else None
        return Resolution(show, round(best.score, 4), recommendation, tuple(candidates))


def _rank(candidate: Candidate) -> tuple[float, str, str, int, tuple[tuple[str, str], ...]]:
    """Return the sort key of a candidate: distance (raw: the people bonus breaks ties at 0),
    then the show's own facts, so two equally close shows come in the same order whatever
    order the catalogs were stored in."""
    show = candidate.show
    ids = tuple(sorted(show.external_ids.items()))
    return (candidate.distance.raw, show.title, show.network or "", show.year or 0, ids)


MOVED = 0.5  # the network penalty of the only show of a title, named with another network


def _moved(candidates: Sequence[Candidate]) -> Candidate:
    """Return the best candidate; the only one with the exact title reads another network as a move.

    Shows change networks (Brooklyn Nine-Nine, Fox then NBC) and catalogs name
    the last one, so for the one catalog show that carries the mention's exact
    title a different network costs `MOVED` (a sister network's penalty), not 1:
    the title alone then links it `medium`. With two shows of that title the
    network still tells them apart at full weight, and so does a year outside the run.
    """
    best = candidates[0]
    exact = [c for c in candidates if c.distance.penalties.get("title") == 0.0]
    penalties = best.distance.penalties
    if len(exact) != 1 or exact[0] is not best or penalties.get("network") != 1.0:
        return best
    if penalties.get("year", 0.0) > 0.0:
        return best  # outside the show's run as well: another show of that title
    return Candidate(best.show, Distance({**penalties, "network": MOVED}, best.distance.weights))
