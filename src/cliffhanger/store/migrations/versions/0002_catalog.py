"""Catalog: external ids, catalog facts per source, event links and review decisions.

Revision ID: 0002_catalog
Revises: 0001_core
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_catalog"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "show_catalog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("premiered", sa.Date(), nullable=True),
        sa.Column("ended", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("catalog_status", sa.String(length=20), nullable=True),
        sa.Column("seasons", sa.Integer(), nullable=True),
        sa.Column("episodes", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_show_catalog_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_catalog")),
        sa.UniqueConstraint("show_id", "source", name=op.f("uq_show_catalog_show_id_source")),
    )
    op.create_index(op.f("ix_show_catalog_show_id"), "show_catalog", ["show_id"], unique=False)
    op.create_table(
        "show_external_ids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_show_external_ids_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_external_ids")),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_show_external_ids_kind_value")),
    )
    op.create_index(
        op.f("ix_show_external_ids_show_id"), "show_external_ids", ["show_id"], unique=False
    )
    op.create_table(
        "event_links",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("mention", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("recommendation", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "recommendation IN ('strong', 'medium', 'low', 'none')",
            name=op.f("ck_event_links_recommendation"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_links_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_links")),
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("correction_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('accepted', 'rejected', 'corrected')",
            name=op.f("ck_review_decisions_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["events.id"],
            name=op.f("fk_review_decisions_correction_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_review_decisions_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
        sa.UniqueConstraint("event_id", name=op.f("uq_review_decisions_event_id")),
    )
    op.create_index(
        op.f("ix_review_decisions_correction_id"),
        "review_decisions",
        ["correction_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_decisions_correction_id"), table_name="review_decisions")
    op.drop_table("review_decisions")
    op.drop_table("event_links")
    op.drop_index(op.f("ix_show_external_ids_show_id"), table_name="show_external_ids")
    op.drop_table("show_external_ids")
    op.drop_index(op.f("ix_show_catalog_show_id"), table_name="show_catalog")
    op.drop_table("show_catalog")
