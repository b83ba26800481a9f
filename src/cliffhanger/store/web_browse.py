"""Read queries the web and API need beyond `repository`: states with show ids, pages of events.

A show's status comes from `repository.show_states`, the same code path as
the CLI; the board's (every show at once) is read from `show_current`, which
every write keeps with that same function. This module adds what a browser
needs on top: ids to link to, pagination, filters, and the facts the stats
page counts (premieres, cliffhangers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import CastFact, SeasonFact, ShowState, Status, TimelineEntry
from cliffhanger.store import repository, show_current, versioning
from cliffhanger.store.catalog_tables import EventLinkRow, ReviewDecisionRow, ShowCatalogRow
from cliffhanger.store.keys import name_key
from cliffhanger.store.tables import (
    CastRow,
    CliffhangerRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowRow,
)

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_COMPUTING = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[
    Engine, dict[str, tuple[tuple[Any, ...], tuple[ShowRef, ...]]]
] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class ShowRef:
    """A show's id and its current state."""

    id: int
    state: ShowState


@dataclass(frozen=True)
class EventItem:
    """A stored event and the id of its show."""

    show_id: int
    entry: TimelineEntry


def board_refs(engine: Engine) -> list[ShowRef]:
    """Return every show on the board with its id and state (no timeline), by network then title.

    On the board as `repository.board` has it: a show only a catalog knows of
    is left out. States are read from `show_current` (kept by every write;
    `store.show_current`), or computed by the rules when that was computed
    by other rules and could not be redone (a read-only database). The
    result is cached per engine until the store's version or the day changes.
    """
    return list(_cached(engine, "board", _board))


def tracked_refs(engine: Engine) -> list[ShowRef]:
    """Return the shows of `board_refs` with states computed by the rules, timelines included.

    For readers that need every event of every show (the forecast); cached as `board_refs`.
    """
    return list(_cached(engine, "tracked", _tracked))


def _board(engine: Engine, signature: tuple[Any, ...]) -> list[ShowRef]:
    (_, rules), today = signature
    if rules != show_current.rules_hash():
        return [ShowRef(r.id, dataclasses.replace(r.state, timeline=())) for r in _tracked(engine)]
    with Session(engine) as session:
        found = show_current.board_states(session, today)
    return _by_network([ShowRef(show_id, state) for show_id, state in found])


def _tracked(engine: Engine, signature: tuple[Any, ...] | None = None) -> list[ShowRef]:
    del signature  # the states are computed as of today
    with Session(engine) as session:
        tracked = or_(
            ShowRow.id.in_(select(EventRow.show_id)),
            ShowRow.id.not_in(select(ShowCatalogRow.show_id)),
        )
        shows = list(session.scalars(select(ShowRow).where(tracked)))
        states = repository.show_states(session, shows, every=True)
    return _by_network([ShowRef(s.id, state) for s, state in zip(shows, states, strict=True)])


def _by_network(refs: list[ShowRef]) -> list[ShowRef]:
    refs.sort(key=lambda r: ((r.state.network or "").casefold(), r.state.show.casefold(), r.id))
    return refs


def _cached(
    engine: Engine, kind: str, build: Callable[[Engine, tuple[Any, ...]], list[ShowRef]]
) -> tuple[ShowRef, ...]:
    signature = data_version(engine)
    with _LOCK:
        cached = _CACHE.setdefault(engine, {}).get(kind)
    if cached is not None and cached[0] == signature:
        return cached[1]
    # One computation at a time: fifty requests arriving together wait for the first.
    with _COMPUTING:
        with _LOCK:
            cached = _CACHE.setdefault(engine, {}).get(kind)
        if cached is not None and cached[0] == signature:
            return cached[1]
        refs = tuple(build(engine, signature))
        with _LOCK:
            _CACHE.setdefault(engine, {})[kind] = (signature, refs)
    return refs


def warm(engine: Engine) -> threading.Thread:
    """Return the daemon thread that reads the board of `engine` into the cache.

    A failure (the database not there yet) is logged, not raised: the first
    reader then reads the board as before.
    """

    def run() -> None:
        try:
            board_refs(engine)
        except Exception:
            log.warning("warming the board failed; it is read on first use", exc_info=True)

    thread = threading.Thread(target=run, name="board-warm-up", daemon=True)
    thread.start()
    return thread


def data_version(engine: Engine) -> tuple[Any, ...]:
    """Return a signature of everything a status depends on; it changes when any of it does.

    ((store version, rules hash), today): every committed write bumps the
    version (`store.versioning`), and the rules compare dates with today.
    """
    return (versioning.read_version(engine), dt.date.today())


def decided_in(engine: Engine, year: int) -> set[int]:
    """Return the ids of the shows with an official (not speculative) event dated in `year`.

    Rejected events do not count, as everywhere.
    """
    query = (
        select(EventRow.show_id)
        .outerjoin(ReviewDecisionRow, ReviewDecisionRow.event_id == EventRow.id)
        .where(
            EventRow.speculative.is_(False),
            EventRow.date >= dt.date(year, 1, 1),
            EventRow.date <= dt.date(year, 12, 31),
            or_(ReviewDecisionRow.decision.is_(None), ReviewDecisionRow.decision != "rejected"),
        )
        .distinct()
    )
    with Session(engine) as session:
        return set(session.scalars(query))


def show_refs(engine: Engine, show_ids: Sequence[int]) -> list[ShowRef]:
    """Return the shows `show_ids` with their states, in the order given (unknown ids skipped)."""
    with Session(engine) as session:
        rows = {s.id: s for s in session.scalars(select(ShowRow).where(ShowRow.id.in_(show_ids)))}
        shows = [rows[i] for i in show_ids if i in rows]
        states = repository.show_states(session, shows)
    return [ShowRef(show.id, state) for show, state in zip(shows, states, strict=True)]


def search_refs(engine: Engine, text: str, limit: int) -> list[ShowRef]:
    """Return up to `limit` shows matching `text`, best first, ranked as `repository.find_shows`."""
    key = name_key(text)
    if not key:
        raise InputError("nothing to search for", hint='give part of a title, e.g. "partner"')
    with Session(engine) as session:
        ids = repository.ranked_show_ids(session, key, limit)
    return show_refs(engine, ids)


def show_id_by_title(engine: Engine, title: str) -> int:
    """Return the id of the show titled (or aliased) `title`; NotFoundError with a hint if none."""
    with Session(engine) as session:
        return repository.require_show(session, title).id


def show_ids_page(engine: Engine, limit: int, offset: int) -> tuple[list[int], int]:
    """Return a page of show ids by title, and how many shows there are."""
    with Session(engine) as session:
        total = session.scalar(select(func.count(ShowRow.id))) or 0
        ids = session.scalars(
            select(ShowRow.id).order_by(ShowRow.key, ShowRow.id).limit(limit).offset(offset)
        )
        return list(ids), total


def events_page(
    engine: Engine,
    *,
    status: Status | None = None,
    network: str | None = None,
    since: dt.date | None = None,
    show_ids: Sequence[int] | None = None,
    official: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[EventItem], int]:
    """Return a page of events, most recently recorded first, and how many match.

    Rejected events are left out, as everywhere; `official` leaves out rumours too.
    """
    query = repository.entry_query(None)
    if status is not None:
        query = query.where(EventRow.status == str(status))
    if network is not None:
        query = query.where(
            EventRow.network_id.in_(
                select(NetworkRow.id).where(NetworkRow.key == name_key(network))
            )
        )
    if since is not None:
        query = query.where(EventRow.date >= since)
    if show_ids is not None:
        query = query.where(EventRow.show_id.in_(list(show_ids)))
    if official:
        query = query.where(EventRow.speculative.is_(False))
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(None)
            .order_by(EventRow.created_at.desc(), EventRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            EventItem(row.EventRow.show_id, repository.timeline_entry(row)) for row in rows
        ], total


def show_title(engine: Engine, show_id: int) -> str:
    """Return the title of show `show_id`; NotFoundError if there is none."""
    with Session(engine) as session:
        title = session.scalar(select(ShowRow.title).where(ShowRow.id == show_id))
    if title is None:
        raise NotFoundError(f"no show with id {show_id}", hint="find ids with GET /api/shows?q=")
    return title


def cast_of(engine: Engine, show_id: int) -> list[CastFact]:
    """Return the known cast of show `show_id`, by person."""
    title = show_title(engine, show_id)
    with Session(engine) as session:
        rows = session.scalars(
            select(CastRow).where(CastRow.show_id == show_id).order_by(CastRow.person)
        )
        return [CastFact(show=title, person=r.person, character=r.character) for r in rows]


def seasons_of(engine: Engine, show_id: int) -> list[SeasonFact]:
    """Return what is known of each season of show `show_id`, first season first."""
    title = show_title(engine, show_id)
    with Session(engine) as session:
        rows = session.scalars(
            select(SeasonRow).where(SeasonRow.show_id == show_id).order_by(SeasonRow.season)
        )
        return [
            SeasonFact(
                show=title,
                season=r.season,
                episodes=r.episodes,
                premiere=r.premiere.isoformat() if r.premiere else None,
            )
            for r in rows
        ]


@dataclass(frozen=True)
class CatalogFacts:
    """What one catalog says of a show: premiere, last air date, seasons, episodes, network, ids."""

    source: str
    premiered: dt.date | None
    ended: dt.date | None
    year: int | None
    seasons: int | None
    episodes: int | None
    network: str | None


def catalogs_of(engine: Engine, show_id: int) -> list[CatalogFacts]:
    """Return what each catalog listing show `show_id` says of it, by catalog name."""
    query = (
        select(
            ShowCatalogRow.source,
            ShowCatalogRow.premiered,
            ShowCatalogRow.ended,
            ShowCatalogRow.year,
            ShowCatalogRow.seasons,
            ShowCatalogRow.episodes,
            ShowCatalogRow.network,
        )
        .where(ShowCatalogRow.show_id == show_id)
        .order_by(ShowCatalogRow.source)
    )
    with Session(engine) as session:
        return [CatalogFacts(*row) for row in session.execute(query)]


def premieres(engine: Engine) -> dict[int, dict[int, dt.date]]:
    """Return {show id: {season: premiere date}} for every season whose premiere is known.

    A catalog's premiere date counts as season 1's when no article gave one.
    """
    found: dict[int, dict[int, dt.date]] = defaultdict(dict)
    with Session(engine) as session:
        for show_id, premiered in session.execute(
            select(ShowCatalogRow.show_id, ShowCatalogRow.premiered).where(
                ShowCatalogRow.premiered.is_not(None)
            )
        ):
            if premiered is not None:
                found[show_id].setdefault(1, premiered)
        for show_id, season, premiere in session.execute(
            select(SeasonRow.show_id, SeasonRow.season, SeasonRow.premiere).where(
                SeasonRow.premiere.is_not(None)
            )
        ):
            if premiere is not None:
                found[show_id][season] = premiere
    return dict(found)


def cliffhangers(
    engine: Engine, show_ids: Sequence[int] | None = None
) -> dict[int, set[int | None]]:
    """Return {show id: seasons that ended on a cliffhanger (None: season unknown)}."""
    found: dict[int, set[int | None]] = defaultdict(set)
    query = select(CliffhangerRow.show_id, CliffhangerRow.season)
    if show_ids is not None:
        query = query.where(CliffhangerRow.show_id.in_(list(show_ids)))
    with Session(engine) as session:
        for show_id, season in session.execute(query):
            found[show_id].add(season)
    return dict(found)


def watchers(engine: Engine, show_ids: Sequence[int]) -> set[int]:
    """Return which of `show_ids` are on at least one watchlist."""
    from cliffhanger.store.web_tables import WatchlistShowRow

    with Session(engine) as session:
        return set(
            session.scalars(
                select(WatchlistShowRow.show_id).where(WatchlistShowRow.show_id.in_(show_ids))
            )
        )


def queued(engine: Engine, event_ids: Sequence[int]) -> set[int]:
    """Return which of `event_ids` wait in the review queue (the rule of `store.review`)."""
    from cliffhanger.store.linking import REVIEW_BELOW, REVIEW_LINKS

    if not event_ids:
        return set()
    uncertain = or_(
        EventRow.confidence < REVIEW_BELOW,
        EventLinkRow.recommendation.in_([str(r) for r in REVIEW_LINKS]),
    )
    query = (
        select(EventRow.id)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        .outerjoin(ReviewDecisionRow, ReviewDecisionRow.event_id == EventRow.id)
        .where(ReviewDecisionRow.id.is_(None), EventRow.is_correction.is_(False), uncertain)
        .where(EventRow.id.in_(list(event_ids)))
    )
    with Session(engine) as session:
        return set(session.scalars(query))
