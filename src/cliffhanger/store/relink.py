"""Re-linking after a catalog import: every machine event placed again on the catalog as it is.

An event is linked when it is stored, against the catalog of that moment.
Without this step the order news and catalogs arrive in would matter: news
about The Flash (The CW, 2022) stored before any catalog makes a show of that
title, which the first catalog record of the title then takes over (TVmaze's
1990 CBS series), while the same article stored after the catalogs links to
the 2014 CW series. So after each import `relink` places every event again
with `linking.place`, the rule ingest uses, against the whole stored catalog:
the store ends up with the links it would hold had the catalogs come first.

- **Which events**: every event no editor placed: not a correction, no
  review decision, no pinned link (a merge pins the events it moves).
- **The mention**: the link's mention; an event stored before any catalog
  has no link, so its show's title from before the import (`news_mentions`,
  taken by the caller before a catalog record can rename the show).
- **Network, year, people**: the event's stored network, its date's year (the
  decision's date, else the article's, as at ingest), and the people the
  article named with the mention, kept on the link; for an event stored before
  any catalog, the article's cast rows on its show (a person named without a
  role, or already stored for the show by an earlier article, is missed there).
- **What moves along**: an article's cast, seasons and cliffhanger rows on the
  old show, when all the article's events on that show go to one other show.
- **What goes**: a show no catalog lists that is left with nothing at all.

Every link is rewritten with its new score and recommendation, so an event
stored before the catalog gets a link as if it had been stored after it (a
show no catalog lists then waits in review, as it would have).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.orm import Session

from cliffhanger.resolution.match import Mention
from cliffhanger.store.catalog_known import named_by_catalog
from cliffhanger.store.catalog_tables import (
    EventLinkRow,
    ReviewDecisionRow,
    ShowCatalogRow,
    ShowExternalIdRow,
)
from cliffhanger.store.ingest import Resolver
from cliffhanger.store.keys import clip
from cliffhanger.store.linking import StoredIndex, people_text, place, stored_index
from cliffhanger.store.tables import (
    CastRow,
    CliffhangerRow,
    EventRow,
    NetworkRow,
    SeasonRow,
    ShowAliasRow,
    ShowRow,
    utcnow,
)
from cliffhanger.store.versioning import touch


@dataclass(frozen=True)
class RelinkResult:
    """What re-linking did: events placed again, events moved to another show, shows dropped."""

    placed: int
    moved: int
    dropped: int


def news_mentions(session: Session) -> dict[int, str]:
    """Return {event id: its show's title} for the machine events that have no link yet.

    Taken before a catalog import: the title is what the news called the show,
    before a catalog record that takes the show over renames it.
    """
    query = (
        select(EventRow.id, ShowRow.title)
        .join(ShowRow, ShowRow.id == EventRow.show_id)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        .where(EventLinkRow.event_id.is_(None), EventRow.is_correction.is_(False))
    )
    return {event_id: title for event_id, title in session.execute(query)}


def relink(engine: Engine, mentions: Mapping[int, str]) -> RelinkResult:
    """Return what placing every machine event again did, in one transaction.

    `mentions` is `news_mentions` from before the import. Nothing happens when
    the store holds no catalog. Raises SQLAlchemyError as the session does.
    """
    with Session(engine) as session, session.begin():
        stored = stored_index(session)
        if not len(stored.index):
            return RelinkResult(0, 0, 0)
        stored = dataclasses.replace(stored, memo={})
        return _relink(session, stored, mentions)


def _relink(session: Session, stored: StoredIndex, mentions: Mapping[int, str]) -> RelinkResult:
    rows = session.execute(
        select(EventRow, EventLinkRow)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        .outerjoin(ReviewDecisionRow, ReviewDecisionRow.event_id == EventRow.id)
        .where(EventRow.is_correction.is_(False), ReviewDecisionRow.id.is_(None))
        .where(or_(EventLinkRow.pinned.is_(None), EventLinkRow.pinned.is_(False)))
        .order_by(EventRow.document_id, EventRow.id)
    ).all()
    networks = {row.id: row for row in session.scalars(select(NetworkRow))}
    people: defaultdict[tuple[int | None, int], list[str]] = defaultdict(list)
    for show_id, document_id, person in session.execute(
        select(CastRow.show_id, CastRow.document_id, CastRow.person).where(
            CastRow.document_id.is_not(None)
        )
    ):
        people[(document_id, show_id)].append(person)
    titles: dict[int, str] = {i: t for i, t in session.execute(select(ShowRow.id, ShowRow.title))}
    landed: defaultdict[tuple[int | None, int], set[int]] = defaultdict(set)
    touched: set[int] = set()  # shows that lost or gained events
    linked: set[int] = set()  # shows whose events' links changed
    resolver, document, placed, moved = Resolver(session), None, 0, 0
    for event, link in rows:
        if event.document_id != document:
            # as at ingest: a title found once stays bound for the rest of its article
            resolver, document = Resolver(session), event.document_id
        title = link.mention if link is not None else mentions.get(event.id)
        title = title or titles.get(event.show_id, "")
        network = networks.get(event.network_id) if event.network_id is not None else None
        mention = Mention(
            title=title,
            network=network.name if network is not None else None,
            year=event.date.year if event.date else None,
            people=_people(link, people.get((event.document_id, event.show_id), [])),
        )
        found = place(session, stored, mention, network, resolver)
        if found is None:
            continue
        placed += 1
        old = event.show_id
        landed[(event.document_id, old)].add(found.show.id)
        if found.show.id != old:
            event.show_id = found.show.id
            touched.update((old, found.show.id))
            moved += 1
        if link is None:
            link = EventLinkRow(event_id=event.id)
            session.add(link)
        before = (link.score, link.recommendation)
        link.mention = clip(found.mention, 300) or ""
        link.score = max(0.0, min(1.0, found.score))
        link.recommendation = str(found.recommendation)
        link.people = people_text(found.people)
        if (link.score, link.recommendation) != before:
            linked.add(event.show_id)  # a weak link waits for review: the status may change
    session.flush()
    for (document_id, old), shows in landed.items():
        if document_id is not None and len(shows) == 1 and (new := next(iter(shows))) != old:
            _move_facts(session, document_id, old, new)
    _news_networks(session, touched)
    dropped = _drop_empty(session, touched, stored.catalog_ids)
    touch(session, touched | linked)  # their statuses are computed again before commit
    if touched:
        # The board and the linking index are cached by the catalog's last update: say it changed.
        session.execute(
            update(ShowCatalogRow)
            .where(ShowCatalogRow.show_id.in_(touched))
            .values(updated_at=utcnow())
        )
    return RelinkResult(placed=placed, moved=moved, dropped=dropped)


def _people(link: EventLinkRow | None, cast: list[str]) -> tuple[str, ...]:
    """Return the people named with an event's mention: kept on its link, else its article's
    cast rows on its show (an event stored before any catalog has no link)."""
    if link is None or link.people is None:
        return tuple(cast)
    return tuple(link.people.split("\n")) if link.people else ()


def _news_networks(session: Session, shows: set[int]) -> None:
    """Return once each of `shows` no catalog names a network for has its first event's network.

    As at ingest, where the first event linked to such a show names its network:
    a show that lost its events loses the network they gave it.
    """
    unnamed = shows - set(
        session.scalars(named_by_catalog().where(ShowCatalogRow.show_id.in_(shows)))
    )
    first: dict[int, int | None] = dict.fromkeys(unnamed)
    query = (
        select(EventRow.show_id, EventRow.network_id)
        .where(EventRow.show_id.in_(unnamed), EventRow.network_id.is_not(None))
        .order_by(EventRow.id)
    )
    for show_id, network_id in session.execute(query):
        first[show_id] = first[show_id] or network_id
    for show_id, network_id in first.items():
        session.execute(update(ShowRow).where(ShowRow.id == show_id).values(network_id=network_id))


def _move_facts(session: Session, document_id: int, old: int, new: int) -> None:
    """Return once the article's cast, seasons and cliffhangers on show `old` are on `new`."""
    have_cast = set(
        session.execute(select(CastRow.person, CastRow.character).where(CastRow.show_id == new))
    )
    for cast in session.scalars(
        select(CastRow).where(CastRow.show_id == old, CastRow.document_id == document_id)
    ):
        if (cast.person, cast.character) in have_cast:
            session.delete(cast)  # as at ingest: a role the show has is not stored twice
        else:
            cast.show_id = new
    have_seasons = {
        s.season: s for s in session.scalars(select(SeasonRow).where(SeasonRow.show_id == new))
    }
    for season in session.scalars(
        select(SeasonRow).where(SeasonRow.show_id == old, SeasonRow.document_id == document_id)
    ):
        kept = have_seasons.get(season.season)
        if kept is None:
            season.show_id = new
            continue
        # as at ingest: what is known is kept, a later article fills what was missing
        kept.episodes = kept.episodes if kept.episodes is not None else season.episodes
        kept.premiere = kept.premiere or season.premiere
        session.delete(season)
    have_ends = set(
        session.scalars(select(CliffhangerRow.season).where(CliffhangerRow.show_id == new))
    )
    for end in session.scalars(
        select(CliffhangerRow).where(
            CliffhangerRow.show_id == old, CliffhangerRow.document_id == document_id
        )
    ):
        if end.season in have_ends:
            session.delete(end)
        else:
            end.show_id = new
    session.flush()


def _drop_empty(session: Session, shows: set[int], listed: frozenset[int]) -> int:
    """Return how many of `shows` were deleted: those no catalog lists that hold nothing."""
    from cliffhanger.store.web_tables import WatchlistShowRow

    candidates = shows - listed
    if not candidates:
        return 0
    held: set[int] = set()
    for table in (
        EventRow,
        CastRow,
        SeasonRow,
        CliffhangerRow,
        ShowAliasRow,
        ShowCatalogRow,
        ShowExternalIdRow,
        WatchlistShowRow,
    ):
        held.update(session.scalars(select(table.show_id).where(table.show_id.in_(candidates))))
    empty = candidates - held
    if empty:
        session.execute(delete(ShowRow).where(ShowRow.id.in_(empty)))
    return len(empty)
