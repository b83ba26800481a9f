"""Faults: kill -9 mid-ingest, the database going away and coming back, a full disk.

Each ends in a clear one-line message (or a 503), and nothing committed is
lost: a re-run stores exactly what is missing. The PostgreSQL server is shared
with other runs, so "going away" is a TCP proxy in front of it being stopped
and started again, which is what a client of a stopped server sees.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cliffhanger.store.engine import make_engine, upgrade
from cliffhanger.store.tables import DocumentRow, EventRow
from store.current import assert_statuses_current

pytestmark = pytest.mark.faults
NETWORKS = ["Netflix", "HBO", "NBC", "CBS", "ABC", "Hulu"]


def write_articles(folder: Path, n: int, padding: int = 0) -> None:
    """Write `n` made-up articles, one renewal each, `padding` extra words apiece."""
    folder.mkdir(exist_ok=True)
    for i in range(n):
        filler = " ".join(f"word{i}x{j}" for j in range(padding))
        text = (
            f"{NETWORKS[i % len(NETWORKS)]} has renewed Made Up Show {i} for a second season.\n"
            f"{filler}\n"
        )
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")


def count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def cli(db_url: str, *args: str, **popen: object) -> subprocess.Popen[str]:
    """Return a running `cliffhanger ARGS` on `db_url`."""
    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": db_url, "COLUMNS": "300"}
    code = "import sys; from cliffhanger.cli import main; sys.argv[0] = 'cliffhanger'; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[arg-type]
    )


def wait_for(engine: Engine, documents: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if count(engine, DocumentRow) >= documents:
            return
        time.sleep(0.05)


def test_kill_9_mid_ingest_loses_nothing(engine: Engine, db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_articles(folder, 120)
    process = cli(db_url, "ingest", str(folder))
    try:
        wait_for(engine, 20, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGKILL
    killed_at = count(engine, DocumentRow)
    assert 20 <= killed_at < 120
    assert count(engine, EventRow) == killed_at  # each article committed whole, or not at all
    out, err = cli(db_url, "ingest", str(folder)).communicate(timeout=300)
    assert f"120 documents read, {120 - killed_at} new" in out, err
    assert count(engine, DocumentRow) == count(engine, EventRow) == 120
    assert assert_statuses_current(engine) == 120  # the killed run left no status half-written


class Proxy:
    """A TCP proxy to PostgreSQL that can be stopped (every connection cut) and started again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            with_suppressed(self._listener.shutdown, socket.SHUT_RDWR)  # wakes accept()
            self._listener.close()
            self._listener = None
        for s in self._sockets:
            with_suppressed(s.shutdown, socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            with_suppressed(b.shutdown, socket.SHUT_WR)


def with_suppressed(call: Callable[..., object], *args: object) -> None:
    with contextlib.suppress(OSError):
        call(*args)


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """Yield a migrated engine on `pg_url`."""
    engine = make_engine(pg_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def proxied(pg_engine: Engine, pg_url: str) -> Iterator[tuple[str, Proxy]]:
    """Yield a URL to the test's PostgreSQL schema through a proxy, and the proxy."""
    url = make_url(pg_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    try:
        yield url.set(port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        proxy.stop()


def test_the_database_going_away_mid_ingest(
    pg_engine: Engine, proxied: tuple[str, Proxy], tmp_path: Path
) -> None:
    engine = pg_engine
    url, proxy = proxied
    folder = tmp_path / "news"
    write_articles(folder, 150)
    process = cli(url, "ingest", str(folder))
    wait_for(engine, 15, process)
    proxy.stop()  # the server is gone
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err
    assert err.startswith("Error: "), err
    assert len(err.strip().splitlines()) <= 2 or "could not be stored" in err, err
    stored = count(engine, DocumentRow)
    assert count(engine, EventRow) == stored  # nothing half-written
    proxy.start()  # and back
    out, err = cli(url, "ingest", str(folder)).communicate(timeout=300)
    assert f"150 documents read, {150 - stored} new" in out, err
    assert count(engine, DocumentRow) == count(engine, EventRow) == 150


def test_the_api_answers_503_while_the_database_is_away(proxied: tuple[str, Proxy]) -> None:
    from fastapi.testclient import TestClient

    from cliffhanger.api import create_app

    url, proxy = proxied
    served = make_engine(url)
    try:
        with TestClient(create_app(served)) as client:
            assert client.get("/api/shows").status_code == 200
            proxy.stop()
            away = client.get("/api/shows")
            assert away.status_code == 503, away.text
            assert "database" in away.json()["error"]["message"]
            proxy.start()
            assert client.get("/api/shows").status_code == 200  # the pool reconnects
    finally:
        served.dispose()


def _file_size_limit(limit: int) -> None:
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG: a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_mid_ingest(tmp_path: Path) -> None:
    # SQLite only: PostgreSQL's disk is the shared server's (see the module docstring).
    path = tmp_path / "small.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    folder = tmp_path / "news"
    write_articles(folder, 150, padding=200)
    limit = path.stat().st_size + 256 * 1024
    process = cli(url, "ingest", str(folder), preexec_fn=lambda: _file_size_limit(limit))
    out, err = process.communicate(timeout=300)
    assert process.returncode == 1, (out, err)
    assert err.startswith("Error: "), err
    assert "full" in err or "could not be stored" in err, err
    assert "Traceback" not in err
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        stored = count(engine, DocumentRow)
        assert 0 < stored < 150
        assert count(engine, EventRow) == stored
        out, err = cli(url, "ingest", str(folder)).communicate(timeout=300)
        assert f"150 documents read, {150 - stored} new" in out, err
        assert count(engine, DocumentRow) == 150
    finally:
        engine.dispose()
