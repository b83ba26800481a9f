"""The statuses of stored shows: one function, `show_statuses`, that every surface reads.

CLI (`status`, `search`, `board`, `export`), API, web pages and feeds all get
a show's status from here, so two surfaces can never disagree about one show.
It gathers what the pure rules need (the timeline with each event's link and
review verdict, the catalogs' word and last air date, the show's network)
and calls `status.current.show_status` once per show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cliffhanger.model import ShowState
from cliffhanger.status.current import show_status
from cliffhanger.store.catalog_tables import ShowCatalogRow
from cliffhanger.store.repository import entries_of
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
    shows = list(shows)
    ids = None if every else [s.id for s in shows]
    entries = entries_of(session, ids)
    network_ids = {s.network_id for s in shows if s.network_id is not None}
    query = select(NetworkRow.id, NetworkRow.name).where(NetworkRow.id.in_(network_ids))
    names: dict[int, str] = {network_id: name for network_id, name in session.execute(query)}
    catalog = catalog_facts(session, ids)
    counts = catalog_seasons(session, ids)
    states = []
    for show in shows:
        status_word, ended = catalog[show.id]
        state = show_status(
            show.title, entries[show.id], catalog_status=status_word, ended=ended, today=today
        )
        if state.network is None and show.network_id is not None:
            state = dataclasses.replace(state, network=names.get(show.network_id))
        # A catalog that counts more seasons than the news decided on knows of later ones
        # (The Expanse: renewed for 5, six aired).
        if (more := counts.get(show.id)) is not None and (state.seasons or 0) < more:
            state = dataclasses.replace(state, seasons=more)
        states.append(state)
    return states


def catalog_facts(
    session: Session, show_ids: list[int] | None
) -> defaultdict[int, tuple[str | None, dt.date | None]]:
    """Return {show id: (catalog status, last air date)} ("ended" if any catalog says so)."""
    found: defaultdict[int, tuple[str | None, dt.date | None]] = defaultdict(lambda: (None, None))
    query = select(ShowCatalogRow.show_id, ShowCatalogRow.catalog_status, ShowCatalogRow.ended)
    if show_ids is not None:
        query = query.where(ShowCatalogRow.show_id.in_(show_ids))
    for show_id, status, ended in session.execute(query.order_by(ShowCatalogRow.id)):
        old_status, old_ended = found[show_id]
        if old_status is None or status == "ended":
            old_status = status or old_status
        if ended is not None and (old_ended is None or ended > old_ended):
            old_ended = ended
        found[show_id] = (old_status, old_ended)
    return found


def catalog_seasons(session: Session, show_ids: list[int] | None) -> dict[int, int]:
    """Return {show id: the most seasons any catalog counts} for shows a catalog counts."""
    query = select(ShowCatalogRow.show_id, func.max(ShowCatalogRow.seasons)).group_by(
        ShowCatalogRow.show_id
    )
    if show_ids is not None:
        query = query.where(ShowCatalogRow.show_id.in_(show_ids))
    return {show_id: n for show_id, n in session.execute(query) if n is not None}
