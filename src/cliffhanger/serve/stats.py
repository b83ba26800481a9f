"""Analyst's numbers: cancellation rates by network and by season count, time to a decision,
cliffhanger cancellations. Computed from the same states as the board (one code path).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine

from cliffhanger.model import Status, TimelineEntry
from cliffhanger.serve.queries import NO_NETWORK
from cliffhanger.store import web_browse
from cliffhanger.store.web_browse import ShowRef

SEASON_BUCKETS = ("1", "2", "3", "4", "5+")
# Groups with fewer decided shows than this are greyed out: a rate over 2 shows says little.
MIN_GROUP = 10
Z95 = 1.959964  # the normal quantile of a two-sided 95% interval


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval (low, high), both 0..1, of `successes` out of `n`.

    Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22: it stays inside 0..1 and is sound for small n, unlike
    the normal approximation. n = 0 gives (0.0, 1.0): nothing is known.
    """
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """How many of the decided shows in a group were canceled."""

    label: str
    decided: int
    canceled: int

    @property
    def rate(self) -> float:
        """Return the share canceled, 0..1 (0 when nothing was decided)."""
        return self.canceled / self.decided if self.decided else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """Return the 95% Wilson interval of the rate, (low, high) in 0..1."""
        return wilson(self.canceled, self.decided)

    @property
    def small(self) -> bool:
        """Return True when the group has fewer than `MIN_GROUP` decided shows."""
        return self.decided < MIN_GROUP


@dataclass(frozen=True)
class Wait:
    """Days from a season's premiere to the decision about the show, per network."""

    label: str
    count: int
    median_days: float
    min_days: int
    max_days: int


@dataclass(frozen=True)
class CliffhangerCancellation:
    """A show canceled after a season that ended on a cliffhanger."""

    show_id: int
    show: str
    network: str
    season: int | None


@dataclass(frozen=True)
class Stats:
    """Everything the stats page and `GET /api/stats` show."""

    shows: int
    decided: int
    by_network: tuple[Rate, ...]
    by_seasons: tuple[Rate, ...]
    waits: tuple[Wait, ...]
    cliffhangers: tuple[CliffhangerCancellation, ...]


def stats(engine: Engine) -> Stats:
    """Return the stats of every show on the board."""
    refs = web_browse.board_refs(engine)
    return compute(refs, web_browse.premieres(engine), web_browse.cliffhangers(engine))


def compute(
    refs: Sequence[ShowRef],
    premieres: dict[int, dict[int, Any]],
    cliffhangers: dict[int, set[int | None]],
) -> Stats:
    """Return the stats of `refs`, given premiere dates and cliffhanger seasons per show id."""
    networks: dict[str, list[bool]] = {}
    seasons: dict[str, list[bool]] = {b: [] for b in SEASON_BUCKETS}
    waits: dict[str, list[int]] = {}
    ended_hanging: list[CliffhangerCancellation] = []
    for ref in refs:
        deciding = ref.state.deciding
        if deciding is None or deciding.status is Status.ORDERED:
            continue
        network = ref.state.network or NO_NETWORK
        canceled = deciding.status is Status.CANCELED
        networks.setdefault(network, []).append(canceled)
        aired = aired_seasons(deciding)
        if aired:
            seasons[SEASON_BUCKETS[min(aired, 5) - 1]].append(canceled)
            premiere = premieres.get(ref.id, {}).get(aired)
            if premiere is not None and deciding.date is not None:
                days = (deciding.date - premiere).days
                if days >= 0:
                    waits.setdefault(network, []).append(days)
        hanging = cliffhangers.get(ref.id, set())
        if canceled and hanging and (aired in hanging or None in hanging):
            season = aired if aired in hanging else None
            ended_hanging.append(CliffhangerCancellation(ref.id, ref.state.show, network, season))
    return Stats(
        shows=len(refs),
        decided=sum(len(v) for v in networks.values()),
        by_network=tuple(
            Rate(name, len(v), sum(v))
            for name, v in sorted(networks.items(), key=lambda kv: kv[0].casefold())
        ),
        by_seasons=tuple(Rate(bucket, len(v), sum(v)) for bucket, v in seasons.items()),
        waits=tuple(
            Wait(name, len(d), statistics.median(d), min(d), max(d))
            for name, d in sorted(waits.items(), key=lambda kv: kv[0].casefold())
        ),
        cliffhangers=tuple(sorted(ended_hanging, key=lambda c: c.show.casefold())),
    )


def aired_seasons(entry: TimelineEntry) -> int | None:
    """Return how many seasons had aired when `entry` was decided (None when unknown)."""
    if entry.season is None:
        return None
    aired = entry.season if entry.status is Status.CANCELED else entry.season - 1
    return aired if aired > 0 else None


def stats_json(result: Stats) -> dict[str, Any]:
    """Return `result` as a JSON-ready dict, with each rate computed."""

    def rate(r: Rate) -> dict[str, Any]:
        low, high = r.interval
        return {
            **asdict(r),
            "rate": round(r.rate, 4),
            "n": r.decided,
            "interval_95": [round(low, 4), round(high, 4)],
            "small": r.small,
        }

    return {
        "shows": result.shows,
        "decided": result.decided,
        "min_group": MIN_GROUP,
        "by_network": [rate(r) for r in result.by_network],
        "by_seasons": [rate(r) for r in result.by_seasons],
        "time_to_decision": [asdict(w) for w in result.waits],
        "cliffhanger_cancellations": [asdict(c) for c in result.cliffhangers],
    }
