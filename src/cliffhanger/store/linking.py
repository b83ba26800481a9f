"""Resolution at ingest: the stored catalog as a `CatalogIndex` (cached per engine) and the linker.

The index holds every show a catalog lists, with its network, run, ids,
aliases and cast. It is built once per engine and rebuilt when the catalog
tables change (a cheap signature query per use tells). Each event's show
mention is resolved against it with the article's year and the people the
article names; the link (mention, score, recommendation) is stored with the
event. A mention nothing in the catalog matches gets a show of its own.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Extraction, ShowState, StatusEvent
from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.resolution.match import CatalogIndex, Mention, Recommendation, Resolution
from cliffhanger.store.catalog_known import named_by_catalog
from cliffhanger.store.catalog_repository import unique_key
from cliffhanger.store.catalog_tables import EventLinkRow, ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import CastRow, EventRow, NetworkRow, ShowAliasRow, ShowRow

if TYPE_CHECKING:
    from cliffhanger.store.ingest import Resolver

REVIEW_BELOW = 0.7  # extraction confidence under this sends an event to review
REVIEW_LINKS = (Recommendation.LOW, Recommendation.NONE)
# `catalog show` lists catalog shows at least this close ("Hoarders" is no "The Order")
CANDIDATE_SCORE = 0.65


@dataclass(frozen=True)
class StoredIndex:
    """A `CatalogIndex` over the stored catalog, and the show id of each of its shows.

    `memo`, when given, keeps each mention's resolution (re-linking meets one
    mention many times; ingest keeps none, its index lives as long as the catalog).
    """

    index: CatalogIndex
    show_ids: dict[int, int]  # id(CatalogShow) -> shows.id
    memo: dict[Mention, tuple[Resolution, int | None]] | None = None

    @cached_property
    def catalog_ids(self) -> frozenset[int]:
        """Return the ids of the shows the catalog lists."""
        return frozenset(self.show_ids.values())

    def resolve(self, mention: Mention) -> tuple[Resolution, int | None]:
        """Return the resolution of `mention` and the id of the show it links to (or None)."""
        if self.memo is not None and mention in self.memo:
            return self.memo[mention]
        resolution = self.index.resolve(mention)
        show = resolution.show
        found = resolution, (self.show_ids[id(show)] if show is not None else None)
        if self.memo is not None:
            self.memo[mention] = found
        return found

    def show_id(self, show: CatalogShow) -> int:
        """Return the stored id of one of the index's shows."""
        return self.show_ids[id(show)]


_CACHE: weakref.WeakKeyDictionary[Engine, tuple[tuple[Any, ...], StoredIndex]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def _signature(session: Session) -> tuple[Any, ...]:
    row = session.execute(
        select(
            select(func.count(ShowCatalogRow.id)).scalar_subquery(),
            select(func.max(ShowCatalogRow.updated_at)).scalar_subquery(),
            select(func.count(ShowAliasRow.id)).scalar_subquery(),
            select(func.max(ShowAliasRow.id)).scalar_subquery(),
            select(func.count(ShowExternalIdRow.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def stored_index(session: Session) -> StoredIndex:
    """Return the index of the stored catalog, from the cache unless the catalog changed."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    signature = _signature(session)
    with _LOCK:
        cached = _CACHE.get(engine)
    if cached is not None and cached[0] == signature:
        return cached[1]
    built = build_index(session)
    with _LOCK:
        _CACHE[engine] = (signature, built)
    return built


def forget_index(engine: Engine) -> None:
    """Return once the cached index of `engine` is dropped (the next use rebuilds it)."""
    with _LOCK:
        _CACHE.pop(engine, None)


def build_index(session: Session) -> StoredIndex:
    """Return a fresh index of every catalog show in the store."""
    listed = select(ShowCatalogRow.show_id).distinct().scalar_subquery()
    runs: defaultdict[int, list[ShowCatalogRow]] = defaultdict(list)
    for catalog in session.scalars(select(ShowCatalogRow).order_by(ShowCatalogRow.id)):
        runs[catalog.show_id].append(catalog)
    ids: defaultdict[int, dict[str, str]] = defaultdict(dict)
    for show_id, kind, value in session.execute(
        select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value)
    ):
        ids[show_id].setdefault(kind, value)
    aliases: defaultdict[int, list[str]] = defaultdict(list)
    for show_id, alias in session.execute(select(ShowAliasRow.show_id, ShowAliasRow.alias)):
        aliases[show_id].append(alias)
    cast: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    # the catalogs' cast only: who an earlier article named depends on which came first
    query = select(CastRow.show_id, CastRow.person, CastRow.character).where(
        CastRow.show_id.in_(listed), CastRow.document_id.is_(None)
    )
    for show_id, person, character in session.execute(query):
        cast[show_id].append((person, character))
    shows, show_ids = [], {}
    query_shows = (
        select(ShowRow.id, ShowRow.title, NetworkRow.name)
        .outerjoin(NetworkRow, NetworkRow.id == ShowRow.network_id)
        .where(ShowRow.id.in_(listed))
        .order_by(ShowRow.id)
    )
    # The index says what the catalogs say: a network only the news gave is not in it, so
    # the links made against it do not depend on which news came first.
    named = set(session.scalars(named_by_catalog()))
    for show_id, title, network in session.execute(query_shows):
        show = _catalog_show(
            title,
            network if show_id in named else None,
            runs[show_id],
            ids[show_id],
            aliases[show_id],
            cast[show_id],
        )
        shows.append(show)
        show_ids[id(show)] = show_id
    return StoredIndex(CatalogIndex(shows), show_ids)


def _catalog_show(
    title: str,
    network: str | None,
    runs: Sequence[ShowCatalogRow],
    ids: dict[str, str],
    aliases: Sequence[str],
    cast: Sequence[tuple[str, str]],
) -> CatalogShow:
    premieres = [r.premiered for r in runs if r.premiered]
    ends = [r.ended for r in runs if r.ended]
    years = [r.year for r in runs if r.year]
    statuses = [r.catalog_status for r in runs if r.catalog_status]
    seasons = [r.seasons for r in runs if r.seasons]
    named = [r.network for r in runs if r.network and r.network != network]
    return CatalogShow(
        other_networks=tuple(dict.fromkeys(named)),
        # Netflix's catalog lists what Netflix streams: it carries the show
        carrier="Netflix" if any(r.source == "netflix" for r in runs) else None,
        title=title,
        network=network,
        premiered=min(premieres) if premieres else None,
        ended=max(ends) if ends else None,
        status=statuses[0] if statuses else None,
        seasons=max(seasons) if seasons else None,
        external_ids=ids,
        cast=tuple(cast),
        aliases=tuple(aliases),
        year=min(years) if years else None,
    )


@dataclass(frozen=True)
class Link:
    """The show an event's mention landed on, with the resolution's score and recommendation."""

    show: ShowRow
    mention: str
    score: float
    recommendation: Recommendation
    people: tuple[str, ...] = ()


class Linker:
    """Links the show mentions of one extraction to stored shows, within one transaction."""

    def __init__(
        self, session: Session, extraction: Extraction, stored: StoredIndex | None = None
    ) -> None:
        self.session = session
        self.stored = stored if stored is not None else stored_index(session)
        published = extraction.document.published
        self.year = published.year if published else None
        self.people: defaultdict[str, list[str]] = defaultdict(list)
        for fact in extraction.cast:
            self.people[name_key(fact.show)].append(fact.person)

    def link(
        self, event: StatusEvent, network: NetworkRow | None, resolver: Resolver
    ) -> Link | None:
        """Return the link of `event`'s show mention; None when the catalog is empty."""
        if not len(self.stored.index):
            return None
        mention = Mention(
            title=event.show,
            network=network.name if network is not None else event.network,
            year=event.date.year if event.date else self.year,
            people=tuple(self.people.get(name_key(event.show), ())),
        )
        return place(self.session, self.stored, mention, network, resolver)

    def record(self, links: Sequence[tuple[EventRow, Link]]) -> None:
        """Return once each event's link is stored (the events must have ids: flush first)."""
        for event, link in links:
            self.session.add(
                EventLinkRow(
                    event_id=event.id,
                    mention=clip(link.mention, 300) or "",
                    score=max(0.0, min(1.0, link.score)),
                    recommendation=str(link.recommendation),
                    people=people_text(link.people),
                )
            )
        self.session.flush()


def people_text(people: Sequence[str]) -> str:
    """Return the people of a link as stored: one name a line ("" for none)."""
    return "\n".join(p.replace("\n", " ") for p in people)


def place(
    session: Session,
    stored: StoredIndex,
    mention: Mention,
    network: NetworkRow | None,
    resolver: Resolver,
) -> Link | None:
    """Return the show `mention` names and how sure that is: the one rule of ingest and re-linking.

    The catalog show resolution finds; else the news show of that title
    (created on first mention); else, when that title belongs to a catalog
    show resolution ruled out, another show of that name ("The Flash 2022
    The CW"). `network` is the stored row of `mention.network`. None only for
    a title with nothing to key on. `resolver` binds the title to the show for
    the rest of its document.
    """
    resolution, show_id = stored.resolve(mention)
    show = session.get(ShowRow, show_id) if show_id is not None else None
    if show is None:
        show = _unlisted(session, stored, mention, network, resolver)
    if show is None:
        return None
    resolver.bind(mention.title, show)
    if show.network_id is None and network is not None:
        show.network_id = network.id
    return Link(show, mention.title, resolution.score, resolution.recommendation, mention.people)


def _unlisted(
    session: Session,
    stored: StoredIndex,
    mention: Mention,
    network: NetworkRow | None,
    resolver: Resolver,
) -> ShowRow | None:
    # A show the catalog does not list: the one of that title the news made, or a new one.
    title = mention.title
    show = resolver.show(title, network)
    listed = stored.catalog_ids
    if show is None or show.id not in listed:
        return show
    # The title names a catalog show that resolution ruled out: another show of that name.
    record = CatalogShow(title, network.name if network is not None else None, year=mention.year)
    taken: set[str] = set()
    while True:
        key = unique_key(record, taken)
        row = session.scalar(select(ShowRow).where(ShowRow.key == key))
        if row is None:
            row = ShowRow(
                title=clip(title, 300), key=key, network_id=network.id if network else None
            )
            session.add(row)
            session.flush()
            return row
        if row.id not in listed:
            return row
        taken.add(key)


@dataclass(frozen=True)
class CatalogEntry:
    """A stored show a title may name: its run, ids, current state and how well it matches."""

    show_id: int
    title: str
    network: str | None
    premiered: dt.date | None
    ended: dt.date | None
    year: int | None
    seasons: int | None
    external_ids: dict[str, str]
    state: ShowState
    score: float


def catalog_candidates(engine: Engine, title: str, limit: int = 10) -> list[CatalogEntry]:
    """Return the stored shows `title` may name, best first (catalog shows, then news-only ones)."""
    from cliffhanger.store.repository import show_state_by_id  # repository imports ingest -> here

    key = name_key(title)
    if not key:
        raise InputError("nothing to look up", hint='give a title, e.g. "The Order"')
    with Session(engine) as session:
        stored = stored_index(session)
        found: list[tuple[int, CatalogShow | None, float]] = []
        for candidate in stored.index.candidates(Mention(title)):
            if candidate.score >= CANDIDATE_SCORE:
                found.append((stored.show_id(candidate.show), candidate.show, candidate.score))
        listed = {show_id for show_id, _, _ in found}
        news_only = select(ShowRow.id).where(
            or_(ShowRow.key == key, ShowRow.key.startswith(f"{key} ", autoescape=True)),
            ShowRow.id.not_in(select(ShowCatalogRow.show_id)),
        )
        found += [(i, None, 1.0) for i in session.scalars(news_only) if i not in listed]
    if not found:
        raise NotFoundError(
            f"no show called {title!r} is known",
            hint="import a catalog with `cliffhanger catalog import FILE --format ...`",
        )
    entries = []
    for show_id, show, score in found[:limit]:
        state = show_state_by_id(engine, show_id)
        entries.append(
            CatalogEntry(
                show_id=show_id,
                title=state.show,
                network=show.network if show else state.network,
                premiered=show.premiered if show else None,
                ended=show.ended if show else None,
                year=show.year if show else None,
                seasons=show.seasons if show else state.seasons,
                external_ids=dict(show.external_ids) if show else {},
                state=state,
                score=round(score, 4),
            )
        )
    return entries
