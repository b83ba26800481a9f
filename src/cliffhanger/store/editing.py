"""Editors' changes to shows: merge two shows that are one, add an alias.

A merge moves events, cast, seasons, cliffhangers, aliases, external ids and
catalog facts to the kept show; the dropped show's title becomes an alias.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from cliffhanger.bounds import is_row_id
from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.store.catalog_tables import EventLinkRow, ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.tables import (
    CastRow,
    CliffhangerRow,
    EventRow,
    SeasonRow,
    ShowAliasRow,
    ShowRow,
    utcnow,
)
from cliffhanger.store.versioning import touch


def require_show_id(session: Session, show_id: int) -> ShowRow:
    """Return the show row with id `show_id`; NotFoundError when there is none."""
    show = session.get(ShowRow, show_id) if is_row_id(show_id) else None
    if show is None:
        raise NotFoundError(
            f"no show with id {show_id}",
            hint='find ids with `cliffhanger catalog show "TITLE"`',
        )
    return show


def add_alias_to(engine: Engine, show_id: int, alias: str) -> str:
    """Return the title of show `show_id` once `alias` finds it (a taken alias is an error)."""
    key = name_key(alias)[:300]
    if not key:
        raise InputError(f"{alias!r} cannot be an alias", hint="give letters or digits")
    with Session(engine) as session, session.begin():
        show = require_show_id(session, show_id)
        owner = session.scalar(select(ShowRow).where(ShowRow.key == key))
        if owner is None:
            owner = session.scalar(
                select(ShowRow).join(ShowAliasRow).where(ShowAliasRow.key == key)
            )
        if owner is not None and owner.id != show.id:
            raise InputError(
                f"{alias!r} already names show {owner.id} ({owner.title})",
                hint=f"merge the two with `cliffhanger merge {show.id} {owner.id}` if they are one",
            )
        if owner is None:
            session.add(ShowAliasRow(show_id=show.id, alias=clip(alias, 300), key=key))
        return show.title


def merge_shows(engine: Engine, keep_id: int, drop_id: int) -> str:
    """Return the kept show's title once show `drop_id` is folded into `keep_id`.

    Events, cast, seasons, cliffhangers, aliases, external ids and catalog
    facts move; the dropped show's title becomes an alias; it is then deleted.
    """
    if keep_id == drop_id:
        raise InputError("a show cannot be merged into itself", hint="give two different ids")
    with Session(engine) as session, session.begin():
        keep = require_show_id(session, keep_id)
        drop = require_show_id(session, drop_id)
        touch(session, [keep.id, drop.id])  # the dropped show's status row goes with it
        _move_rows(session, keep.id, drop.id)
        if keep.network_id is None:
            keep.network_id = drop.network_id
        drop_title, drop_key = drop.title, drop.key
        session.delete(drop)
        session.flush()
        alias_taken = session.scalar(select(ShowAliasRow.id).where(ShowAliasRow.key == drop_key))
        if drop_key != keep.key and alias_taken is None:
            session.add(ShowAliasRow(show_id=keep.id, alias=drop_title, key=drop_key))
        # the catalog changed: the cached index must see it
        session.execute(
            update(ShowCatalogRow)
            .where(ShowCatalogRow.show_id == keep.id)
            .values(updated_at=utcnow())
        )
        return keep.title


def _move_rows(session: Session, keep: int, drop: int) -> None:
    # An editor who merges two shows says which show these events are about: their links hold,
    # pinned, so re-linking after a catalog import never moves them (`store.relink`).
    moved = select(EventRow.id).where(EventRow.show_id == drop)
    session.execute(
        update(EventLinkRow)
        .where(EventLinkRow.event_id.in_(moved), EventLinkRow.recommendation.in_(["low", "none"]))
        .values(recommendation="strong")
    )
    session.execute(
        update(EventLinkRow).where(EventLinkRow.event_id.in_(moved)).values(pinned=True)
    )
    title = session.scalar(select(ShowRow.title).where(ShowRow.id == drop)) or ""
    unlinked = session.scalars(
        select(EventRow.id)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
        .where(EventRow.show_id == drop, EventLinkRow.event_id.is_(None))
        .where(EventRow.is_correction.is_(False))
    )
    session.add_all(
        EventLinkRow(
            event_id=event_id,
            mention=clip(title, 300) or "",
            score=1.0,
            recommendation="strong",
            pinned=True,
        )
        for event_id in unlinked
    )
    for table in (EventRow, CliffhangerRow, ShowAliasRow, ShowExternalIdRow):
        session.execute(update(table).where(table.show_id == drop).values(show_id=keep))
    have_cast = set(
        session.execute(select(CastRow.person, CastRow.character).where(CastRow.show_id == keep))
    )
    for row in session.scalars(select(CastRow).where(CastRow.show_id == drop)):
        if (row.person, row.character) in have_cast:
            session.delete(row)
        else:
            row.show_id = keep
    have_seasons = set(session.scalars(select(SeasonRow.season).where(SeasonRow.show_id == keep)))
    for season in session.scalars(select(SeasonRow).where(SeasonRow.show_id == drop)):
        if season.season in have_seasons:
            session.delete(season)
        else:
            season.show_id = keep
    sources = set(
        session.scalars(select(ShowCatalogRow.source).where(ShowCatalogRow.show_id == keep))
    )
    for catalog in session.scalars(select(ShowCatalogRow).where(ShowCatalogRow.show_id == drop)):
        if catalog.source in sources:
            session.delete(catalog)
        else:
            catalog.show_id = keep
    session.flush()
