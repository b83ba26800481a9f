"""A SQLite store opened for one quick read with `sqlite3`, when nothing needs doing first.

`cliffhanger status` on SQLite reads through this, so its start-up imports
neither SQLAlchemy nor the ORM tables. Only a store that `engine.open_store`
would leave as it is qualifies: a plain `sqlite:///path` URL to a file that
exists, a schema at the migrations' heads, statuses computed by these rules
and no status waiting on a catalog's last air date. Anything else (or any
error opening it) gives None, and the caller takes the full path, which
migrates, computes and says what is wrong in its own words.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cliffhanger.store.schema_version import script_heads
from cliffhanger.store.status_read import rules_hash

PREFIX = "sqlite:///"
BUSY_TIMEOUT_MS = 10_000  # as `engine.SQLITE_BUSY_TIMEOUT_MS`


def open_current(url: str) -> sqlite3.Connection | None:
    """Return a connection to the SQLite file of `url` if it is ready to read as it is, else None.

    Never raises: an unusual URL, a missing or unreadable file, an old schema,
    statuses to compute again or any SQLite error all give None.
    """
    path = _plain_path(url)
    if path is None:
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True)
    except sqlite3.Error:
        return None
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if _ready(connection):
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None


def runner(connection: sqlite3.Connection) -> Any:
    """Return the `status_read.Run` of `connection`: (sql, params) -> rows as tuples."""

    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return connection.execute(sql, params).fetchall()

    return run


def _plain_path(url: str) -> Path | None:
    if not url.startswith(PREFIX):
        return None
    database = url.removeprefix(PREFIX)
    if not database or "?" in database or "%" in database or database.startswith(("file:", ":")):
        return None
    path = Path(database).expanduser()
    try:
        return path if path.is_file() else None
    except OSError:  # a folder the user may not enter: the full path says so
        return None


def _ready(connection: sqlite3.Connection) -> bool:
    heads = {row[0] for row in connection.execute("SELECT version_num FROM alembic_version")}
    if heads != script_heads():
        return False
    rules = connection.execute("SELECT rules FROM store_version WHERE id = 1").fetchall()
    if not rules or rules[0][0] != rules_hash():
        return False
    # `show_current.ensure_current` would compute these again on opening: let it.
    due = "SELECT 1 FROM show_current WHERE recheck_on <= :today LIMIT 1"
    return not connection.execute(due, {"today": dt.date.today().isoformat()}).fetchall()
