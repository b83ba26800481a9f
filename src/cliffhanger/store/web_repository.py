"""Tokens, watchlists and webhook deliveries; every function returns plain data, never rows.

Tokens are stored as the sha256 of the token: the token itself is shown once,
when it is created, and cannot be read back. A delivery is one status change
of one show for one watchlist, unique on (watchlist, show, change id), so a
change is posted once however many processes notice it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cliffhanger.errors import AuthError, ForbiddenError, InputError, NotFoundError
from cliffhanger.store.keys import clip
from cliffhanger.store.tables import ShowRow, as_utc, utcnow
from cliffhanger.store.web_tables import (
    DeliveryAttemptRow,
    DeliveryRow,
    TokenRow,
    WatchlistRow,
    WatchlistShowRow,
)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Token:
    """A named API token (never the token itself), and when it was revoked if it was."""

    id: int
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


@dataclass(frozen=True)
class Watchlist:
    """A watchlist: its shows and webhook (the secret is write-only and never returned)."""

    id: int
    name: str
    webhook_url: str | None
    show_ids: tuple[int, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class Watched:
    """One show on one watchlist, with the status last seen for it."""

    watchlist_id: int
    show_id: int
    last_status: str | None
    has_webhook: bool = False


@dataclass(frozen=True)
class Change:
    """A status change of a watched show, to be delivered to its watchlist once."""

    watchlist_id: int
    show_id: int
    status: str
    change_id: str
    payload: str
    deliver: bool = True  # False: only remember the new status (a watchlist without webhook)


@dataclass(frozen=True)
class Delivery:
    """A delivery as the sender needs it, or as the API lists it."""

    id: int
    watchlist_id: int
    show_id: int
    change_id: str
    state: str
    attempts: int
    payload: str
    webhook_url: str | None = None
    secret: str | None = None


def hash_token(token: str) -> str:
    """Return the sha256 hex digest a token is stored (and looked up) by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- tokens ---------------------------------------------------------------------


def create_token(engine: Engine, name: str) -> tuple[Token, str]:
    """Return the new token named `name` and the token itself (shown once, stored hashed)."""
    name = name.strip()
    if not name:
        raise InputError("a token needs a name", hint="e.g. --name editor")
    token = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        if session.scalar(select(TokenRow.id).where(TokenRow.name == name)) is not None:
            raise InputError(
                f"a token named {name!r} exists already",
                hint=f"revoke it first (cliffhanger token revoke --name {name}) or pick another",
            )
        row = TokenRow(name=clip(name, 100), token_hash=hash_token(token))
        session.add(row)
        session.flush()
        return _token(row), token


def revoke_token(engine: Engine, name: str) -> Token:
    """Return the token named `name`, now revoked (revoking twice keeps the first time)."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(TokenRow).where(TokenRow.name == name.strip()))
        if row is None:
            raise NotFoundError(
                f"no token named {name!r}", hint="list them: cliffhanger token list"
            )
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        session.flush()
        return _token(row)


def list_tokens(engine: Engine) -> list[Token]:
    """Return every token, oldest first (names and dates only)."""
    with Session(engine) as session:
        return [_token(r) for r in session.scalars(select(TokenRow).order_by(TokenRow.id))]


def check_token(engine: Engine, token: str | None) -> Token:
    """Return the token named by `token`: AuthError if unknown, ForbiddenError if revoked."""
    hint = "send Authorization: Bearer <token>; create one with `cliffhanger token create`"
    if not token:
        raise AuthError("this endpoint needs a token", hint=hint)
    with Session(engine) as session:
        row = session.scalar(select(TokenRow).where(TokenRow.token_hash == hash_token(token)))
        if row is None:
            raise AuthError("unknown token", hint=hint)
        if row.revoked_at is not None:
            raise ForbiddenError(
                f"token {row.name!r} was revoked",
                hint="ask for a new one (cliffhanger token create)",
            )
        return _token(row)


def _token(row: TokenRow) -> Token:
    return Token(
        id=row.id, name=row.name, created_at=as_utc(row.created_at), revoked_at=row.revoked_at
    )


# --- watchlists -----------------------------------------------------------------


def create_watchlist(
    engine: Engine,
    name: str,
    shows: dict[int, str],
    *,
    webhook_url: str | None = None,
    secret: str | None = None,
    token_id: int | None = None,
) -> Watchlist:
    """Return the new watchlist of `shows` ({show id: current status}, the baseline)."""
    with Session(engine) as session, session.begin():
        known = set(session.scalars(select(ShowRow.id).where(ShowRow.id.in_(list(shows)))))
        missing = sorted(set(shows) - known)
        if missing:
            raise NotFoundError(
                f"no show with id {', '.join(map(str, missing))}",
                hint="find ids with GET /api/shows?q=TITLE",
            )
        row = WatchlistRow(
            name=clip(name, 200) or "watchlist",
            webhook_url=webhook_url,
            secret=secret,
            token_id=token_id,
        )
        session.add(row)
        session.flush()
        for show_id, status in shows.items():
            session.add(WatchlistShowRow(watchlist_id=row.id, show_id=show_id, last_status=status))
        session.flush()
        return _watchlist(row, sorted(shows))


def watchlist(engine: Engine, watchlist_id: int) -> Watchlist:
    """Return the watchlist `watchlist_id`; NotFoundError if there is none."""
    with Session(engine) as session:
        row = session.get(WatchlistRow, watchlist_id)
        if row is None:
            raise NotFoundError(f"no watchlist with id {watchlist_id}")
        ids = session.scalars(
            select(WatchlistShowRow.show_id)
            .where(WatchlistShowRow.watchlist_id == watchlist_id)
            .order_by(WatchlistShowRow.show_id)
        )
        return _watchlist(row, list(ids))


def watched(engine: Engine) -> list[Watched]:
    """Return every (watchlist, show) pair with the status last seen, by watchlist."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                WatchlistShowRow.watchlist_id,
                WatchlistShowRow.show_id,
                WatchlistShowRow.last_status,
                WatchlistRow.webhook_url,
            )
            .join(WatchlistRow, WatchlistRow.id == WatchlistShowRow.watchlist_id)
            .order_by(WatchlistShowRow.watchlist_id, WatchlistShowRow.show_id)
        )
        return [Watched(w, s, last, bool(url)) for w, s, last, url in rows]


def _watchlist(row: WatchlistRow, show_ids: Sequence[int]) -> Watchlist:
    return Watchlist(
        id=row.id,
        name=row.name,
        webhook_url=row.webhook_url,
        show_ids=tuple(show_ids),
        created_at=as_utc(row.created_at),
    )


# --- deliveries -----------------------------------------------------------------


def record_changes(engine: Engine, changes: Sequence[Change]) -> list[int]:
    """Return the ids of the deliveries queued for `changes` (a change seen before: none).

    The watched show's last status moves on either way, in the same transaction.
    """
    queued: list[int] = []
    with Session(engine) as session, session.begin():
        for change in changes:
            if change.deliver:
                queued.extend(_queue(session, change))
            session.execute(
                update(WatchlistShowRow)
                .where(
                    WatchlistShowRow.watchlist_id == change.watchlist_id,
                    WatchlistShowRow.show_id == change.show_id,
                )
                .values(last_status=change.status)
            )
    return queued


def _queue(session: Session, change: Change) -> list[int]:
    # A savepoint: another process may have queued the same change a moment ago.
    try:
        with session.begin_nested():
            row = DeliveryRow(
                watchlist_id=change.watchlist_id,
                show_id=change.show_id,
                change_id=change.change_id,
                payload=change.payload,
            )
            session.add(row)
            session.flush()
            return [row.id]
    except IntegrityError:
        return []


def pending_deliveries(engine: Engine) -> list[int]:
    """Return the ids of deliveries waiting to be sent, oldest first."""
    with Session(engine) as session:
        query = select(DeliveryRow.id).where(DeliveryRow.state == "pending")
        return list(session.scalars(query.order_by(DeliveryRow.id)))


def reclaim_stale(engine: Engine, older_than: dt.timedelta) -> int:
    """Return how many deliveries left "sending" by a sender that died are pending again.

    A delivery is stale when neither it nor its last attempt moved for `older_than`
    (far longer than a sender's retries and timeouts take).
    """
    cutoff = utcnow() - older_than
    last = (
        select(func.max(DeliveryAttemptRow.at))
        .where(DeliveryAttemptRow.delivery_id == DeliveryRow.id)
        .scalar_subquery()
    )
    with Session(engine) as session, session.begin():
        stale = session.scalars(
            select(DeliveryRow.id).where(
                DeliveryRow.state == "sending",
                func.coalesce(last, DeliveryRow.created_at) < cutoff,
            )
        ).all()
        if stale:
            session.execute(
                update(DeliveryRow).where(DeliveryRow.id.in_(stale)).values(state="pending")
            )
        return len(stale)


def claim_delivery(engine: Engine, delivery_id: int) -> Delivery | None:
    """Return the delivery, now marked as being sent by us; None if it is not pending."""
    with Session(engine) as session, session.begin():
        claimed = session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id, DeliveryRow.state == "pending")
            .values(state="sending")
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult
            return None
        row = session.get(DeliveryRow, delivery_id)
        target = session.get(WatchlistRow, row.watchlist_id) if row else None
        if row is None or target is None:
            return None
        return _delivery(row, target)


def log_attempt(
    engine: Engine,
    delivery_id: int,
    *,
    status_code: int | None,
    error: str | None,
    duration_ms: int,
    state: str,
) -> int:
    """Return the attempt number just logged; `state` is the delivery's state after it."""
    with Session(engine) as session, session.begin():
        row = session.get(DeliveryRow, delivery_id)
        if row is None:
            raise NotFoundError(f"no delivery with id {delivery_id}")
        row.attempts += 1
        row.state = state
        if state == "delivered":
            row.delivered_at = utcnow()
        session.add(
            DeliveryAttemptRow(
                delivery_id=delivery_id,
                attempt=row.attempts,
                status_code=status_code,
                error=clip(error, 2000),
                duration_ms=duration_ms,
            )
        )
        return row.attempts


def deliveries(
    engine: Engine, watchlist_id: int, *, limit: int = 50, offset: int = 0
) -> tuple[list[Delivery], int]:
    """Return a page of the watchlist's deliveries, newest first, and how many there are."""
    with Session(engine) as session:
        where = DeliveryRow.watchlist_id == watchlist_id
        total = session.scalar(select(func.count(DeliveryRow.id)).where(where)) or 0
        rows = session.scalars(
            select(DeliveryRow)
            .where(where)
            .order_by(DeliveryRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_delivery(r) for r in rows], total


def attempts(engine: Engine, delivery_id: int) -> list[tuple[int, int | None, str | None]]:
    """Return (attempt, HTTP status, error) of every try at a delivery, first first."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                DeliveryAttemptRow.attempt, DeliveryAttemptRow.status_code, DeliveryAttemptRow.error
            )
            .where(DeliveryAttemptRow.delivery_id == delivery_id)
            .order_by(DeliveryAttemptRow.attempt)
        )
        return [(a, s, e) for a, s, e in rows]


def _delivery(row: DeliveryRow, target: WatchlistRow | None = None) -> Delivery:
    return Delivery(
        id=row.id,
        watchlist_id=row.watchlist_id,
        show_id=row.show_id,
        change_id=row.change_id,
        state=row.state,
        attempts=row.attempts,
        payload=row.payload,
        webhook_url=target.webhook_url if target else None,
        secret=target.secret if target else None,
    )
