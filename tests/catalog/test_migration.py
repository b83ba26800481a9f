"""Revision 0002_catalog: its tables exist after `upgrade`, and it downgrades cleanly."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from cliffhanger.store.engine import alembic_config, upgrade

CATALOG_TABLES = {"show_catalog", "show_external_ids", "event_links", "review_decisions"}


def test_0002_catalog_follows_0001_core() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_revision("0002_catalog").down_revision == "0001_core"


def test_catalog_tables_exist_and_downgrade(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= CATALOG_TABLES
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "0006_link_evidence@-1")  # 0006 builds on 0005, 0005 on 0002
        command.downgrade(config, "0005_linking@-1")
        command.downgrade(config, "0002_catalog@-1")
    assert not CATALOG_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)  # and back up again
    assert set(inspect(engine).get_table_names()) >= CATALOG_TABLES
