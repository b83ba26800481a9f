"""The show catalog in the store: bulk import, lookups by external id, merge and aliases.

A catalog record lands on a stored show by one of its external ids, else by
entity resolution over the shows sharing its title or an alias
(`store.catalog_known` blocks, `resolution.linkage` decides: premiere year,
years on air, related networks; a carrier such as Netflix is not a network).
A show takes a second id of a kind only when the catalog lists one series
twice (`linkage.twin_listing`; the first listing's catalog row stands), so
two series of one catalog stay two shows. Shows that share a title get a
longer lookup key ("The Order 2000"), their title unchanged. Each batch of
records is one transaction of bulk statements. Networks are stored under
today's name (`network_name`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.errors import StoreError
from cliffhanger.model import ShowState
from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.resolution.networks import default_index
from cliffhanger.store.catalog_known import Known, external_refs, load_known
from cliffhanger.store.catalog_tables import ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import (
    CastRow,
    NetworkRow,
    ShowAliasRow,
    ShowRow,
    utcnow,
)
from cliffhanger.store.versioning import touch

log = logging.getLogger(__name__)
BATCH_SIZE = 500
LOOKUP_KINDS = ("tvmaze", "tmdb", "imdb", "wikidata", "netflix", "tvmaze_row")


@dataclass(frozen=True)
class ImportResult:
    """What a catalog import did: records read, shows created and updated, cast rows added."""

    read: int
    created: int
    updated: int
    cast_added: int
    relinked: int = 0  # events moved to a better-matching show after the import


def import_catalog(
    engine: Engine,
    shows: Sequence[CatalogShow],
    source: str,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Return what importing `shows` from catalog `source` did (a re-import updates in place).

    `progress` is called with the number of records done after each batch.
    Afterwards every machine event is linked again (`store.relink`), so news
    stored before this catalog ends up where news stored after it would.
    StoreError when the database fails (the batches done are kept).
    """
    from cliffhanger.store.relink import news_mentions, relink  # it imports this module

    created = updated = cast_added = 0
    try:
        with Session(engine) as session:
            known = load_known(session)
            mentions = news_mentions(session)
        for start in range(0, len(shows), batch_size):
            batch = shows[start : start + batch_size]
            with Session(engine) as session, session.begin():
                c, u, n = _import_batch(session, batch, source, known)
            created, updated, cast_added = created + c, updated + u, cast_added + n
            if progress is not None:
                progress(len(batch))
        relinked = relink(engine, mentions)
    except SQLAlchemyError as e:
        raise StoreError(
            f"catalog import failed: {e}".splitlines()[0],
            hint="check the database is reachable and not read-only; batches done are kept",
        ) from e
    return ImportResult(len(shows), created, updated, cast_added, relinked.moved)


def network_name(name: str | None) -> str | None:
    """Return today's name of a network spelling (unknown names as given), or None.

    Renames are followed (`NetworkIndex.current`): CBS All Access is stored as
    Paramount+, HBO Max as Max.
    """
    name = (name or "").strip()
    return (default_index().current(name) or name) if name else None


def seed_networks(engine: Engine, names: Iterable[str]) -> tuple[int, int]:
    """Return (networks read, networks added): one row per canonical network, none twice.

    `names` are spellings from anywhere (a TMDB dump, the curated table); each is
    stored under today's name (`network_name`), so "HBO Max" lands on Max and
    "CBS All Access" on Paramount+.
    """
    wanted: dict[str, str] = {}
    read = 0
    for spelling in names:
        read += 1
        name = network_name(spelling)
        if name and (key := name_key(name)[:200]):
            wanted.setdefault(key, name)
    with Session(engine) as session, session.begin():
        have = set(session.scalars(select(NetworkRow.key)))
        missing = [{"name": clip(n, 200), "key": k} for k, n in wanted.items() if k not in have]
        for start in range(0, len(missing), 1000):
            session.execute(insert(NetworkRow), missing[start : start + 1000])
    return read, len(missing)


def _network_ids(session: Session, batch: Iterable[CatalogShow], known: Known) -> None:
    missing: dict[str, str] = {}
    for record in batch:
        for name in (network_name(record.network), network_name(record.carrier)):
            if name and (key := name_key(name)[:200]) and key not in known.networks:
                missing.setdefault(key, name)
    if missing:
        session.execute(
            insert(NetworkRow), [{"name": clip(n, 200), "key": k} for k, n in missing.items()]
        )
        query = select(NetworkRow.key, NetworkRow.id).where(NetworkRow.key.in_(missing))
        known.networks.update({key: i for key, i in session.execute(query)})


def _network_id(record: CatalogShow, known: Known) -> int | None:
    """Return the id of the show's network, else of its carrier (a new show's best guess)."""
    for name in (network_name(record.network), network_name(record.carrier)):
        key = name_key(name or "")[:200]
        if key and key in known.networks:
            return known.networks[key]
    return None


def unique_key(record: CatalogShow, taken: set[str]) -> str:
    """Return a show key for `record` not in `taken`: its title, else title and year, network."""
    title = name_key(record.title)
    tries = [
        title,
        name_key(f"{record.title} {record.year or ''}"),
        name_key(f"{record.title} {record.year or ''} {record.network or ''}"),
        name_key(f"{record.title} {record.ref}"),
    ]
    for key in tries:
        if key and key[:300] not in taken:
            return key[:300]
    base, n = name_key(f"{record.title} {record.ref}")[:290] or "show", 2
    while f"{base} {n}" in taken:
        n += 1
    return f"{base} {n}"


def _import_batch(
    session: Session, batch: Sequence[CatalogShow], source: str, known: Known
) -> tuple[int, int, int]:
    _network_ids(session, batch, known)
    matched: list[tuple[CatalogShow, int]] = []
    new: dict[str, CatalogShow] = {}
    provisional: dict[int, str] = {}  # provisional id -> key of a show of this batch
    twins: list[tuple[CatalogShow, int]] = []  # second listings of this batch's new shows
    adopted: list[tuple[int, dict[str, Any]]] = []
    for record in batch:
        network = network_name(record.network)
        show_id = known.match(record, network)
        if show_id is None:
            key = unique_key(record, known.keys)
            known.keys.add(key)
            new[key] = record
            show_id = known.provisional()
            provisional[show_id] = key
            known.remember(show_id, record, network)  # a second listing later in the batch
            continue
        if show_id in provisional:
            known.remember(show_id, record, network)
            twins.append((record, show_id))
            continue
        if show_id not in known.listed:
            adopted.append((show_id, _adopt(session, record, show_id, known)))
        # remembered at once: a later record of this batch sees its ids and years
        known.remember(show_id, record, network)
        matched.append((record, show_id))
    for show_id, values in adopted:
        session.execute(update(ShowRow).where(ShowRow.id == show_id).values(**values))
    if new:
        now = utcnow()
        session.execute(
            insert(ShowRow),
            [
                {
                    "title": clip(r.title, 300) or key,
                    "key": key,
                    "network_id": _network_id(r, known),
                    "created_at": now,
                }
                for key, r in new.items()
            ],
        )
        query = select(ShowRow.key, ShowRow.id).where(ShowRow.key.in_(new))
        ids = {key: i for key, i in session.execute(query)}
        for temporary, key in provisional.items():
            known.settle(temporary, ids[key])
        for key, record in new.items():
            matched.append((record, ids[key]))
            known.network_of[ids[key]] = _network_id(record, known)
        matched += [(record, ids[provisional[temporary]]) for record, temporary in twins]
    fill = [
        {"id": show_id, "network_id": network_id}
        for record, show_id in matched
        if known.network_of.get(show_id) is None
        and (network_id := _network_id(record, known)) is not None
    ]
    if fill:
        session.execute(update(ShowRow), fill)
        known.network_of.update({f["id"]: f["network_id"] for f in fill})
    _save_catalog_rows(session, matched, source, known)
    touch(session, [show_id for _, show_id in matched])  # a catalog's word weighs on a status
    _save_external_ids(session, matched, known)
    _save_aliases(session, matched, known)
    cast_added = _save_cast(session, matched)
    return len(new), len(batch) - len(new), cast_added


def _adopt(session: Session, record: CatalogShow, show_id: int, known: Known) -> dict[str, Any]:
    """Return the new values of a show only the news knew, now `record`'s show.

    It takes the catalog's title, network and key, as if the catalog had come
    before the news; its events are re-linked after the import (`store.relink`).
    """
    network_id = _network_id(record, known)
    known.network_of[show_id] = network_id
    values: dict[str, Any] = {"title": clip(record.title, 300), "network_id": network_id}
    old = session.scalar(select(ShowRow.key).where(ShowRow.id == show_id))
    if old is not None and old != name_key(record.title)[:300]:
        known.keys.discard(old)  # taken over through an alias: the key follows the title
        values["key"] = unique_key(record, known.keys)
        known.keys.add(values["key"])
    return values


def _save_catalog_rows(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], source: str, known: Known
) -> None:
    now = utcnow()
    inserts, updates = [], []
    for record, show_id in matched:
        if known.second_listing(show_id, record):
            continue  # the catalog's first listing of the series speaks for it
        values = {
            "premiered": record.premiered,
            "ended": record.ended,
            "year": record.year,
            "network": clip(network_name(record.network), 200),
            "seen_year": record.seen_year,
            "catalog_status": record.status,
            "seasons": record.seasons,
            "episodes": record.episodes,
            "updated_at": now,
        }
        row_id = known.catalog_rows.get((show_id, source))
        if row_id is None:
            inserts.append({"show_id": show_id, "source": source, **values})
            known.catalog_rows[(show_id, source)] = -1  # inserted; its id is not needed
        elif row_id != -1:
            updates.append({"id": row_id, **values})
    if inserts:
        session.execute(insert(ShowCatalogRow), inserts)
    if updates:
        session.execute(update(ShowCatalogRow), updates)


def _save_external_ids(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], known: Known
) -> None:
    rows = []
    have: set[tuple[str, str]] = set()
    for record, show_id in matched:
        for ref in external_refs(record):
            if ref[1] and ref not in have and known.ids.get(ref) == show_id:
                have.add(ref)
                rows.append({"show_id": show_id, "kind": ref[0], "value": ref[1]})
    if rows:
        stored: set[tuple[str, str]] = set(
            (kind, value)
            for kind, value in session.execute(
                select(ShowExternalIdRow.kind, ShowExternalIdRow.value).where(
                    ShowExternalIdRow.show_id.in_({r["show_id"] for r in rows})
                )
            ).all()
        )
        rows = [r for r in rows if (r["kind"], r["value"]) not in stored]
    if rows:
        session.execute(insert(ShowExternalIdRow), rows)


def _save_aliases(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], known: Known
) -> None:
    rows = []
    for record, show_id in matched:
        for alias in record.aliases:
            key = name_key(alias)[:300]
            if key and key not in known.keys and key not in known.alias_keys:
                known.alias_keys.add(key)
                rows.append({"show_id": show_id, "alias": clip(alias, 300), "key": key})
    if rows:
        session.execute(insert(ShowAliasRow), rows)


def _save_cast(session: Session, matched: Sequence[tuple[CatalogShow, int]]) -> int:
    show_ids = [show_id for record, show_id in matched if record.cast]
    if not show_ids:
        return 0
    query = select(CastRow.show_id, CastRow.person, CastRow.character)
    have: set[tuple[int, str, str]] = {
        (s, p, c) for s, p, c in session.execute(query.where(CastRow.show_id.in_(show_ids)))
    }
    rows = []
    for record, show_id in matched:
        for person, character in record.cast:
            entry = (show_id, clip(person, 300) or "", clip(character, 300) or "")
            if entry[1] and entry not in have:
                have.add(entry)
                rows.append({"show_id": entry[0], "person": entry[1], "character": entry[2]})
    if rows:
        session.execute(insert(CastRow), rows)
    return len(rows)


# --- lookups ------------------------------------------------------------------


def show_id_by_external_id(engine: Engine, kind: str, value: str) -> int | None:
    """Return the id of the show a catalog id names ("tvmaze", "82"), or None."""
    with Session(engine) as session:
        return session.scalar(
            select(ShowExternalIdRow.show_id).where(
                ShowExternalIdRow.kind == kind.strip().lower(),
                ShowExternalIdRow.value == value.strip(),
            )
        )


def show_by_external_id(engine: Engine, kind: str, value: str) -> ShowState | None:
    """Return the state of the show a catalog id names (tvmaze, tmdb, imdb, wikidata), or None."""
    from cliffhanger.store.repository import show_state_by_id  # repository imports this module

    show_id = show_id_by_external_id(engine, kind, value)
    return show_state_by_id(engine, show_id) if show_id is not None else None


def external_ids(session: Session, show_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Return {show id: {kind: value}} for `show_ids` (the first id of each kind)."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    query = select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value)
    for show_id, kind, value in session.execute(
        query.where(ShowExternalIdRow.show_id.in_(show_ids)).order_by(ShowExternalIdRow.id)
    ):
        found[show_id].setdefault(kind, value)
    return found


def catalog_counts(engine: Engine) -> dict[str, int]:
    """Return {catalog source: shows it lists}."""
    with Session(engine) as session:
        query = select(ShowCatalogRow.source, func.count()).group_by(ShowCatalogRow.source)
        return {source: n for source, n in session.execute(query)}
