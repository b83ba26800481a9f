"""The fetcher against a local server: limits, conditional GET, errors, and the SSRF guard."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from cliffhanger.errors import BlockedURLError, FetchError
from cliffhanger.sources.fetch import USER_AGENT, Fetcher, check_url, is_textual

from .conftest import ETAG, LAST_MODIFIED, Server

PUBLIC = ipaddress.ip_address("93.184.216.34")


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """Yield a fetcher allowed to reach the local test server, with short timeouts."""
    with Fetcher(allow_private=True, connect_timeout=2, read_timeout=0.5) as f:
        yield f


def test_fetches_a_page_with_validators_and_user_agent(server: Server, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/article.html"))
    assert result.status == 200
    assert not result.not_modified
    assert b"1899" in result.content
    assert result.media_type == "text/html"
    assert result.charset == "utf-8"
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    assert server.requests[-1]["user-agent"] == USER_AGENT


@pytest.mark.parametrize(
    ("etag", "last_modified"),
    [
        (ETAG, None),  # If-None-Match
        (None, LAST_MODIFIED),  # If-Modified-Since
        (ETAG, LAST_MODIFIED),  # both, as a poller sends them
    ],
)
def test_conditional_get_returns_not_modified(
    server: Server, fetcher: Fetcher, etag: str | None, last_modified: str | None
) -> None:
    result = fetcher.fetch(server.url("/article.html"), etag=etag, last_modified=last_modified)
    assert result.status == 304
    assert result.not_modified
    assert result.content == b""
    assert result.etag == ETAG


def test_stale_etag_fetches_again(server: Server, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/article.html"), etag='"old"')
    assert result.status == 200 and not result.not_modified


def test_follows_a_redirect_and_reports_the_final_url(server: Server, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/redirect"))
    assert result.url == server.url("/redirect")
    assert result.final_url == server.url("/article.html")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found"),  # client error
        ("/error", "HTTP 500"),  # server error
        ("/loop-a", "redirect loop"),  # A -> B -> A
        ("/chain/0", "more than 5 redirects"),  # a redirect chain that never ends
        ("/big", "too large"),  # 20 MB, declared in Content-Length
        ("/big-undeclared", "too large"),  # 20 MB, only found out while streaming
        ("/image.png", "not a web page or feed (image/png)"),  # binary content type
        ("/untyped-binary", "binary content"),  # binary without a content type
    ],
)
def test_failures_raise_fetch_error(
    server: Server, fetcher: Fetcher, path: str, message: str
) -> None:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(server.url(path))
    assert message in info.value.message
    assert "\n" not in info.value.message
    assert not isinstance(info.value, BlockedURLError)


def test_slow_server_times_out(server: Server) -> None:
    with (
        Fetcher(allow_private=True, read_timeout=0.3) as f,
        pytest.raises(FetchError, match="timed out"),
    ):
        f.fetch(server.url("/slow"))


def test_binary_allowed_when_not_text_only(server: Server, fetcher: Fetcher) -> None:
    assert fetcher.fetch(server.url("/image.png"), text_only=False).content.startswith(b"\x89PNG")


def test_size_limit_is_configurable(server: Server) -> None:
    with (
        Fetcher(allow_private=True, max_bytes=500) as f,
        pytest.raises(FetchError, match="limit 500 bytes"),
    ):
        f.fetch(server.url("/article.html"))


def test_connection_refused_is_a_fetch_error() -> None:
    with Fetcher(allow_private=True) as f, pytest.raises(FetchError, match="cannot fetch"):
        f.fetch("http://127.0.0.1:9/")  # discard port: nothing listens


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",  # loopback literal
        "http://10.0.0.1/admin",  # private range
        "http://localhost/",  # a name that resolves to loopback
        "http://[::1]:8080/",  # IPv6 loopback
        "http://240.0.0.1/",  # reserved
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "http://100.64.0.1/",  # carrier-grade NAT, not global
    ],
)
def test_guard_refuses_non_public_addresses(url: str) -> None:
    with pytest.raises(BlockedURLError) as info:
        check_url(url)
    assert "--allow-private" in (info.value.hint or "")
    assert check_url(url, allow_private=True)  # allowed when asked for


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",  # not http(s)
        "file:///etc/passwd",  # local file
        "javascript:alert(1)",  # no host at all
        "http:///path-only",  # empty host
    ],
)
def test_guard_refuses_other_schemes_even_with_allow_private(url: str) -> None:
    with pytest.raises(BlockedURLError):
        check_url(url, allow_private=True)


def test_guard_accepts_a_public_address() -> None:
    assert check_url("https://93.184.216.34/news") == [PUBLIC]


def test_unresolvable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="cannot resolve"):
        check_url("http://no-such-host.invalid/")


def test_fetcher_refuses_local_server_without_allow_private(server: Server) -> None:
    with Fetcher() as f, pytest.raises(BlockedURLError) as info:
        f.fetch(server.url("/article.html"))
    assert "--allow-private" in (info.value.hint or "")
    assert server.url("/article.html") in info.value.message


def test_redirect_target_is_checked_again(server: Server) -> None:
    # The server's own host is trusted by name, so only the redirect target
    # (localhost, another name for a private address) can trip the guard.
    with Fetcher(allow_private={"127.0.0.1"}) as f:
        assert f.fetch(server.url("/article.html")).status == 200
        with pytest.raises(BlockedURLError, match="localhost"):
            f.fetch(server.url("/to-localhost"))


@pytest.mark.parametrize(
    ("content_type", "textual"),
    [
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("application/rss+xml", True),
        ("application/atom+xml", True),
        ("text/xml", True),
        ("application/json", True),
        ("image/jpeg", False),
        ("application/pdf", False),
        ("application/octet-stream", False),
        ("video/mp4", False),
    ],
)
def test_is_textual(content_type: str, textual: bool) -> None:
    assert is_textual(content_type) is textual
