"""The SSRF guard against the forms that slipped through (issue 12, item 7).

Embedded IPv4 forms, addresses no flag allows, `--allow-private` limited to
the named host, connections pinned to the checked address (DNS rebinding),
and webhooks behind the same guard.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from cliffhanger.errors import BlockedURLError, FetchError, InputError
from cliffhanger.serve import webhooks
from cliffhanger.sources import fetch
from cliffhanger.sources.fetch import Fetcher, check_url
from cliffhanger.sources.guard import PinnedBackend, embedded_ipv4, is_forbidden, is_public

from .conftest import Server

LOOPBACK_FORMS = [
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[2002:a00:1::]/",  # 6to4 around 10.0.0.1
    "http://[64:ff9b::7f00:1]/",  # NAT64 around 127.0.0.1
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[::ffff:7f00:1]/",  # IPv4-mapped, hex
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0x7f.1/",  # 127.0.0.1 in hex, short form
    "http://127.1/",  # short dotted form
]
ALWAYS = [
    "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
    "http://[fe80::1]/",  # IPv6 link-local
    "http://[fd00:ec2::254]/",  # metadata over IPv6
    "http://100.100.100.200/",  # another cloud's metadata
    "http://[2002:a9fe:a9fe::]/",  # 6to4 around 169.254.169.254
    "http://[::ffff:169.254.169.254]/",  # mapped metadata
    "http://0.0.0.0/",  # unspecified: reaches this machine
    "http://224.0.0.1/",  # multicast
]


@pytest.mark.parametrize("url", LOOPBACK_FORMS)
def test_embedded_and_odd_ipv4_forms_are_refused(url: str) -> None:
    with pytest.raises(BlockedURLError, match="non-public"):
        check_url(url)


@pytest.mark.parametrize("url", ALWAYS)
def test_link_local_and_metadata_are_refused_even_when_allowed(url: str) -> None:
    with pytest.raises(BlockedURLError, match="link-local"):
        check_url(url, allow_private=True)


def test_embedded_ipv4() -> None:
    six = ipaddress.ip_address("2002:7f00:1::")
    assert embedded_ipv4(six) == [ipaddress.IPv4Address("127.0.0.1")]
    assert not is_public(six)
    assert is_public(ipaddress.ip_address("2002:5db8:d822::"))  # 6to4 of a public address
    assert is_public(ipaddress.ip_address("2606:4700::1111"))
    assert not is_forbidden(ipaddress.ip_address("10.0.0.1"))


def test_allow_private_covers_only_the_named_host() -> None:
    assert check_url("http://127.0.0.1/", allow_private={"127.0.0.1"})
    assert check_url("http://localhost/", allow_private=frozenset({"LOCALHOST"}))
    with pytest.raises(BlockedURLError, match="non-public"):
        check_url("http://10.0.0.1/", allow_private={"127.0.0.1"})


def test_the_connection_goes_to_the_checked_address(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebinding resolver: the guard's lookup sees a public address, any later lookup
    # (the one httpx would make to connect) sees loopback, where the server listens.
    public = ipaddress.ip_address("192.0.2.1")  # TEST-NET-1: nothing answers there
    monkeypatch.setattr(fetch, "resolve_host", lambda host, port: [public])
    monkeypatch.setattr(fetch, "is_public", lambda address: True)
    url = server.url("/article.html").replace("127.0.0.1", "rebind.example")
    real = socket.getaddrinfo

    def rebinding(host: str, *args: object, **kwargs: object) -> list:
        return real("127.0.0.1" if host == "rebind.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(connect_timeout=0.5) as f, pytest.raises(FetchError) as info:
        f.fetch(url)
    assert not isinstance(info.value, BlockedURLError)  # it tried 192.0.2.1, never loopback


def test_an_unchecked_host_is_never_connected() -> None:
    with pytest.raises(BlockedURLError, match="not checked"):
        PinnedBackend().connect_tcp("example.com", 80, timeout=1)


@pytest.mark.parametrize("url", ["http://169.254.169.254/hook", "http://[2002:7f00:1::]/hook"])
def test_webhook_targets_use_the_same_guard(url: str) -> None:
    with pytest.raises(InputError, match="refused"):
        webhooks.check_webhook_url(url)
    if "169.254" in url:  # never, even for a server that allows its own network
        with pytest.raises(InputError, match="link-local"):
            webhooks.check_webhook_url(url, allow_private=True)
