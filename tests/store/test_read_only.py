"""A read-only database: reads work, writes fail in one line, no SQL or secret is printed.

In process, on both backends: SQLite opened with `mode=ro`, PostgreSQL with
`default_transaction_read_only`. Then, for SQLite, the real thing: a file and
a folder the user may not write, through the `cliffhanger` script run as an
unprivileged user (issue 12, item 5).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.store import repository
from cliffhanger.store.engine import make_engine

READS = [["status", "Some Show"], ["search", "some"], ["board"], ["timeline", "Some Show"]]
WRITES = [
    ["correct", "1", "--status", "canceled"],
    ["token", "create", "--name", "editor"],
    ["merge", "1", "2"],
    ["alias", "add", "1", "Another Name"],
]
SECRETS = re.compile(r"[0-9a-f]{40,}|parameters|INSERT INTO|\[SQL|Traceback")


def _seed(engine: Engine) -> None:
    doc = Document(source="a.txt", text="A made-up note.", url="https://news.example/a")
    events = (
        StatusEvent(
            confidence=0.9, show="Some Show", status=Status.RENEWED, season=2, evidence="made up"
        ),
        StatusEvent(
            confidence=0.9, show="Other Show", status=Status.CANCELED, season=1, evidence="made up"
        ),
    )
    repository.ingest(engine, Extraction(document=doc, events=events))


def _read_only(db_url: str) -> str:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///file:{url.database}?mode=ro&uri=true"
    options = url.query.get("options", "")
    return url.update_query_dict(
        {"options": f"{options} -cdefault_transaction_read_only=on"}
    ).render_as_string(hide_password=False)


@pytest.mark.parametrize("args", READS + WRITES)
def test_read_only_database(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    _seed(engine)
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", _read_only(db_url))
    result = CliRunner().invoke(app, args)
    if args in READS:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error: the database is read-only" in result.output
    assert not SECRETS.search(result.output), result.output
    assert len(result.output.strip().splitlines()) == 2  # the error and its hint


def test_read_only_api_write_is_a_503(engine: Engine, db_url: str) -> None:
    from fastapi.testclient import TestClient

    from cliffhanger.api import create_app
    from cliffhanger.store import web_repository

    _seed(engine)
    token = web_repository.create_token(engine, "editor")[1]
    read_only = make_engine(_read_only(db_url))
    try:
        with TestClient(create_app(read_only)) as client:
            assert client.get("/api/shows").status_code == 200
            response = client.post(
                "/api/shows/1/corrections",
                json={"status": "canceled"},
                headers={"Authorization": f"Bearer {token}"},
            )
    finally:
        read_only.dispose()
    assert response.status_code == 503
    assert "read-only" in response.json()["error"]["message"]


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) runs the script as an unprivileged user"
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """Yield a folder any user may enter (pytest's own tmp_path is private to its user)."""
    path = Path(tempfile.mkdtemp(prefix="cliffhanger-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for sub in path.rglob("*"):
            sub.chmod(0o777 if sub.is_dir() else 0o666)
        shutil.rmtree(path)


@pytest.mark.parametrize("folder_writable", [True, False])
def test_read_only_file_and_folder_for_real(open_tmp: Path, folder_writable: bool) -> None:
    folder = open_tmp / "db"
    folder.mkdir()
    path = folder / "c.db"
    engine = make_engine(f"sqlite:///{path}")
    from cliffhanger.store.engine import upgrade

    upgrade(engine)
    _seed(engine)
    engine.dispose()
    path.chmod(0o444)
    folder.chmod(0o777 if folder_writable else 0o555)
    script = Path(sys.executable).with_name("cliffhanger")
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{path}", "COLUMNS": "200"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*_as_nobody(), str(script), *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    status = run("status", "Some Show")
    assert status.returncode == 0, status.stderr
    assert "returning" in status.stdout
    token = run("token", "create", "--name", "editor")
    assert token.returncode == 1
    assert token.stderr.startswith("Error: the database is read-only"), token.stderr
    assert not SECRETS.search(token.stdout + token.stderr)


def test_a_folder_the_user_cannot_enter_is_one_line(open_tmp: Path) -> None:
    folder = open_tmp / "private"
    folder.mkdir(mode=0o700)
    if os.geteuid() != 0:
        folder.chmod(0o000)
    script = Path(sys.executable).with_name("cliffhanger")
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{folder / 'c.db'}"}
    result = subprocess.run(
        [*_as_nobody(), str(script), "status", "Some Show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot open the database"), result.stderr
    assert "Traceback" not in result.stderr
