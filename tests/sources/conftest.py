"""A local HTTP server on 127.0.0.1 (ephemeral port) with the pages and feeds the tests fetch."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"
ETAG = '"article-v1"'
LAST_MODIFIED = "Tue, 03 Jan 2023 16:20:00 GMT"
SLOW_SECONDS = 2.0
BIG_BYTES = 20 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


@dataclass
class Server:
    """The running test server: its base URL and the headers of every request it saw."""

    base: str
    port: int
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        """Return the absolute URL of `path` on this server."""
        return f"{self.base}{path}"


class Handler(BaseHTTPRequestHandler):
    """Routes for the tests; each route guards one behaviour of the fetcher."""

    server_version = "TestServer/1.0"
    record: Server  # set on the class by the fixture

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.record.requests.append({k.lower(): v for k, v in self.headers.items()})
        path = self.path.split("?", 1)[0]
        # The client hangs up on purpose in the size-limit and timeout tests.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path)

    def _route(self, path: str) -> None:
        port = self.record.port
        routes = {
            "/article.html": lambda: self._article(),
            "/relative-canonical.html": lambda: self._file("relative-canonical.html", "text/html"),
            "/plain.txt": lambda: self._file("plain.txt", "text/plain; charset=utf-8"),
            "/feed.xml": lambda: self._file("feed-rss2.xml", "application/rss+xml"),
            "/atom.xml": lambda: self._file("feed-atom.xml", "application/atom+xml"),
            "/redirect": lambda: self._redirect("/article.html"),
            "/loop-a": lambda: self._redirect("/loop-b"),
            "/loop-b": lambda: self._redirect("/loop-a"),
            "/to-localhost": lambda: self._redirect(f"http://localhost:{port}/article.html"),
            "/slow": lambda: self._slow(),
            "/big": lambda: self._big(declare_length=True),
            "/big-undeclared": lambda: self._big(declare_length=False),
            "/image.png": lambda: self._send(200, PNG, "image/png"),
            "/untyped-binary": lambda: self._send(200, PNG, None),
            "/error": lambda: self._send(500, b"oops", "text/plain"),
        }
        if path.startswith("/chain/"):
            self._redirect(f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path in routes:
            routes[path]()
        else:
            self._send(404, b"<h1>Not found</h1>", "text/html")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file(self, name: str, content_type: str) -> None:
        self._send(200, (FIXTURES / name).read_bytes(), content_type)

    def _article(self) -> None:
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if (
            self.headers.get("If-None-Match") == ETAG
            or self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        body = (FIXTURES / "article.html").read_bytes()
        self._send(200, body, "text/html; charset=utf-8", validators)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/html", {"Location": location})

    def _slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        self._send(200, b"<p>late</p>", "text/html")

    def _big(self, declare_length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare_length:
            self.send_header("Content-Length", str(BIG_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        for _ in range(BIG_BYTES // len(chunk)):
            self.wfile.write(chunk)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """Yield a running local HTTP server; it stops at the end of the session."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    record = Server(base=f"http://127.0.0.1:{port}", port=port)
    Handler.record = record
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        httpd.shutdown()
        httpd.server_close()
