"""Backfill partitions: which line ranges of which archives a backfill has stored.

Revision ID: 0005_backfill
Revises: 0003_sources
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_backfill"
down_revision: str | Sequence[str] | None = "0003_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "backfill_partitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("archive", sa.String(length=2000), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("first", sa.BigInteger(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backfill_partitions")),
        sa.UniqueConstraint(
            "archive",
            "size",
            "mtime_ns",
            "first",
            name=op.f("uq_backfill_partitions_archive_size_mtime_ns_first"),
        ),
    )


def downgrade() -> None:
    op.drop_table("backfill_partitions")
