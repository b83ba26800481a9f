"""Tables kept for fast reads: each show's current status, and the store's version counter.

Both are derived data, written in the transaction of the write they follow
(`store.show_current`, `store.versioning`): nothing here is a fact of its own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cliffhanger.store.tables import Base, utcnow


class ShowCurrentRow(Base):
    """A show's status as `status.current.show_status` decided it on `computed_on`.

    `stale_from` is the day a returning/ending status starts to read "last
    known" (read-time rule, `status.current.is_last_known`); `recheck_on` the
    day a catalog's last air date is reached and the status must be computed
    again. `on_board`: the show has events, or no catalog lists it. `dirty`:
    a bulk write touched the show and deferred computing it (`show_current`).
    """

    __tablename__ = "show_current"

    show_id: Mapped[int] = mapped_column(
        ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    status: Mapped[str] = mapped_column(String(20))
    network: Mapped[str | None] = mapped_column(String(200))
    seasons: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The deciding event: its row is read back at read time (its outlet, link, review).
    deciding_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    outlet: Mapped[str | None] = mapped_column(String(200))
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    stale_from: Mapped[dt.date | None] = mapped_column(Date)
    recheck_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    on_board: Mapped[bool] = mapped_column(default=True)
    # Touched by a bulk write and not computed since: readers compute it from the rules.
    dirty: Mapped[bool] = mapped_column(default=False, index=True)
    computed_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoreVersionRow(Base):
    """One row (id 1): a counter every committed write bumps, and the rules `show_current` used.

    `rules` is a hash of the status rules' source (`show_current.RULES`); when
    the code's rules differ, the stored statuses are computed again.
    """

    __tablename__ = "store_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    rules: Mapped[str | None] = mapped_column(String(64))
