"""Web tables: API tokens, watchlists and their shows, webhook deliveries and their attempts.

Review decisions live in `catalog_tables.ReviewDecisionRow`; the web reuses them.
Every change here goes with the Alembic revision `0004_web`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cliffhanger.store.tables import Base, utcnow

DELIVERY_STATES = ("pending", "sending", "delivered", "failed")


class TokenRow(Base):
    """A bearer token for the write endpoints, stored as the sha256 of the token only."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WatchlistRow(Base):
    """A named set of shows whose status changes are posted to a webhook and an Atom feed."""

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(200))
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchlistShowRow(Base):
    """A show on a watchlist, with the status last seen (a change is told from it)."""

    __tablename__ = "watchlist_shows"
    __table_args__ = (UniqueConstraint("watchlist_id", "show_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id", ondelete="CASCADE"))
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    last_status: Mapped[str | None] = mapped_column(String(20))


class DeliveryRow(Base):
    """One status change of one show for one watchlist: sent once, whatever the retries."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("watchlist_id", "show_id", "change_id"),
        CheckConstraint(f"state IN {DELIVERY_STATES!r}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    change_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryAttemptRow(Base):
    """One try at posting a delivery: the HTTP status or the error, and how long it took."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
