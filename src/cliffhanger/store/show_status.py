"""The statuses of stored shows: one function, `show_statuses`, that every surface reads.

CLI (`status`, `search`, `board`, `export`), API, web pages and feeds all get
a show's status from here, so two surfaces can never disagree about one show.
It gathers what the pure rules need (the timeline with each event's link and
review verdict, the catalogs' word and last air date, the show's network)
and calls `store.status_read.state_of` (the rules of `status.current.show_status`)
once per show; `store.status_read.read_state` reads one show's the same way
without SQLAlchemy (the CLI's `status` on SQLite).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cliffhanger.model import ShowState
from cliffhanger.store.catalog_tables import ShowCatalogRow
from cliffhanger.store.repository import entries_of
from cliffhanger.store.status_read import CatalogFacts, merged, state_of
from cliffhanger.store.tables import NetworkRow, ShowRow


def show_statuses(
    session: Session,
    shows: Iterable[ShowRow],
    *,
    every: bool = False,
    today: dt.date | None = None,
) -> list[ShowState]:
    """Return the current `ShowState` of each of `shows`, in the order given.

    `every=True` says `shows` are (nearly) all shows: events and catalog facts
    are then read in one pass without an IN list. `today` (default: the
    current date) is what the catalog and staleness rules compare with.
    Rules: `status.current` (which events decide, as-of date, last known).
    """
    return [state for state, _ in statuses_with_catalog(session, shows, every=every, today=today)]


def statuses_with_catalog(
    session: Session,
    shows: Iterable[ShowRow],
    *,
    every: bool = False,
    today: dt.date | None = None,
) -> list[tuple[ShowState, CatalogFacts | None]]:
    """Return each show's state (as `show_statuses`) and its catalogs' facts (None: unlisted)."""
    shows = list(shows)
    ids = None if every else [s.id for s in shows]
    entries = entries_of(session, ids)
    catalog = catalog_facts(session, ids)
    found = []
    for show in shows:
        facts = catalog.get(show.id)
        state = state_of(show.title, entries[show.id], facts, today)
        found.append((state, facts))
    # No event names a network: the show's own (read only for the shows that need it).
    unnamed = [show for show, (state, _) in zip(shows, found, strict=True) if state.network is None]
    network_ids = {show.network_id for show in unnamed if show.network_id is not None}
    if network_ids:
        query = select(NetworkRow.id, NetworkRow.name).where(NetworkRow.id.in_(network_ids))
        names: dict[int, str] = {network_id: name for network_id, name in session.execute(query)}
        for i, (show, (state, facts)) in enumerate(zip(shows, found, strict=True)):
            if state.network is None and show.network_id is not None:
                found[i] = (dataclasses.replace(state, network=names.get(show.network_id)), facts)
    return found


def catalog_facts(session: Session, show_ids: list[int] | None) -> dict[int, CatalogFacts]:
    """Return {show id: what its catalogs say} for the shows of `show_ids` (all if None) listed."""
    found: dict[int, CatalogFacts] = {}
    query = select(
        ShowCatalogRow.show_id,
        ShowCatalogRow.catalog_status,
        ShowCatalogRow.ended,
        ShowCatalogRow.seasons,
    )
    if show_ids is not None:
        query = query.where(ShowCatalogRow.show_id.in_(show_ids))
    for show_id, status, ended, seasons in session.execute(query.order_by(ShowCatalogRow.id)):
        found[show_id] = merged(found.get(show_id), status, ended, seasons)
    return found
