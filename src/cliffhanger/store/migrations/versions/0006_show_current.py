"""Current status kept per show (show_current) and the store's version counter (store_version).

The rows of show_current are not filled here: they are computed by the
status rules of the code that opens the database (`store.show_current.
ensure_current`, run by `upgrade` and `open_store`), because a migration must
not import code that later changes. `store_version` starts at 0 with no
rules recorded, which says "not computed yet".

Revision ID: 0006_show_current
Revises: 0001_core
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_show_current"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "show_current",
        sa.Column("show_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("network", sa.String(length=200), nullable=True),
        sa.Column("seasons", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("deciding_id", sa.Integer(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("stale_from", sa.Date(), nullable=True),
        sa.Column("recheck_on", sa.Date(), nullable=True),
        sa.Column("on_board", sa.Boolean(), nullable=False),
        sa.Column("dirty", sa.Boolean(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deciding_id"],
            ["events.id"],
            name=op.f("fk_show_current_deciding_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_show_current_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("show_id", name=op.f("pk_show_current")),
    )
    op.create_index(
        op.f("ix_show_current_deciding_id"), "show_current", ["deciding_id"], unique=False
    )
    op.create_index(
        op.f("ix_show_current_recheck_on"), "show_current", ["recheck_on"], unique=False
    )
    op.create_index(op.f("ix_show_current_dirty"), "show_current", ["dirty"], unique=False)
    version = op.create_table(
        "store_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("rules", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_version")),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0, "rules": None}])


def downgrade() -> None:
    op.drop_table("store_version")
    op.drop_index(op.f("ix_show_current_dirty"), table_name="show_current")
    op.drop_index(op.f("ix_show_current_recheck_on"), table_name="show_current")
    op.drop_index(op.f("ix_show_current_deciding_id"), table_name="show_current")
    op.drop_table("show_current")
