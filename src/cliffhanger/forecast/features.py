"""Features of a show-season, each computed from what was known before the forecast date.

A `Case` is a show-season to forecast (or, in training, one whose outcome is
known) and its `as_of` date. `features(case, history, catalog)` returns a
plain dict of named features; nothing in it may depend on information dated on
or after `as_of` (tests/forecast/test_features.py checks it):

- `network`, `network_kind` (broadcast, cable, streaming; `NETWORK_KINDS`);
- `seasons_so_far` (capped at 12) and `season_bucket` ("1", "2", "3", "4-5", "6-9", "10+");
- `network_renewal_rate`: the network's share of seasons that came back, over
  decisions dated before `as_of`, shrunk towards the overall share of the same
  decisions (10 pseudo-decisions); `network_decisions`: log(1 + how many);
- the show's own earlier decisions (dated before `as_of`): `previous_decision`
  (none, renewed, final_season, revived, canceled), `previous_wait_days` (days
  from the start of that season year to the decision: hits are renewed early,
  bubble shows at the May upfronts) and `ordered_ahead` (an earlier renewal
  already ordered the next season, "renewed through season 7");
- `catalog_survival`: of OMDb series whose run had ended before `as_of`'s
  year, the share that reached `seasons_so_far` + 1 seasons among those that
  reached `seasons_so_far` (IMDb/OMDb, 1995-2017 premieres);
- `format` (scripted, animated, reality, documentary) and `genre=…` from OMDb
  genres, and `premiere_month` from its release date: fixed facts of a show;
- from the store, where it has them: `cliffhanger` (the season ended on one),
  `bubble_reports` (rumoured cancellations dated before `as_of`), `episodes`.

Premiere *year* is left out on purpose: a linear year term learned on
2013-2020 would be extrapolated to every later forecast; the network's
earlier rate already follows the drift of each network.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cliffhanger.errors import InputError
from cliffhanger.forecast.labels import TrainingRow, year_start
from cliffhanger.store.keys import name_key

Features = dict[str, Any]

BROADCAST = frozenset(
    {"ABC", "NBC", "CBS", "Fox", "The CW", "PBS", "ION Television", "Bounce TV", "MyNetworkTV"}
    | {"Telemundo", "Univision", "CW"}
)
STREAMING = frozenset(
    {"Netflix", "Prime Video", "Hulu", "Apple TV+", "Disney+", "HBO Max", "Max", "Peacock"}
    | {"Paramount+", "CBS All Access", "Crackle", "YouTube", "YouTube Premium", "Facebook Watch"}
    | {"Quibi", "DC Universe", "Acorn TV", "BritBox", "Shudder", "Seeso", "Yahoo Screen"}
    | {"IMDb TV", "Freevee", "BET+", "Spectrum Originals", "PlayStation Network", "Xbox"}
    | {"Vudu", "Roku Channel", "The Roku Channel", "Tubi", "Netflix Kids", "AMC+", "Starz Play"}
)
KINDS = ("broadcast", "cable", "streaming")
PRIOR_WEIGHT = 10.0  # pseudo-decisions pulling a network's rate towards the overall rate
REASON_GENRES = (
    "drama", "comedy", "crime", "action", "sci-fi", "fantasy", "horror", "family", "mystery",
    "thriller", "romance", "animation", "reality-tv", "documentary", "game-show", "talk-show",
)  # fmt: skip


def network_kind(network: str | None) -> str:
    """Return "broadcast", "cable" or "streaming" for a canonical network; "unknown" for None.

    Broadcast and streaming are listed (`BROADCAST`, `STREAMING`); every other
    named network is cable (basic or premium).
    """
    if not network:
        return "unknown"
    if network in BROADCAST:
        return "broadcast"
    return "streaming" if network in STREAMING else "cable"


def season_bucket(seasons: int) -> str:
    """Return the bucket of a season count: "1", "2", "3", "4-5", "6-9" or "10+"."""
    if seasons <= 3:
        return str(max(seasons, 1))
    return "4-5" if seasons <= 5 else "6-9" if seasons <= 9 else "10+"


@dataclass(frozen=True)
class Case:
    """A show-season to forecast, as known on `as_of`.

    `seasons` is how many seasons have aired; `signals` are dated facts from
    the store: ("cliffhanger", date of the article) and ("bubble", date of a
    rumoured cancellation); `episodes` the season's episode count when known.
    """

    show: str
    network: str | None
    seasons: int
    as_of: dt.date
    signals: tuple[tuple[str, dt.date], ...] = ()
    episodes: int | None = None


@dataclass
class History:
    """Decided show-seasons, from which rates "as of" a date are computed (decisions before it)."""

    rows: Sequence[TrainingRow]
    _dates: list[dt.date] = field(init=False, default_factory=list)
    _cache: dict[dt.date, tuple[float, dict[str, tuple[int, int]]]] = field(
        init=False, default_factory=dict
    )

    _shows: dict[str, list[TrainingRow]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.rows = sorted(self.rows, key=lambda r: r.decided)
        self._dates = [r.decided for r in self.rows]
        for row in self.rows:
            self._shows.setdefault(row.key[0], []).append(row)

    def show_before(self, show: str, as_of: dt.date) -> list[TrainingRow]:
        """Return the decided seasons of `show` decided before `as_of`, oldest first."""
        return [r for r in self._shows.get(name_key(show), []) if r.decided < as_of]

    def before(self, as_of: dt.date) -> Sequence[TrainingRow]:
        """Return the rows decided strictly before `as_of`."""
        return self.rows[: bisect_left(self._dates, as_of)]

    def rates(self, as_of: dt.date) -> tuple[float, dict[str, tuple[int, int]]]:
        """Return (overall share returned, {network: (returned, decided)}) before `as_of`."""
        if as_of not in self._cache:
            counts: dict[str, tuple[int, int]] = {}
            earlier = self.before(as_of)
            for row in earlier:
                back, total = counts.get(row.network or "", (0, 0))
                counts[row.network or ""] = (back + row.returns, total + 1)
            overall = sum(r.returns for r in earlier) / len(earlier) if earlier else 0.7
            self._cache[as_of] = (overall, counts)
        return self._cache[as_of]

    def network_rate(self, network: str | None, as_of: dt.date) -> tuple[float, int]:
        """Return (the network's shrunk share returned, its decisions), both before `as_of`."""
        overall, counts = self.rates(as_of)
        back, total = counts.get(network or "", (0, 0))
        return (back + PRIOR_WEIGHT * overall) / (total + PRIOR_WEIGHT), total


@dataclass(frozen=True)
class CatalogShow:
    """What OMDb says of a series: premiere, end year (None: still running), seasons, genres."""

    premiered: int
    ended: int | None
    seasons: int
    genres: tuple[str, ...]
    premiere_month: int | None


@dataclass
class Catalog:
    """OMDb series by folded title, and run lengths for survival by season count."""

    shows: dict[str, list[CatalogShow]] = field(default_factory=dict)
    _survival: dict[tuple[int, int], float | None] = field(default_factory=dict)

    def find(self, show: str, as_of: dt.date, seasons: int) -> CatalogShow | None:
        """Return the OMDb series `show` most likely names: premiered before `as_of`, nearest."""
        guess = as_of.year - seasons
        found = [c for c in self.shows.get(name_key(show), []) if c.premiered <= as_of.year]
        return min(found, key=lambda c: abs(c.premiered - guess), default=None)

    def survival(self, seasons: int, as_of: dt.date) -> float | None:
        """Return P(a run reaches `seasons` + 1 | it reached `seasons`) over runs ended before.

        None when fewer than 20 ended runs reached `seasons`.
        """
        key = (seasons, as_of.year)
        if key not in self._survival:
            self._survival[key] = self._count(seasons, as_of.year)
        return self._survival[key]

    def _count(self, seasons: int, year: int) -> float | None:
        reached = longer = 0
        for entries in self.shows.values():
            for c in entries:
                if c.ended is not None and c.ended < year and c.seasons >= seasons:
                    reached += 1
                    longer += c.seasons > seasons
        return longer / reached if reached >= 20 else None


def load_catalog(path: str) -> Catalog:
    """Return the OMDb series catalog (`omdb_series_1995_2017.csv.gz`); InputError if unreadable."""
    catalog = Catalog()
    csv.field_size_limit(1 << 24)
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                show = _catalog_show(row)
                if show is not None:
                    catalog.shows.setdefault(name_key(row.get("title", "")), []).append(show)
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(f"cannot read OMDb catalog {path}: {e}", hint="check the path") from e
    return catalog


_YEAR = re.compile(r"""'Year': u?['"]([^'"]*)['"]""")
_RANGE = re.compile(r"(\d{4})(?:\s*(?:\\u2013|\u2013|-)\s*(\d{4})?)?")


def _catalog_show(row: dict[str, str]) -> CatalogShow | None:
    """Return one OMDb row's run; its `json` column is a Python repr, read with a regex."""
    year = _YEAR.search(row.get("json") or "")
    if year is None:
        return None
    run = _RANGE.match(year.group(1))
    if run is None:
        return None
    open_ended = run.group(2) is None and len(year.group(1)) > 4
    seasons = int(row["seasons"]) if (row.get("seasons") or "").isdigit() else 1
    if run.group(2):
        ended: int | None = int(run.group(2))
    else:
        ended = None if open_ended else int(run.group(1))  # "2015": one year, ended
    genres = tuple(g.strip().lower() for g in (row.get("genre") or "").split(",") if g.strip())
    month = None
    with contextlib.suppress(ValueError):
        month = dt.datetime.strptime(row.get("release_date") or "", "%d %b %Y").month
    return CatalogShow(int(run.group(1)), ended, max(seasons, 1), genres, month)


def show_format(genres: Sequence[str]) -> str:
    """Return the format a show's genres imply: animated, reality, documentary or scripted."""
    if "animation" in genres:
        return "animated"
    if {"reality-tv", "game-show", "talk-show", "news"} & set(genres):
        return "reality"
    return "documentary" if "documentary" in genres else "scripted"


def features(case: Case, history: History, catalog: Catalog | None = None) -> Features:
    """Return the features of `case` from what was dated before `case.as_of`."""
    seasons = max(case.seasons, 1)
    rate, decisions = history.network_rate(case.network, case.as_of)
    found: Features = {
        "network": case.network or "(unknown)",
        "network_kind": network_kind(case.network),
        "seasons_so_far": min(seasons, 12),
        "season_bucket": season_bucket(seasons),
        "network_renewal_rate": round(rate, 4),
        "network_decisions": round(math.log1p(decisions), 4),
        "cliffhanger": int(any(k == "cliffhanger" and d < case.as_of for k, d in case.signals)),
        "bubble_reports": sum(k == "bubble" and d < case.as_of for k, d in case.signals),
    }
    earlier = [r for r in history.show_before(case.show, case.as_of) if r.season < seasons]
    found["previous_decision"] = str(earlier[-1].outcome) if earlier else "none"
    if earlier and earlier[-1].dated:
        wait = (earlier[-1].decided - year_start(earlier[-1].year)).days
        found["previous_wait_days"] = min(max(wait, 0), 400)
    found["ordered_ahead"] = int(any((r.renewed_to or 0) > seasons for r in earlier))
    if case.episodes:
        found["episodes"] = min(case.episodes, 30)
    if catalog is not None:
        survival = catalog.survival(seasons, case.as_of)
        if survival is not None:
            found["catalog_survival"] = round(survival, 4)
        entry = catalog.find(case.show, case.as_of, seasons)
        found["format"] = show_format(entry.genres) if entry else "(unknown)"
        if entry:
            for genre in entry.genres:
                if genre in REASON_GENRES:
                    found[f"genre={genre}"] = 1
            if entry.premiere_month:
                found["premiere_month"] = f"{entry.premiere_month:02d}"
    return found


def group_of(name: str) -> str:
    """Return the feature a vectorised column belongs to ("network=NBC" -> "network")."""
    return name.split("=", 1)[0]
