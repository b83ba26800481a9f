"""What a catalog import knows of the stored shows, and the blocking step of entity resolution.

Loaded once per import and kept current batch by batch, so matching a record
is dictionary look-ups plus `resolution.linkage.best` over the few shows that
share its title key or an alias key (the block). Per show it keeps the
`linkage.Facts`: premiere year (earliest any catalog gives), last year aired,
years seen on air, the networks catalogs name (a carrier's is not one),
external ids, premiere dates and title keys. A show first seen in the batch
being imported has a provisional id (`provisional`) until it is stored, so
a catalog's second listing of it later in the batch lands on it too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import count

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.resolution.linkage import Facts, best
from cliffhanger.store.catalog_tables import ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.keys import name_key
from cliffhanger.store.tables import NetworkRow, ShowAliasRow, ShowRow

RUNNING = ("pending", "returning", "ordered")  # catalog statuses of a show still on air
CARRIER_SOURCE = "netflix"  # its records name a carrier, which stands in for a network
PROVISIONAL = 1 << 62  # provisional ids of shows not stored yet sort after every stored id


def external_refs(record: CatalogShow) -> list[tuple[str, str]]:
    """Return `record`'s external ids as stored: (kind, value), clipped to the columns."""
    return [(kind[:20], value.strip()[:100]) for kind, value in record.external_ids.items()]


@dataclass
class ShowFacts:
    """The mutable facts of one stored show, turned into `linkage.Facts` on demand."""

    starts: set[int] = field(default_factory=set)
    ends: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)
    networks: list[str] = field(default_factory=list)
    ids: set[tuple[str, str]] = field(default_factory=set)
    running: bool = False  # a catalog gives a premiere and no end: on air
    premieres: set[dt.date] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)  # title and alias keys

    def facts(self) -> Facts:
        """Return these facts as `linkage.Facts` (start: earliest premiere; end: latest)."""
        return Facts(
            start=min(self.starts) if self.starts else None,
            end=None if self.running or not self.ends else max(self.ends),
            seen=tuple(sorted(self.seen)),
            networks=tuple(self.networks),
            ids=frozenset(self.ids),
            premieres=frozenset(self.premieres),
            titles=frozenset(self.titles),
        )

    def add(self, record: CatalogShow, network: str | None) -> None:
        """Widen the facts with what `record` says (its `network` already canonical)."""
        if record.year is not None:
            self.starts.add(record.year)
            self.running = self.running or (
                record.ended is None
                and record.status
                in (
                    "pending",
                    "returning",
                    "ordered",
                )
            )
        if record.ended is not None:
            self.ends.add(record.ended.year)
        if record.premiered is not None:
            self.premieres.add(record.premiered)
        if record.seen_year is not None:
            self.seen.add(record.seen_year)
        self.titles.update(k for t in (record.title, *record.aliases) if (k := name_key(t)))
        for name in (network, *record.other_networks):
            if name and name not in self.networks:
                self.networks.append(name)
        self.ids.update(external_refs(record))


@dataclass
class Known:
    """What the store already holds, for one import."""

    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    alias_keys: set[str] = field(default_factory=set)
    block: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    network_of: dict[int, int | None] = field(default_factory=dict)
    shows: defaultdict[int, ShowFacts] = field(default_factory=lambda: defaultdict(ShowFacts))
    catalog_rows: dict[tuple[int, str], int] = field(default_factory=dict)
    networks: dict[str, int] = field(default_factory=dict)
    listed: set[int] = field(default_factory=set)  # shows a catalog lists (rows or ids)
    # {(show id, kind): value} of the first id of each kind a show got: its main listing
    first_ids: dict[tuple[int, str], str] = field(default_factory=dict)
    _next: count[int] = field(default_factory=lambda: count(PROVISIONAL))

    def match(self, record: CatalogShow, network: str | None) -> int | None:
        """Return the id of the stored show that is `record`'s series, or None for a new one."""
        for kind, value in record.external_ids.items():
            if (kind, value) in self.ids:
                return self.ids[(kind, value)]
        block: set[int] = set()
        for title in (record.title, *record.aliases):
            # a title with no Latin letter or digit folds to "": no block, not one shared block
            if key := name_key(title):
                block |= self.block.get(key, set())
        if not block:
            return None
        wanted = _record_facts(record, network)
        return best(wanted, ((i, self.shows[i].facts()) for i in sorted(block)))

    def remember(self, show_id: int, record: CatalogShow, network: str | None) -> None:
        """Note that `record` now lands on `show_id` (its titles join the show's block)."""
        for title in (record.title, *record.aliases):
            if key := name_key(title):
                self.block[key].add(show_id)
        self.shows[show_id].add(record, network)
        self.listed.add(show_id)
        for ref in self.shows[show_id].ids:
            self.ids.setdefault(ref, show_id)
        for kind, value in external_refs(record):
            self.first_ids.setdefault((show_id, kind), value)

    def provisional(self) -> int:
        """Return an id for a show of this batch not stored yet (`settle` replaces it)."""
        return next(self._next)

    def settle(self, provisional: int, show_id: int) -> None:
        """Move what is known under a `provisional` id to the stored `show_id`."""
        facts = self.shows.pop(provisional)
        self.shows[show_id] = facts
        for key in facts.titles:
            if provisional in (block := self.block[key]):
                block.discard(provisional)
                block.add(show_id)
        self.listed.discard(provisional)
        self.listed.add(show_id)
        for ref in facts.ids:
            if self.ids.get(ref) == provisional:
                self.ids[ref] = show_id
            if self.first_ids.get((provisional, ref[0])) is not None:
                self.first_ids[(show_id, ref[0])] = self.first_ids.pop((provisional, ref[0]))

    def second_listing(self, show_id: int, record: CatalogShow) -> bool:
        """Return True when `show_id` got another id of one of `record`'s kinds first."""
        return any(
            self.first_ids.get((show_id, kind), value) != value
            for kind, value in external_refs(record)
        )


def _record_facts(record: CatalogShow, network: str | None) -> Facts:
    return Facts(
        start=record.year,
        end=record.ended.year if record.ended else None,
        seen=(record.seen_year,) if record.seen_year is not None else (),
        networks=tuple(n for n in (network, *record.other_networks) if n),
        ids=frozenset(external_refs(record)),
        premieres=frozenset((record.premiered,)) if record.premiered else frozenset(),
        titles=frozenset((key,)) if (key := name_key(record.title)) else frozenset(),
    )


def named_by_catalog() -> Select[int]:
    """Return a query of the ids of the shows whose network a catalog gave (or a carrier).

    Such a show's stored network comes from the catalogs; any other show's
    from the first news event that named one (`linking.place`).
    """
    return select(ShowCatalogRow.show_id).where(
        or_(ShowCatalogRow.network.is_not(None), ShowCatalogRow.source == CARRIER_SOURCE)
    )


def load_known(session: Session) -> Known:
    """Return what the store holds: ids, titles and aliases (the blocks), catalog facts."""
    known = Known()
    for show_id, kind, value in session.execute(
        select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value).order_by(
            ShowExternalIdRow.id
        )
    ):
        known.ids[(kind, value)] = show_id
        known.shows[show_id].ids.add((kind, value))
        known.first_ids.setdefault((show_id, kind), value)
        known.listed.add(show_id)
    for show_id, title, key, network_id in session.execute(
        select(ShowRow.id, ShowRow.title, ShowRow.key, ShowRow.network_id)
    ):
        known.keys.add(key)
        if title_key := name_key(title):
            known.block[title_key].add(show_id)
            known.shows[show_id].titles.add(title_key)
        known.network_of[show_id] = network_id
    # A network only the news gave (no catalog names one) yields to the first catalog that
    # does, as it would had the catalog come before the news.
    for show_id in session.scalars(select(ShowRow.id).where(ShowRow.id.not_in(named_by_catalog()))):
        known.network_of[show_id] = None
    for show_id, alias, key in session.execute(
        select(ShowAliasRow.show_id, ShowAliasRow.alias, ShowAliasRow.key)
    ):
        known.alias_keys.add(key)
        if alias_key := name_key(alias):
            known.block[alias_key].add(show_id)
            known.shows[show_id].titles.add(alias_key)
    query = select(
        ShowCatalogRow.id,
        ShowCatalogRow.show_id,
        ShowCatalogRow.source,
        ShowCatalogRow.year,
        ShowCatalogRow.ended,
        ShowCatalogRow.network,
        ShowCatalogRow.seen_year,
        ShowCatalogRow.catalog_status,
        ShowCatalogRow.premiered,
    )
    rows = session.execute(query)
    for row_id, show_id, source, year, ended, network, seen, status, premiered in rows:
        known.catalog_rows[(show_id, source)] = row_id
        known.listed.add(show_id)
        facts = known.shows[show_id]
        if premiered is not None:
            facts.premieres.add(premiered)
        if year is not None:
            facts.starts.add(year)
            facts.running = facts.running or (
                ended is None
                and status
                in (
                    "pending",
                    "returning",
                    "ordered",
                )
            )
        if ended is not None:
            facts.ends.add(ended.year)
        if seen is not None:
            facts.seen.add(seen)
        if network and network not in facts.networks:
            facts.networks.append(network)
    known.networks.update({k: i for i, k in session.execute(select(NetworkRow.id, NetworkRow.key))})
    return known
