"""The read queries every adapter shares (CLI now, API and web later), and their JSON shape.

Thin on purpose: SQL lives in `store/`, rules in `status/`; this module only
composes them so the CLI and the web can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine

from cliffhanger.errors import NotFoundError
from cliffhanger.model import CastFact, SeasonFact, ShowState, ShowStatus, Status, TimelineEntry
from cliffhanger.serve.shapes import entry_json as entry_json  # re-exported for the adapters
from cliffhanger.serve.shapes import show_json
from cliffhanger.serve.shapes import state_json as state_json
from cliffhanger.store import repository, web_browse
from cliffhanger.store.keys import name_key
from cliffhanger.store.web_browse import EventItem, ShowRef

# How a board reads, top to bottom: what is coming back first, what is gone last.
BOARD_ORDER: tuple[ShowStatus, ...] = (
    ShowStatus.RETURNING,
    ShowStatus.ENDING,
    ShowStatus.ORDERED,
    ShowStatus.PENDING,
    ShowStatus.CANCELED,
    ShowStatus.ENDED,
)
NO_NETWORK = "(unknown network)"


def _network_order(name: str) -> tuple[bool, str]:
    """Return the sort key of a network: by name, shows with no known network last."""
    return (name == NO_NETWORK, name.casefold())


T = TypeVar("T")


@dataclass(frozen=True)
class NetworkBoard:
    """One network's scorecard: its shows grouped by status, in `BOARD_ORDER`."""

    network: str
    groups: tuple[tuple[ShowStatus, tuple[ShowState, ...]], ...]

    @property
    def count(self) -> int:
        """Return how many shows the board holds."""
        return sum(len(shows) for _, shows in self.groups)


def show_status(engine: Engine, title: str) -> ShowState:
    """Return the current state of the show titled `title` (NotFoundError if unknown)."""
    return repository.show_state(engine, title)


def find_show(engine: Engine, id_or_title: str) -> ShowRef:
    """Return the show named by an id ("42", "#42") or a title, with its state.

    A number is read as a show id when a show has that id, else as a title
    (so "24" still finds the show called 24 when no show has id 24).
    Raises NotFoundError when neither finds a show.
    """
    text = id_or_title.strip()
    digits = text.removeprefix("#")
    if digits.isdigit() and len(digits) < 11:
        refs = web_browse.show_refs(engine, [int(digits)])
        if refs:
            return refs[0]
        if text.startswith("#"):
            raise NotFoundError(
                f"no show with id {digits}", hint="find ids with `cliffhanger search`"
            )
    show_id = web_browse.show_id_by_title(engine, text)
    return web_browse.show_refs(engine, [show_id])[0]


def show_timeline(engine: Engine, title: str) -> list[TimelineEntry]:
    """Return the show's events oldest first (NotFoundError if unknown)."""
    return repository.timeline(engine, title)


def search_refs(engine: Engine, text: str, limit: int = 20) -> list[ShowRef]:
    """Return up to `limit` shows matching `text`, best match first, with ids and states.

    The ranking of `repository.find_shows`; InputError when `text` has nothing to search.
    """
    return web_browse.search_refs(engine, text, limit)


def search(engine: Engine, text: str, limit: int = 20) -> list[ShowState]:
    """Return up to `limit` shows matching `text`, best match first, with their states."""
    return repository.find_shows(engine, text, limit)


def board(engine: Engine, network: str | None = None) -> list[NetworkBoard]:
    """Return one scorecard per network (only `network`'s if given), networks by name.

    States as `web_browse.board_refs` reads them (no timelines).
    """
    by_network: dict[str, list[ShowState]] = {}
    wanted = name_key(network) if network is not None else None
    for ref in web_browse.board_refs(engine):
        state = ref.state
        if wanted is not None and not (state.network and name_key(state.network) == wanted):
            continue
        by_network.setdefault(state.network or NO_NETWORK, []).append(state)
    return [
        NetworkBoard(network=name, groups=_grouped(states))
        for name, states in sorted(by_network.items(), key=lambda kv: _network_order(kv[0]))
    ]


def _grouped(states: Sequence[ShowState]) -> tuple[tuple[ShowStatus, tuple[ShowState, ...]], ...]:
    groups = []
    for status in BOARD_ORDER:
        shows = tuple(s for s in states if s.status is status)
        if shows:
            groups.append((status, shows))
    return tuple(groups)


def board_json(boards: Sequence[NetworkBoard]) -> list[dict[str, Any]]:
    """Return boards as JSON-ready dicts: network, then shows by status."""
    return [
        {
            "network": b.network,
            "statuses": {str(status): [state_json(s) for s in shows] for status, shows in b.groups},
        }
        for b in boards
    ]


# --- the web and the API: shows with ids, pages, filters ----------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list that can grow: its items, the total, and where it starts."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class ShowDetail:
    """Everything the show page shows: state (with timeline), cast, seasons, cliffhangers."""

    id: int
    state: ShowState
    cast: tuple[CastFact, ...]
    seasons: tuple[SeasonFact, ...]
    cliffhangers: tuple[int | None, ...]
    catalogs: tuple[web_browse.CatalogFacts, ...] = ()


def board_page(
    engine: Engine,
    *,
    network: str | None = None,
    year: int | None = None,
    status: ShowStatus | None = None,
    since: dt.date | None = None,
    limit: int = 500,
    offset: int = 0,
) -> Page[ShowRef]:
    """Return a page of the board's shows (by network, then title) with their ids.

    `year` keeps the shows with an official decision dated that year; `status`
    the shows whose current status is that; `since` the shows whose status
    was decided on or after that date (its as-of date).
    """
    decided = web_browse.decided_in(engine, year) if year is not None else None
    refs = filter_board(web_browse.board_refs(engine), network, decided, status, since)
    return Page(tuple(refs[offset : offset + limit]), len(refs), limit, offset)


def filter_board(
    refs: Sequence[ShowRef],
    network: str | None = None,
    decided: Collection[int] | None = None,
    status: ShowStatus | None = None,
    since: dt.date | None = None,
) -> list[ShowRef]:
    """Return the refs that pass the board's filters (see `board_page`), in their order.

    `decided` holds the ids of the shows decided in the year asked for
    (`web_browse.decided_in`); None: no year filter.
    """
    found = list(refs)
    if network is not None:
        wanted = name_key(network)
        found = [r for r in found if name_key(r.state.network or NO_NETWORK) == wanted]
    if decided is not None:
        found = [r for r in found if r.id in decided]
    if status is not None:
        found = [r for r in found if r.state.status is status]
    if since is not None:
        found = [r for r in found if r.state.as_of is not None and r.state.as_of >= since]
    return found


def board_summary(
    engine: Engine,
    *,
    network: str | None = None,
    year: int | None = None,
    status: ShowStatus | None = None,
    since: dt.date | None = None,
) -> list[tuple[str, dict[ShowStatus, int], int]]:
    """Return per network (by name): its count of shows per status and in all, after the filters.

    The board's summary row: every network of the filtered board, even the
    ones past the current page.
    """
    counts: dict[str, dict[ShowStatus, int]] = {}
    decided = web_browse.decided_in(engine, year) if year is not None else None
    for ref in filter_board(web_browse.board_refs(engine), network, decided, status, since):
        per = counts.setdefault(ref.state.network or NO_NETWORK, {})
        per[ref.state.status] = per.get(ref.state.status, 0) + 1
    return [
        (name, {st: per[st] for st in BOARD_ORDER if st in per}, sum(per.values()))
        for name, per in sorted(counts.items(), key=lambda kv: _network_order(kv[0]))
    ]


def group_refs(refs: Sequence[ShowRef]) -> list[tuple[str, list[tuple[ShowStatus, list[ShowRef]]]]]:
    """Return `refs` grouped per network, then per status in `BOARD_ORDER`."""
    by_network: dict[str, list[ShowRef]] = {}
    for ref in refs:
        by_network.setdefault(ref.state.network or NO_NETWORK, []).append(ref)
    return [
        (
            name,
            [
                (status, [r for r in shows if r.state.status is status])
                for status in BOARD_ORDER
                if any(r.state.status is status for r in shows)
            ],
        )
        for name, shows in sorted(by_network.items(), key=lambda kv: _network_order(kv[0]))
    ]


def shows_page(
    engine: Engine, q: str | None = None, *, limit: int = 50, offset: int = 0
) -> Page[ShowRef]:
    """Return a page of shows matching `q` (best first), or of every show by title.

    A `q` with nothing to search for (no letter or digit) matches no show.
    """
    if q and q.strip() and not name_key(q):
        return Page((), 0, limit, offset)
    if q and q.strip():
        found = web_browse.search_refs(engine, q, offset + limit)
        # the fuzzy search has no total of its own; a full page means there may be more
        total = len(found) if len(found) < offset + limit else offset + limit + 1
        return Page(tuple(found[offset:]), total, limit, offset)
    ids, total = web_browse.show_ids_page(engine, limit, offset)
    return Page(tuple(web_browse.show_refs(engine, ids)), total, limit, offset)


def show_detail(engine: Engine, show_id: int) -> ShowDetail:
    """Return the show page's facts for show `show_id` (NotFoundError if unknown)."""
    refs = web_browse.show_refs(engine, [show_id])
    if not refs:
        raise NotFoundError(f"no show with id {show_id}", hint="find ids with GET /api/shows?q=")
    return ShowDetail(
        id=show_id,
        state=refs[0].state,
        cast=tuple(web_browse.cast_of(engine, show_id)),
        seasons=tuple(web_browse.seasons_of(engine, show_id)),
        cliffhangers=tuple(
            sorted(
                web_browse.cliffhangers(engine, [show_id]).get(show_id, ()), key=lambda s: s or 0
            )
        ),
        catalogs=tuple(web_browse.catalogs_of(engine, show_id)),
    )


def events_page(
    engine: Engine,
    *,
    status: Status | None = None,
    network: str | None = None,
    since: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[EventItem]:
    """Return a page of events, most recently recorded first, filtered as asked."""
    items, total = web_browse.events_page(
        engine, status=status, network=network, since=since, limit=limit, offset=offset
    )
    return Page(tuple(items), total, limit, offset)


def networks(engine: Engine) -> list[tuple[str, dict[str, int]]]:
    """Return every network on the board with its count of shows per status, by name."""
    counts: dict[str, dict[str, int]] = {}
    for ref in web_browse.board_refs(engine):
        per = counts.setdefault(ref.state.network or NO_NETWORK, {})
        per[str(ref.state.status)] = per.get(str(ref.state.status), 0) + 1
    return sorted(counts.items(), key=lambda kv: _network_order(kv[0]))


def ref_json(ref: ShowRef, *, with_timeline: bool = False) -> dict[str, Any]:
    """Return a show's state as a JSON-ready dict, with its id."""
    return show_json(ref.id, ref.state, with_timeline=with_timeline)


def unconfirmed(engine: Engine, refs: Sequence[ShowRef]) -> set[int]:
    """Return the ids of the shows in `refs` with a newer report waiting in the review queue.

    Such a report does not decide (see `status.current`); the page says it waits.
    `engine` is unused: kept so callers need not change.
    """
    del engine
    return {r.id for r in refs if r.state.waiting}
