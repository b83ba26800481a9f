"""Entity resolution across catalogs: is a catalog record the same series as a stored show?

One show per real series, whichever catalogs list it (TVmaze, Netflix, TMDB
details, OMDb/IMDb, Wikidata) and whatever the news calls it. A record is
compared with the stored shows that share its title key or one of its
aliases' keys (the blocking step); `decide` then gives the verdict by these
rules, in order, each with the case it comes from:

1. **External ids.** One id of a kind names one show: the same TMDB id is the
   same show; a show that already holds an id of the record's kind (and not
   this one) is another series, since a catalog mostly lists a series once
   (TMDB's two "Frasier" entries, 3452 and 195241), unless the record is a
   **second listing** of it in that catalog (`twin_listing`): under the same
   title, premiered within `TWIN_DAYS` of it with no other network named
   (TMDB lists "Them" of Prime Video twice, the second entry with no
   network), or on the same network in the same year with one run inside
   the other (a part of a cycle listed besides the whole). The show keeps
   both ids.
2. **Premiere year.** Both premiere years known and more than
   `YEAR_SLACK` apart: two series ("Forever", ABC 2014, and "FOREVER",
   Netflix 2025). Catalogs disagree by a year around New Year and for
   pilots shown early, hence the slack.
3. **A year seen on air** (Netflix's `release_year`, the year a season was
   released there, not the premiere): outside the show's run, give or take
   `YEAR_SLACK`, two series. A streamer's date never counts as a premiere.
4. **Same premiere year**: one series, whatever the networks say (TVmaze's
   "ABC" for The Doctor Blake Mysteries is TMDB's "ABC TV", Australia's).
5. **Network.** Both networks known and not related (the same service, a
   rename of it, or a sister channel, see `networks.NetworkIndex.related`):
   two series ("ONE PIECE", Netflix 2023, is not the Fuji TV anime). A
   streamer that only carries a show (Netflix for Lucifer) is a *carrier*,
   never compared as the network; a record's other networks (TMDB lists
   several) count as related too.
6. Otherwise the same series.

Each verdict carries its reason, so the linking bench
(`benchmarks/linking_bench.py`) and `catalog show` can say why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from cliffhanger.resolution.networks import NetworkIndex, default_index

YEAR_SLACK = 1  # years two catalogs may disagree on a premiere
TWIN_DAYS = 31  # days apart two premieres of one series listed twice in one catalog may be


@dataclass(frozen=True)
class Facts:
    """What linking compares, for a record or a stored show.

    `start` is the premiere year; `end` the last year aired (None while running
    or unknown); `seen` years the series was seen on air without being its
    premiere (a streamer's release year); `networks` the deciding network
    first, then the others a catalog lists; `kinds` the kinds of external ids
    held, `ids` the ids themselves as (kind, value); `premieres` the premiere
    dates catalogs give; `titles` the title keys (`store.keys.name_key`): a
    record's own title, a show's titles and aliases.
    """

    start: int | None = None
    end: int | None = None
    seen: tuple[int, ...] = ()
    networks: tuple[str, ...] = ()
    ids: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    premieres: frozenset[dt.date] = field(default_factory=frozenset)
    titles: frozenset[str] = field(default_factory=frozenset)

    @property
    def kinds(self) -> set[str]:
        """Return the kinds of external id held ("tmdb", "imdb" ...)."""
        return {kind for kind, _ in self.ids}


@dataclass(frozen=True)
class Verdict:
    """Whether two descriptions are one series, and the rule that said so."""

    same: bool
    reason: str


def decide(record: Facts, show: Facts, networks: NetworkIndex | None = None) -> Verdict:
    """Return whether `record` and stored `show` (sharing a title) are one series, and why.

    Both are `Facts`; the rules are the module's, in its order.
    """
    networks = networks or default_index()
    if record.ids & show.ids:
        return Verdict(True, "same external id")
    clash = {k for k, _ in record.ids} & show.kinds
    if clash:
        kind = sorted(clash)[0]
        if twin_listing(record, show, networks):
            return Verdict(True, f"one series the {kind} catalog lists twice")
        return Verdict(False, f"the show holds another {kind} id")
    if (
        record.start is not None
        and show.start is not None
        and abs(record.start - show.start) > YEAR_SLACK
    ):
        return Verdict(False, f"premiered {record.start}, not {show.start}")
    for year in record.seen:
        if not _in_run(year, show):
            return Verdict(False, f"seen on air in {year}, outside the show's run")
    for year in show.seen:
        if not _in_run(year, record):
            return Verdict(False, f"the show was seen on air in {year}, outside the run")
    if record.start is not None and record.start == show.start:
        return Verdict(True, "same title, same premiere year")
    if (
        record.networks
        and show.networks
        and not any(networks.related(a, b) for a in record.networks for b in show.networks)
    ):
        return Verdict(False, f"{record.networks[0]}, not {show.networks[0]}")
    return Verdict(True, "same title, compatible years and network")


def twin_listing(record: Facts, show: Facts, networks: NetworkIndex | None = None) -> bool:
    """Return True when `record` reads as a second listing of `show` in one catalog.

    Both under one title, and either premiered within `TWIN_DAYS` of each
    other with no unrelated network named (one may name none), or both on
    related networks, premiered the same year, one's run inside the other's.
    Two series of one title from one catalog differ in a network (Big
    Brother on CBS and on Channel 5, 13 days apart) or in months
    (Beyond the Veil, March and September 2022).
    """
    networks = networks or default_index()
    if not record.titles & show.titles:
        return False
    related = bool(record.networks and show.networks) and any(
        networks.related(a, b) for a in record.networks for b in show.networks
    )
    unnamed = not record.networks or not show.networks
    close = any(abs((a - b).days) <= TWIN_DAYS for a in record.premieres for b in show.premieres)
    if close and (related or unnamed):
        return True
    nested = _inside(record, show) or _inside(show, record)
    return related and record.start is not None and record.start == show.start and nested


def _inside(inner: Facts, outer: Facts) -> bool:
    """Return True when `inner`'s run (years) lies within `outer`'s, which has ended."""
    if inner.start is None or outer.start is None or outer.end is None or inner.end is None:
        return False
    return outer.start <= inner.start and inner.end <= outer.end


def _in_run(year: int, facts: Facts) -> bool:
    if facts.start is not None and year < facts.start - YEAR_SLACK:
        return False
    return facts.end is None or year <= facts.end + YEAR_SLACK


def best(
    record: Facts,
    candidates: Iterable[tuple[int, Facts]],
    networks: NetworkIndex | None = None,
) -> int | None:
    """Return the id of the candidate (id, Facts) that is `record`'s series, or None.

    Of several candidates that pass `decide`, the one with an external id in
    common wins, then the closest premiere year, then the one with the
    deciding network in common, then the lowest id (the oldest show).
    """
    networks = networks or default_index()
    fits = [(show_id, f) for show_id, f in candidates if decide(record, f, networks).same]
    if not fits:
        return None

    def rank(item: tuple[int, Facts]) -> tuple[int, int, int, int]:
        show_id, f = item
        shared = 0 if record.ids & f.ids else 1
        gap = abs(record.start - f.start) if record.start is not None and f.start else 9
        same_net = (
            0
            if record.networks
            and f.networks
            and networks.related(record.networks[0], f.networks[0])
            else 1
        )
        return (shared, gap, same_net, show_id)

    return min(fits, key=rank)[0]
