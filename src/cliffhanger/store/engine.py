"""Opening the database: engines tuned per backend, and Alembic migrations run from code."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from cliffhanger.errors import StoreError
from cliffhanger.store import versioning
from cliffhanger.store.schema_version import at_head

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_URL_HINT = (
    "set CLIFFHANGER_DATABASE_URL to e.g. sqlite:///cliffhanger.db or postgresql://user@host/dbname"
)


def normalise_url(url: str | URL) -> URL:
    """Return `url` parsed, with plain PostgreSQL URLs switched to the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StoreError(f"not a database URL: {url!s}", hint=_URL_HINT) from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, *, check: bool = True) -> Engine:
    """Return an engine for `url`; SQLite gets WAL, foreign keys and a busy timeout.

    With `check` (the default) a connection is tried at once, so a database that
    cannot be opened fails here with a `StoreError` and a hint, not deep in a query.
    """
    parsed = normalise_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_folder(parsed)
        if parsed.database in (None, "", ":memory:"):
            # One shared connection, or every checkout would see a new empty database.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError) as e:
        raise StoreError(f"unsupported database URL: {_safe(parsed)}", hint=_URL_HINT) from e
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    versioning.install()  # every write bumps the store's version and refreshes statuses
    # Both backends store the same text: no NUL (PostgreSQL cannot hold one).
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    if check:
        try:
            _try_read(engine)
        except SQLAlchemyError as e:
            engine.dispose()
            read_only = _read_only_engine(parsed)
            if read_only is not None:
                return read_only
            raise StoreError(
                f"cannot open the database {_safe(parsed)}: {_first_line(e)}",
                hint=_open_hint(parsed),
            ) from e
    return engine


def database_error(error: SQLAlchemyError, url: URL | None = None) -> StoreError:
    """Return the one-line StoreError for a database failure: no SQL, no parameters.

    A read-only database, a lost connection and a full disk get their own hint.
    """
    text = _first_line(error)
    where = f" {_safe(url)}" if url is not None else ""
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StoreError(
            f"the database{where} is read-only: {text}",
            hint="reads work; changes need write access (for SQLite, to the file and its folder)",
        )
    if "full" in lowered or "no space" in lowered:
        return StoreError(f"the database{where} is full: {text}", hint="free some disk space")
    if (isinstance(error, DBAPIError) and error.connection_invalidated) or _is_connection(text):
        return StoreError(
            f"lost the connection to the database{where}: {text}",
            hint="check that the server is running; what was committed is kept, run again",
        )
    return StoreError(f"database error{where}: {text}", hint="run again with --debug for details")


def _is_connection(text: str) -> bool:
    words = ("connection", "server closed", "terminating", "could not connect", "shutting down")
    return any(w in text.lower() for w in words)


def _try_read(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Reading the schema reaches the file (and its -wal), as a first query would.
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def _read_only_engine(url: URL) -> Engine | None:
    """Return a read-only engine on a SQLite file that cannot be opened for writing, or None.

    A file in a folder we may not write to cannot get its -wal and -shm files;
    opened immutable, it is read as it is (and every write fails in one line).
    """
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return None
    file = Path(path).expanduser().resolve()
    writable = os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)
    if path.startswith("file:") or not os.access(file, os.R_OK) or writable:
        return None
    query = {"mode": "ro", "immutable": "1", "uri": "true"}
    engine = create_engine(url.set(database=f"file:{quote(str(file))}", query=query))
    try:
        _try_read(engine)
    except SQLAlchemyError:
        engine.dispose()
        return None
    log.info("the database %s is read-only: opened for reading", file)
    return engine


def _open_hint(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return (
            "check that the file is a Cliffhanger database and that you may read it and "
            "its folder (CLIFFHANGER_DATABASE_URL)"
        )
    return (
        "check that the server is running, the database exists and the URL is right "
        "(CLIFFHANGER_DATABASE_URL)"
    )


def alembic_config(engine: Engine | None = None) -> Config:
    """Return an Alembic config for the migrations shipped in this package (no alembic.ini)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Return once the schema is migrated to `revision` (every head by default).

    At the heads, the shows' current statuses are then computed if they are
    not yet, or were by other rules (`show_current.ensure_current`).
    """
    from alembic import command

    try:
        with engine.begin() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as e:
        raise StoreError(
            f"cannot migrate the database {_safe(engine.url)}: {_first_line(e)}",
            hint="check that the database user may create tables",
        ) from e
    if revision == "heads":
        _ensure_statuses(engine)


def open_store(url: str | URL) -> Engine:
    """Return an engine for `url` with the schema migrated to the latest revision.

    A database already at the latest revision is not handed to Alembic at all;
    its stored statuses are checked against the code's status rules (one
    query) and computed again if they differ.
    """
    engine = make_engine(url)
    if not at_head(engine):
        upgrade(engine)
    else:
        _ensure_statuses(engine)
    return engine


def _ensure_statuses(engine: Engine) -> None:
    from cliffhanger.store.show_current import ensure_current  # it imports the status rules

    ensure_current(engine)


def _without_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    # PostgreSQL's text cannot hold NUL (psycopg refuses it with a ValueError): any text a
    # user or the network gives may carry one, so every string parameter drops them.
    return statement, _drop_nul(parameters)


def _drop_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _drop_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_drop_nul(v) for v in value)
    return value


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers (web, CLI) run while an ingest writes. A read-only file or
        # folder cannot switch modes: it is read in the mode it has.
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError as e:
            log.debug("SQLite keeps its journal mode: %s", e)
    finally:
        cursor.close()


def _check_sqlite_folder(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).expanduser().resolve().parent
    if folder.is_dir() and not os.access(folder, os.X_OK):
        raise StoreError(
            f"cannot open the database {database}: no access to folder {folder}",
            hint="run as a user who may enter the folder, or point CLIFFHANGER_DATABASE_URL "
            "elsewhere",
        )
    if not folder.is_dir():
        raise StoreError(
            f"cannot open the database {database}: folder {folder} does not exist",
            hint=f"create it first (mkdir -p {folder}) or point CLIFFHANGER_DATABASE_URL elsewhere",
        )


def _safe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__
