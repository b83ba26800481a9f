"""HTTP plumbing as plain ASGI middleware: body size limit, security headers, ETags.

- a request body over the limit is refused with 413 before it is read (by its
  Content-Length) or while it is read (a chunked body);
- every response gets a strict Content-Security-Policy and friends;
- a successful GET gets an ETag (hash of its body) and answers 304 to a
  matching If-None-Match;
- with a `ReadCache`, a GET whose query was rendered at the store's current
  version is answered from it, without calling the endpoint.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from cliffhanger.api.read_cache import Entry, ReadCache
from cliffhanger.errors import CliffhangerError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 2 * 1024 * 1024
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI at /docs (files bundled by fastapi-offline, no CDN) starts with one inline
# script of FastAPI's; only the docs pages get this policy.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


class BodyTooLarge(CliffhangerError):
    """A request body over the size limit."""

    http_status = 413


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Return once the request is served, or refused for its size."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _send_error(send, 413, self._message(), "send a smaller body")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge(self._message(), hint="send a smaller body")
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"request body too large (the limit is {self.limit // 1024} KiB)"


class Headers:
    """Adds security headers and a request id to every response; ETags, 304, the cache to GETs."""

    def __init__(self, app: ASGIApp, cache: ReadCache | None = None) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Return once the response, with its headers (and maybe as a 304), is sent."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _header(scope, b"x-request-id") or uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        extra = _security_headers(scope["path"], request_id)
        if scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, _adding(send, extra))
            return
        key = signature = None
        if self.cache is not None and (key := self.cache.key(scope)) is not None:
            # A blocking read of one row, in the event loop: cheaper than a thread hop.
            signature = self.cache.signature()
            hit = self.cache.get(key, signature) if signature is not None else None
            if hit is not None:
                await _send(scope, send, 200, list(hit.headers), hit.body, hit.etag, extra)
                return
        start: Message = {}
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            entry = await _finish(scope, send, start, b"".join(chunks), extra)
            if entry is not None and self.cache is not None and key is not None and signature:
                self.cache.put(key, Entry(signature, *entry))

        # HEAD is GET without the body: the routes answer GET, `_finish` drops the body.
        inner = {**scope, "method": "GET"} if scope["method"] == "HEAD" else scope
        await self.app(inner, receive, buffered)


async def _finish(
    scope: Scope, send: Send, start: Message, body: bytes, extra: list[tuple[bytes, bytes]]
) -> tuple[tuple[tuple[bytes, bytes], ...], bytes, bytes] | None:
    """Send the buffered response; return (headers, body, ETag) when it may be cached."""
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    status = start.get("status", 200)
    etag = b""
    if status == 200:
        etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
    await _send(scope, send, status, headers, body, etag, extra)
    if status != 200 or any(k.lower() == b"set-cookie" for k, _ in headers):
        return None
    return tuple(headers), body, etag


async def _send(
    scope: Scope,
    send: Send,
    status: int,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    etag: bytes,
    extra: list[tuple[bytes, bytes]],
) -> None:
    """Send a response with its ETag (if any), or a 304 when If-None-Match names that ETag."""
    if etag:
        headers = [*headers, (b"etag", etag), (b"cache-control", b"no-cache")]
        wanted = _header(scope, b"if-none-match") or ""
        tag = etag.decode()
        if tag in [t.strip().removeprefix("W/") for t in wanted.split(",")] or wanted == "*":
            keep = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            await send({"type": "http.response.start", "status": 304, "headers": keep + extra})
            await send({"type": "http.response.body", "body": b""})
            return
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + extra})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _adding(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


def _security_headers(path: str, request_id: str) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path in DOCS_PATHS else CSP
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"x-request-id", request_id.encode("latin-1", "replace")),
    ]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_error(send: Send, status: int, message: str, hint: str | None) -> None:
    body = json.dumps({"error": {"status": status, "message": message, "hint": hint}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
