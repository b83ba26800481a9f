"""Fetching pages and feeds over HTTP, safely: SSRF guard, size and time limits, conditional GET.

The fetcher is the only place Cliffhanger talks to the network. Every URL it
visits, the first one and each redirect target, goes through `check_url`,
which refuses anything that is not http(s) or that resolves to a private,
loopback, link-local, multicast, reserved or unspecified address. The caller
may allow private and loopback addresses for the hosts it names (the CLI's
`--allow-private` names the hosts of the URLs given); link-local and cloud
metadata addresses are refused always. The connection then goes to the very
addresses that were checked (`guard.PinnedBackend`), never to a second answer
of the resolver.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Collection
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from cliffhanger.errors import BlockedURLError, FetchError
from cliffhanger.sources.guard import (
    IPAddress,
    PinnedBackend,
    host_names,
    is_forbidden,
    is_public,
    pinned_transport,
)

log = logging.getLogger(__name__)

USER_AGENT = "Cliffhanger/0.1 (+https://github.com/cliffhanger-tv/cliffhanger)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5"
)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ALLOWED_SCHEMES = {"http", "https"}
PRIVATE_HINT = (
    "pass --allow-private to fetch from a host of your own network that you name "
    "(only hosts you trust)"
)


@dataclass(frozen=True)
class FetchResult:
    """What one GET returned: the body (empty when not modified) and its cache validators."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False

    @property
    def media_type(self) -> str:
        """Return the media type without parameters, lower case ("" when unknown)."""
        return media_type(self.content_type)

    @property
    def charset(self) -> str | None:
        """Return the charset parameter of the Content-Type header, or None."""
        return charset(self.content_type)


def media_type(content_type: str | None) -> str:
    """Return the media type of a Content-Type value without parameters, lower case."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type value, or None."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def is_textual(content_type: str | None) -> bool:
    """Return True for media types that can hold a page or a feed (text, HTML, XML, JSON)."""
    kind = media_type(content_type)
    return (
        kind.startswith("text/")
        or kind.endswith(("+xml", "/xml", "+json", "/json"))
        or kind in {"application/xhtml+xml", "application/rss+xml", "application/atom+xml"}
    )


def human_size(size: int) -> str:
    """Return a byte count as people read it: "980 bytes", "12 KB", "10.5 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Return every address `host` resolves to (the address itself for an IP literal)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"{host}: cannot resolve host name ({e})") from e
    # Scoped IPv6 addresses come back as "fe80::1%eth0"; the scope is not part of the address.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


AllowPrivate = bool | Collection[str]


def may_be_private(host: str, allow_private: AllowPrivate) -> bool:
    """Return True if `host` may resolve to a private or loopback address.

    `allow_private` is True (any host: your own network), False (none) or the
    host names the user named (`--allow-private` covers those, not their links).
    """
    if isinstance(allow_private, bool):
        return allow_private
    return host.strip("[]").lower() in {h.strip("[]").lower() for h in allow_private}


def check_url(url: str, allow_private: AllowPrivate = False) -> list[IPAddress]:
    """Return the addresses `url`'s host resolves to, after refusing what the SSRF guard forbids.

    Raises BlockedURLError for a scheme other than http(s), a URL without a
    host, a host with a link-local, metadata, unspecified or multicast address
    (always), or one with any other non-public address unless
    `may_be_private(host, allow_private)`. IPv4 addresses inside IPv6 ones
    (6to4, Teredo, NAT64, mapped) count as themselves.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise FetchError(f"{url}: not a valid URL ({e})") from e
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedURLError(
            f"{url}: only http and https URLs can be fetched",
            hint="give a web address starting with https://",
        )
    host = parts.hostname
    if not host:
        raise BlockedURLError(f"{url}: no host name in URL")
    addresses = resolve_host(host, port or (443 if scheme == "https" else 80))
    forbidden = [a for a in addresses if is_forbidden(a)]
    if forbidden:
        raise BlockedURLError(
            f"{url}: refused, {host} resolves to a link-local or reserved address ({forbidden[0]})",
            hint="link-local and cloud metadata addresses are never fetched",
        )
    if not may_be_private(host, allow_private):
        # Any private answer blocks: a host that resolves both ways is not trusted.
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise BlockedURLError(
                f"{url}: refused, {host} resolves to a non-public address ({blocked[0]})",
                hint=PRIVATE_HINT,
            )
    return addresses


class Fetcher:
    """One HTTP client with Cliffhanger's limits; use as a context manager or call `close()`."""

    def __init__(
        self,
        *,
        allow_private: AllowPrivate = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        total_timeout: float = 60.0,
        max_redirects: int = MAX_REDIRECTS,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.max_redirects = max_redirects
        # Connections go only to the addresses `check_url` passed (a test's transport aside).
        self._backend = PinnedBackend()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
            ),
            # Redirects are followed by hand so each target goes through the SSRF guard.
            follow_redirects=False,
            transport=transport or pinned_transport(self._backend),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying HTTP client and its connections."""
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        text_only: bool = True,
    ) -> FetchResult:
        """Return the result of GET `url`, following up to `max_redirects` checked redirects.

        Pass the `etag` / `last_modified` of an earlier result for a
        conditional GET: an unchanged resource comes back with status 304,
        `not_modified=True` and no content. With `text_only`, a body that is
        not text, HTML, XML or JSON is refused. Raises FetchError (or
        BlockedURLError) with a one-line message on any failure.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.total_timeout
        seen: set[str] = set()
        current = url
        for _ in range(self.max_redirects + 1):
            addresses = check_url(current, self.allow_private)
            self._pin(current, addresses)
            seen.add(current)
            location, result = self._get_once(url, current, headers, text_only, deadline)
            if result is not None:
                return result
            assert location is not None
            target = urljoin(current, location)
            if target in seen:
                raise FetchError(f"{url}: redirect loop at {target}")
            log.debug("redirect %s -> %s", current, target)
            current = target
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _pin(self, url: str, addresses: list[IPAddress]) -> None:
        for name in host_names(url):
            self._backend.pin(name, addresses)

    def _get_once(
        self, url: str, current: str, headers: dict[str, str], text_only: bool, deadline: float
    ) -> tuple[str | None, FetchResult | None]:
        """Return (redirect location, None) or (None, result) for one request without redirects."""
        try:
            with self._client.stream("GET", current, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"{url}: HTTP {status} redirect without a Location")
                    return location, None
                if status == 304:
                    return None, self._result(url, current, response, b"", not_modified=True)
                if status >= 400:
                    phrase = response.reason_phrase or httpx.codes.get_reason_phrase(status)
                    raise FetchError(f"{url}: HTTP {status} {phrase}".rstrip())
                content_type = response.headers.get("Content-Type")
                if text_only and content_type and not is_textual(content_type):
                    raise FetchError(
                        f"{url}: not a web page or feed ({media_type(content_type)})",
                        hint="only HTML, text, RSS and Atom can be read",
                    )
                body = self._read_body(url, response, deadline)
                if text_only and not content_type and b"\x00" in body[:8192]:
                    raise FetchError(f"{url}: binary content, not a web page or feed")
                return None, self._result(url, current, response, body)
        except httpx.TimeoutException as e:
            raise FetchError(f"{url}: timed out ({type(e).__name__})") from e
        except httpx.HTTPError as e:
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise FetchError(f"{url}: cannot fetch: {message}") from e

    def _read_body(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        """Return the body of `response`, stopped at `max_bytes` and at the total deadline."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(self._too_large(url, int(declared)))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(self._too_large(url, size, at_least=True))
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: timed out (took longer than {self.total_timeout:g}s)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str, size: int, at_least: bool = False) -> str:
        more = "over " if at_least else ""
        return f"{url}: too large ({more}{human_size(size)}; limit {human_size(self.max_bytes)})"

    @staticmethod
    def _result(
        url: str, final_url: str, response: httpx.Response, body: bytes, not_modified: bool = False
    ) -> FetchResult:
        return FetchResult(
            url=url,
            final_url=final_url,
            status=response.status_code,
            content=body,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            not_modified=not_modified,
        )
