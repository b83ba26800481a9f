"""Linking: the network each catalog names and a year it saw the show on air; the network
an event's source named before canonicalisation.

Revision ID: 0005_linking
Revises: 0002_catalog
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_linking"
down_revision: str | Sequence[str] | None = "0002_catalog"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("show_catalog") as batch:
        batch.add_column(sa.Column("network", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("seen_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("network_named", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("network_named")
    with op.batch_alter_table("show_catalog") as batch:
        batch.drop_column("seen_year")
        batch.drop_column("network")
