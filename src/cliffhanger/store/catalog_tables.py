"""Catalog and review tables: external ids, catalog facts per source, links and review decisions.

Shows themselves stay in `tables.ShowRow`; a show known to a catalog gets one
`ShowCatalogRow` per catalog that lists it (TVmaze and Netflix may both), and
one `ShowExternalIdRow` per id. Every change here goes with the Alembic
revisions `0002_catalog`, `0005_linking` and `0006_link_evidence`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from cliffhanger.store.tables import Base, utcnow

RECOMMENDATIONS = ("strong", "medium", "low", "none")
DECISIONS = ("accepted", "rejected", "corrected")


class ShowExternalIdRow(Base):
    """An id a catalog gives a show ("tvmaze" "82"), unique per kind."""

    __tablename__ = "show_external_ids"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))


class ShowCatalogRow(Base):
    """What one catalog (`source`) says of a show: run, catalog status, seasons, episodes."""

    __tablename__ = "show_catalog"
    __table_args__ = (UniqueConstraint("show_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    premiered: Mapped[dt.date | None] = mapped_column(Date)
    ended: Mapped[dt.date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    # The network this catalog names (None when it names none or only carries the show).
    network: Mapped[str | None] = mapped_column(String(200))
    seen_year: Mapped[int | None] = mapped_column(Integer)  # on air that year, not a premiere
    catalog_status: Mapped[str | None] = mapped_column(String(20))
    seasons: Mapped[int | None] = mapped_column(Integer)
    episodes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EventLinkRow(Base):
    """How an event's show mention was resolved: the mention, its score and recommendation."""

    __tablename__ = "event_links"
    __table_args__ = (
        CheckConstraint(f"recommendation IN {RECOMMENDATIONS!r}", name="recommendation"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    mention: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)
    recommendation: Mapped[str] = mapped_column(String(10))
    # The people the article named with the mention, one a line ("" none; None: not kept).
    people: Mapped[str | None] = mapped_column(Text)
    # An editor put the event on its show (a merge): re-linking never moves it.
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ReviewDecisionRow(Base):
    """An editor's verdict on a queued event: accepted, rejected, or corrected by another event."""

    __tablename__ = "review_decisions"
    __table_args__ = (CheckConstraint(f"decision IN {DECISIONS!r}", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))
    correction_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    author: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
