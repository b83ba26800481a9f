"""Whether a database's schema is already at the latest revision, asked without Alembic.

Importing Alembic and walking its scripts costs a command about a quarter of a
second of CPU; every command opens the store, and nearly always the schema is
current. The heads are read from the migration files' `revision` and
`down_revision` lines (`tests/store/test_migrations.py` checks that they are
Alembic's own heads), and the database's from its `alembic_version` table.
`script_heads` imports no SQLAlchemy (`store.sqlite_read` reads without it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=\n]*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """Return the revisions no migration file builds on: the schema's heads."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in VERSIONS.glob("*.py"):
        source = script.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - parents)


def at_head(engine: Engine) -> bool:
    """Return True if the database records exactly the script heads (False if it cannot tell)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False  # no table yet, or unreadable: Alembic will say which
    return frozenset(r[0] for r in rows) == script_heads()
