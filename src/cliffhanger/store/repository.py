"""Reading and writing the store; every function returns `cliffhanger.model` objects, never rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, Select, or_, select
from sqlalchemy.orm import Bundle, Session, aliased

from cliffhanger.bounds import check_season
from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import (
    CastFact,
    CliffhangerFact,
    SeasonFact,
    ShowState,
    Status,
    StatusEvent,
    TimelineEntry,
)
from cliffhanger.status.rules import chronological
from cliffhanger.store.catalog_tables import EventLinkRow, ReviewDecisionRow, ShowCatalogRow
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import (
    CastRow,
    CliffhangerRow,
    DocumentRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowAliasRow,
    ShowRow,
    as_utc,
)

if TYPE_CHECKING:
    from cliffhanger.store.ingest import IngestResult, ingest

__all__ = [
    "IngestResult",
    "add_alias",
    "add_correction",
    "board",
    "find_shows",
    "ingest",
    "show_cast",
    "show_cliffhangers",
    "show_seasons",
    "show_state",
    "show_state_by_id",
    "timeline",
]
FUZZY_CUTOFF = 80


def timeline(engine: Engine, show_title: str) -> list[TimelineEntry]:
    """Return every stored event of the show, oldest first; NotFoundError for an unknown show."""
    with Session(engine) as session:
        show = _require_show(session, show_title)
        return chronological(entries_of(session, [show.id])[show.id])


def show_state(engine: Engine, title: str) -> ShowState:
    """Return the current state of the show titled `title`; NotFoundError for an unknown show."""
    with Session(engine) as session:
        show = _require_show(session, title)
        return show_states(session, [show])[0]


def show_state_by_id(engine: Engine, show_id: int) -> ShowState:
    """Return the current state of the show with id `show_id`; NotFoundError if there is none."""
    with Session(engine) as session:
        show = session.get(ShowRow, show_id)
        if show is None:
            raise NotFoundError(f"no show with id {show_id}")
        return show_states(session, [show])[0]


def board(engine: Engine, network: str | None = None) -> list[ShowState]:
    """Return the state of every show (of `network` only, if given), by network then title.

    A show only a catalog knows of (no event yet) is not on the board.
    """
    with Session(engine) as session:
        tracked = or_(
            ShowRow.id.in_(select(EventRow.show_id)),
            ShowRow.id.not_in(select(ShowCatalogRow.show_id)),
        )
        states = show_states(session, session.scalars(select(ShowRow).where(tracked)), every=True)
    if network is not None:
        wanted = name_key(network)
        states = [s for s in states if s.network and name_key(s.network) == wanted]
    return sorted(states, key=lambda s: ((s.network or "").casefold(), s.show.casefold()))


def find_shows(engine: Engine, text: str, limit: int = 20) -> list[ShowState]:
    """Return the states of up to `limit` shows whose title or alias matches `text`, best first.

    Substring matches rank exact, then prefix, then the rest; with none, close
    spellings are tried (a typo still finds the show).
    """
    key = name_key(text)
    if not key:
        raise InputError("nothing to search for", hint='give part of a title, e.g. "partner"')
    with Session(engine) as session:
        ids = ranked_show_ids(session, key, limit)
        shows = {s.id: s for s in session.scalars(select(ShowRow).where(ShowRow.id.in_(ids)))}
        return show_states(session, [shows[i] for i in ids])


def ranked_show_ids(session: Session, key: str, limit: int) -> list[int]:
    """Return up to `limit` ids of shows whose title or alias matches the name key, best first."""
    titles = _matching_titles(session, key)
    if not titles:
        titles = _close_titles(session, key, limit)
    # Shows that share a title are all listed (two Frasiers, two Big Brothers), oldest id first.
    ranked = sorted(titles.items(), key=lambda kv: (_rank(key, kv[1]), kv[1].casefold(), kv[0]))
    return [show_id for show_id, _ in ranked[:limit]]


def show_cast(engine: Engine, title: str) -> list[CastFact]:
    """Return the known cast of the show titled `title`, by person."""
    with Session(engine) as session:
        show = _require_show(session, title)
        rows = session.scalars(
            select(CastRow).where(CastRow.show_id == show.id).order_by(CastRow.person)
        )
        return [CastFact(show=show.title, person=r.person, character=r.character) for r in rows]


def show_seasons(engine: Engine, title: str) -> list[SeasonFact]:
    """Return what is known of each season of the show titled `title`, first season first."""
    with Session(engine) as session:
        show = _require_show(session, title)
        rows = session.scalars(
            select(SeasonRow).where(SeasonRow.show_id == show.id).order_by(SeasonRow.season)
        )
        return [
            SeasonFact(
                show=show.title,
                season=r.season,
                episodes=r.episodes,
                premiere=r.premiere.isoformat() if r.premiere else None,
            )
            for r in rows
        ]


def show_cliffhangers(engine: Engine, title: str) -> list[CliffhangerFact]:
    """Return the seasons of the show titled `title` that ended on a cliffhanger."""
    with Session(engine) as session:
        show = _require_show(session, title)
        rows = session.scalars(
            select(CliffhangerRow)
            .where(CliffhangerRow.show_id == show.id)
            .order_by(CliffhangerRow.season)
        )
        return [CliffhangerFact(show=show.title, season=r.season) for r in rows]


def add_alias(engine: Engine, title: str, alias: str) -> None:
    """Return once `alias` finds the show titled `title` (an alias already in use is an error)."""
    key = name_key(alias)
    with Session(engine) as session, session.begin():
        show = _require_show(session, title)
        other = _find_show(session, alias)
        if other is not None and other.id != show.id:
            raise InputError(f"{alias!r} already names {other.title!r}")
        if other is None:
            session.add(ShowAliasRow(show_id=show.id, alias=clip(alias, 300), key=key[:300]))


def add_correction(
    engine: Engine,
    event: StatusEvent,
    *,
    author: str | None = None,
    note: str | None = None,
) -> TimelineEntry:
    """Return the stored editor's correction `event`; it wins over every machine event.

    Raises NotFoundError for an unknown show, InputError for a season out of bounds.
    """
    from cliffhanger.store.ingest import Resolver, fingerprint
    from cliffhanger.store.versioning import touch

    check_season(event.season)
    with Session(engine) as session, session.begin():
        show = _require_show(session, event.show)
        network = Resolver(session).network(event.network)
        row = EventRow(
            show_id=show.id,
            network_id=network.id if network else None,
            status=str(event.status),
            season=event.season,
            date=event.date or dt.date.today(),
            speculative=event.speculative,
            confidence=1.0,
            evidence=event.evidence,
            attribution=clip(event.attribution, 200),
            fingerprint=fingerprint(event),
            is_correction=True,
            note=note,
            author=clip(author, 200),
        )
        session.add(row)
        session.flush()
        touch(session, [show.id])
        return next(e for e in entries_of(session, [show.id])[show.id] if e.id == row.id)


def _find_show(session: Session, title: str) -> ShowRow | None:
    key = name_key(title)
    if not key:
        return None
    show = session.scalar(select(ShowRow).where(ShowRow.key == key))
    if show is None:
        show = session.scalar(select(ShowRow).join(ShowAliasRow).where(ShowAliasRow.key == key))
    return show


def require_show(session: Session, title: str) -> ShowRow:
    """Return the show row titled or aliased `title`; NotFoundError (with close titles) if none."""
    return _require_show(session, title)


def _require_show(session: Session, title: str) -> ShowRow:
    show = _find_show(session, title)
    if show is not None:
        return show
    key = name_key(title)
    close = list(dict.fromkeys(_close_titles(session, key, 3).values())) if key else []
    hint = f"did you mean {' or '.join(repr(t) for t in close)}? " if close else ""
    raise NotFoundError(
        f"no show called {title!r} is known",
        hint=f'{hint}find titles with `cliffhanger search "{title}"`',
    )


def _matching_titles(session: Session, key: str) -> dict[int, str]:
    """Return {show id: title} of the shows whose title or an alias contains `key`."""
    aliased_shows = select(ShowAliasRow.show_id).where(
        ShowAliasRow.key.contains(key, autoescape=True)
    )
    query = select(ShowRow.id, ShowRow.title).where(
        or_(ShowRow.key.contains(key, autoescape=True), ShowRow.id.in_(aliased_shows))
    )
    return {show_id: title for show_id, title in session.execute(query)}


def _close_titles(session: Session, key: str, limit: int) -> dict[int, str]:
    """Return {show id: title} of up to `limit` shows whose key is a close spelling of `key`."""
    from rapidfuzz import fuzz, process

    choices = {
        row.key: (row.title, row.id)
        for row in session.execute(select(ShowRow.key, ShowRow.title, ShowRow.id))
    }
    matches = process.extract(
        key, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=FUZZY_CUTOFF
    )
    return {choices[m[0]][1]: choices[m[0]][0] for m in matches}


def _rank(key: str, title: str) -> int:
    title_key = name_key(title)
    if title_key == key:
        return 0
    if title_key.startswith(key):
        return 1
    return 2 if f" {key}" in f" {title_key}" else 3


def show_states(
    session: Session, shows: Iterable[ShowRow], *, every: bool = False
) -> list[ShowState]:
    """Return the states of `shows`, in order: `store.show_status.show_statuses` (the one path)."""
    from cliffhanger.store.show_status import show_statuses  # it reads this module's queries

    return show_statuses(session, shows, every=every)


def entries_of(
    session: Session, show_ids: list[int] | None
) -> defaultdict[int, list[TimelineEntry]]:
    """Return {show id: its timeline entries} of `show_ids`, or of every show when None."""
    found: defaultdict[int, list[TimelineEntry]] = defaultdict(list)
    if show_ids == []:
        return found
    for row in session.execute(entry_query(show_ids)):
        found[row.EventRow.show_id].append(timeline_entry(row))
    return found


def timeline_entry(row: Any) -> TimelineEntry:
    """Return the TimelineEntry of a row from an entry query (event, title, network, document)."""
    event: EventRow = row.EventRow
    return TimelineEntry(
        id=event.id,
        show=row.title,
        status=Status(event.status),
        network=row.network,
        season=event.season,
        date=event.date,
        speculative=event.speculative,
        confidence=event.confidence,
        evidence=event.evidence,
        attribution=event.attribution,
        source=row.canonical_url or row.url or row.source,
        outlet=row.outlet,
        is_correction=event.is_correction,
        note=event.note,
        recorded_at=as_utc(event.created_at),
        url=row.canonical_url or row.url,
        network_named=event.network_named,
        # queries other than `entry_query` (the review queue's) may not carry these columns
        link=getattr(row, "recommendation", None),
        link_score=_link_score(row),
        review=getattr(row, "decision", None),
    )


def _link_score(row: Any) -> float | None:
    try:
        return cast(float | None, row.link_score)
    except AttributeError:  # the review queue's rows call it `score`
        return getattr(row, "score", None)


def event_columns() -> Bundle[Any]:
    """Return every column of `EventRow` as one bundle, named EventRow.

    Rows then read like the ORM object (`row.EventRow.date`) without one being
    built per event: a timeline of 100,000 events reads about twice as fast.
    """
    return Bundle("EventRow", *(c for c in EventRow.__table__.c))


def entry_query(
    show_ids: list[int] | None,
) -> Select[Any]:  # the row shape `timeline_entry` reads
    """Return the query of timeline rows (event, title, network, document) of `show_ids` or all.

    Rejected events are left out; `timeline_entry` turns each row into a TimelineEntry.
    """
    query = _entry_query()
    selected = query if show_ids is None else query.where(EventRow.show_id.in_(show_ids))
    return cast(Select[Any], selected)


@cache
def _entry_query() -> Select[Any]:
    # Built once: statements are immutable, and building this one costs more than running it
    # for one show.
    network = aliased(NetworkRow)
    query = (
        select(
            event_columns(),
            ShowRow.title,
            network.name.label("network"),
            DocumentRow.canonical_url,
            DocumentRow.url,
            DocumentRow.source,
            DocumentRow.outlet,
            EventLinkRow.recommendation,
            EventLinkRow.score.label("link_score"),
            ReviewDecisionRow.decision,
        )
        .join(ShowRow, ShowRow.id == EventRow.show_id)
        .outerjoin(network, network.id == EventRow.network_id)
        .outerjoin(DocumentRow, DocumentRow.id == EventRow.document_id)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        # an event an editor rejected is kept, but no longer counts
        .outerjoin(ReviewDecisionRow, ReviewDecisionRow.event_id == EventRow.id)
        .where(or_(ReviewDecisionRow.decision.is_(None), ReviewDecisionRow.decision != "rejected"))
        .order_by(EventRow.id)
    )
    return cast(Select[Any], query)


def __getattr__(name: str) -> Any:
    """Return `ingest` and `IngestResult` from `store.ingest`, imported on first use.

    Reading commands import this module and never ingest: the resolution the
    ingest path loads (catalog index, fuzzy matching) is left out of their start-up.
    """
    if name in ("ingest", "IngestResult"):
        from cliffhanger.store import ingest as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
