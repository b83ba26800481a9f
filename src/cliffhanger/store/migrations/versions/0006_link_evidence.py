"""Link evidence: the people an article named with the mention, and a pin for an event an
editor placed on a show (a merge); re-linking after a catalog import reads the one and
leaves the other alone.

Revision ID: 0006_link_evidence
Revises: 0005_linking
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_link_evidence"
down_revision: str | Sequence[str] | None = "0005_linking"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event_links") as batch:
        batch.add_column(sa.Column("people", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("event_links") as batch:
        batch.drop_column("pinned")
        batch.drop_column("people")
