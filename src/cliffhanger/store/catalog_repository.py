"""The show catalog in the store: bulk import, lookups by external id, merge and aliases.

A catalog record lands on a stored show by, in order: one of its external ids;
else the same normalised title with a compatible network (the same, or one
side unknown) and year (inside the show's run, give or take a year). A show
never takes two ids of one kind, so two records of one catalog stay two shows.
Shows that share a title get a longer lookup key ("The Order 2000"), their
title unchanged. Each batch of records is one transaction of bulk statements.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cliffhanger.errors import StoreError
from cliffhanger.model import ShowState
from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.resolution.networks import default_index
from cliffhanger.store.catalog_tables import ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import (
    CastRow,
    NetworkRow,
    ShowAliasRow,
    ShowRow,
    utcnow,
)

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


@dataclass
class _Known:
    """What the store already holds, loaded once per import and kept current batch by batch."""

    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    kinds: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    keys: set[str] = field(default_factory=set)
    alias_keys: set[str] = field(default_factory=set)
    by_title: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    network_of: dict[int, int | None] = field(default_factory=dict)
    runs: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    catalog_rows: dict[tuple[int, str], int] = field(default_factory=dict)
    networks: dict[str, int] = field(default_factory=dict)


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
    """
    created = updated = cast_added = 0
    try:
        with Session(engine) as session:
            known = _load_known(session)
        for start in range(0, len(shows), batch_size):
            batch = shows[start : start + batch_size]
            with Session(engine) as session, session.begin():
                c, u, n = _import_batch(session, batch, source, known)
            created, updated, cast_added = created + c, updated + u, cast_added + n
            if progress is not None:
                progress(len(batch))
    except SQLAlchemyError as e:
        raise StoreError(
            f"catalog import failed: {e}".splitlines()[0],
            hint="check the database is reachable and not read-only; batches done are kept",
        ) from e
    return ImportResult(read=len(shows), created=created, updated=updated, cast_added=cast_added)


def _load_known(session: Session) -> _Known:
    known = _Known()
    for show_id, kind, value in session.execute(
        select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value)
    ):
        known.ids[(kind, value)] = show_id
        known.kinds[show_id].add(kind)
    for show_id, title, key, network_id in session.execute(
        select(ShowRow.id, ShowRow.title, ShowRow.key, ShowRow.network_id)
    ):
        known.keys.add(key)
        known.by_title[name_key(title)].append(show_id)
        known.network_of[show_id] = network_id
    known.alias_keys.update(session.scalars(select(ShowAliasRow.key)))
    for row_id, show_id, source, year, ended in session.execute(
        select(
            ShowCatalogRow.id,
            ShowCatalogRow.show_id,
            ShowCatalogRow.source,
            ShowCatalogRow.year,
            ShowCatalogRow.ended,
        )
    ):
        known.catalog_rows[(show_id, source)] = row_id
        _widen_run(known, show_id, year, ended.year if ended else None)
    known.networks.update({k: i for i, k in session.execute(select(NetworkRow.id, NetworkRow.key))})
    return known


def _widen_run(known: _Known, show_id: int, start: int | None, end: int | None) -> None:
    old_start, old_end = known.runs.get(show_id, (None, None))
    starts = [y for y in (old_start, start) if y is not None]
    ends = [y for y in (old_end, end) if y is not None]
    known.runs[show_id] = (min(starts) if starts else None, max(ends) if ends else None)


def _match(record: CatalogShow, network_id: int | None, known: _Known) -> int | None:
    for kind, value in record.external_ids.items():
        if (kind, value) in known.ids:
            return known.ids[(kind, value)]
    kinds = set(record.external_ids)
    for show_id in known.by_title.get(name_key(record.title), ()):
        if kinds & known.kinds[show_id]:
            continue  # a catalog never lists one show twice
        other = known.network_of.get(show_id)
        if network_id is not None and other is not None and other != network_id:
            continue
        start, end = known.runs.get(show_id, (None, None))
        last = end if end is not None else 9999
        if (
            record.year is not None
            and start is not None
            and not start - 1 <= record.year <= last + 1
        ):
            continue
        return show_id
    return None


def network_name(name: str | None) -> str | None:
    """Return the canonical name of a network spelling (unknown names as given), or None."""
    name = (name or "").strip()
    return (default_index().canonical(name) or name) if name else None


def seed_networks(engine: Engine, names: Iterable[str]) -> tuple[int, int]:
    """Return (networks read, networks added): one row per canonical network, none twice.

    `names` are spellings from anywhere (a TMDB dump, the curated table); each is
    stored under its canonical name, so "HBO Max" and "Max" stay the two services
    the curated table says they are and "CBS All Access" lands on Paramount+.
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


def _network_ids(session: Session, batch: Iterable[CatalogShow], known: _Known) -> None:
    missing: dict[str, str] = {}
    for record in batch:
        name = network_name(record.network)
        if name and (key := name_key(name)[:200]) and key not in known.networks:
            missing.setdefault(key, name)
    if missing:
        session.execute(
            insert(NetworkRow), [{"name": clip(n, 200), "key": k} for k, n in missing.items()]
        )
        query = select(NetworkRow.key, NetworkRow.id).where(NetworkRow.key.in_(missing))
        known.networks.update({key: i for key, i in session.execute(query)})


def _network_id(record: CatalogShow, known: _Known) -> int | None:
    key = name_key(network_name(record.network) or "")[:200]
    return known.networks.get(key) if key else None


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
    session: Session, batch: Sequence[CatalogShow], source: str, known: _Known
) -> tuple[int, int, int]:
    _network_ids(session, batch, known)
    matched: list[tuple[CatalogShow, int]] = []
    new: dict[str, CatalogShow] = {}
    for record in batch:
        show_id = _match(record, _network_id(record, known), known)
        if show_id is None:
            key = unique_key(record, known.keys)
            known.keys.add(key)
            new[key] = record
        else:
            matched.append((record, show_id))
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
        for key, record in new.items():
            matched.append((record, ids[key]))
            known.by_title[name_key(record.title)].append(ids[key])
            known.network_of[ids[key]] = _network_id(record, known)
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
    _save_external_ids(session, matched, known)
    _save_aliases(session, matched, known)
    cast_added = _save_cast(session, matched)
    return len(new), len(batch) - len(new), cast_added


def _save_catalog_rows(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], source: str, known: _Known
) -> None:
    now = utcnow()
    inserts, updates = [], []
    for record, show_id in matched:
        values = {
            "premiered": record.premiered,
            "ended": record.ended,
            "year": record.year,
            "catalog_status": record.status,
            "seasons": record.seasons,
            "episodes": record.episodes,
            "updated_at": now,
        }
        _widen_run(known, show_id, record.year, record.ended.year if record.ended else None)
        row_id = known.catalog_rows.get((show_id, source))
        if row_id is None:
            inserts.append({"show_id": show_id, "source": source, **values})
            known.catalog_rows[(show_id, source)] = -1  # inserted; its id is not needed
        else:
            updates.append({"id": row_id, **values})
    if inserts:
        session.execute(insert(ShowCatalogRow), inserts)
    if updates:
        session.execute(update(ShowCatalogRow), updates)


def _save_external_ids(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], known: _Known
) -> None:
    rows = []
    for record, show_id in matched:
        for kind, value in record.external_ids.items():
            ref = (kind[:20], value.strip()[:100])
            if ref[1] and ref not in known.ids:
                known.ids[ref] = show_id
                known.kinds[show_id].add(ref[0])
                rows.append({"show_id": show_id, "kind": ref[0], "value": ref[1]})
    if rows:
        session.execute(insert(ShowExternalIdRow), rows)


def _save_aliases(
    session: Session, matched: Sequence[tuple[CatalogShow, int]], known: _Known
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
