"""The one conftest that owns the database: `db_url` over SQLite and PostgreSQL, and `engine`.

PostgreSQL runs in CI, never skipped: one fresh database per test session
(dropped at the end) and one fresh schema per test inside it. Point
CLIFFHANGER_TEST_POSTGRES_URL at another server if 127.0.0.1:5432 is not yours.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from cliffhanger.store.engine import make_engine, upgrade

POSTGRES_SERVER = os.environ.get(
    "CLIFFHANGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _admin_connect() -> psycopg.Connection:
    try:
        return psycopg.connect(POSTGRES_SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as e:
        pytest.fail(
            f"PostgreSQL tests need a server at {POSTGRES_SERVER} ({e}); start it "
            "(pg_ctlcluster 15 main start) or set CLIFFHANGER_TEST_POSTGRES_URL",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """Yield the URL of a fresh, uniquely named PostgreSQL database, dropped afterwards."""
    name = f"cliffhanger_test_{uuid.uuid4().hex[:12]}"
    with _admin_connect() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_connect() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield an empty database URL: a SQLite file, or a fresh PostgreSQL schema."""
    yield from _empty_database(request, request.param, tmp_path / "cliffhanger.db")


@pytest.fixture
def other_db_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[str]:
    """Yield a second empty database on the backend of `db_url` (to compare two runs)."""
    kind = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    yield from _empty_database(request, kind, tmp_path / "other.db")


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a fresh PostgreSQL schema (for tests with no SQLite twin)."""
    yield from _empty_database(request, "postgresql", tmp_path / "unused.db")


def _empty_database(request: pytest.FixtureRequest, kind: str, file: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{file}"
        return
    base: str = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """Yield an engine on `db_url` with the schema migrated to the latest revision."""
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(scope="package")
def package_pg_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Yield a fresh PostgreSQL schema kept for a whole test package (a store built once)."""
    yield from _empty_database(request, "postgresql", tmp_path_factory.mktemp("pg") / "unused.db")
