"""The SSRF guard's two halves: which addresses may be reached, and connecting only to them.

- `is_public` says whether an address is globally routable, looking inside
  IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4,
  Teredo, NAT64), so `[2002:7f00:1::]` is loopback like `127.0.0.1`.
- `is_forbidden` names what no flag allows: link-local (cloud metadata lives
  at 169.254.169.254), other metadata addresses, unspecified and multicast.
- `PinnedBackend` is the socket layer under httpx: it connects a host only to
  the addresses the guard checked for it (`pin`), so a resolver that answers
  a public address to the check and 127.0.0.1 to the connection (DNS
  rebinding) never reaches loopback.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from cliffhanger.errors import BlockedURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Cloud metadata endpoints outside link-local (AWS over IPv6, Alibaba, Oracle).
_METADATA = {
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("192.0.0.192"),
}
_ZERO_NET = ipaddress.ip_network("0.0.0.0/8")  # "this network": 0.0.0.0 reaches localhost


def embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """Return the IPv4 addresses an IPv6 address carries (none for an IPv4 address)."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    found = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)  # (server, client)
    if any(address in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, IPv4-compatible
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _plain_public(address: IPAddress) -> bool:
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def is_public(address: IPAddress) -> bool:
    """Return True if `address`, and every IPv4 address inside it, is globally routable."""
    inner = embedded_ipv4(address)
    if inner:
        return all(_plain_public(a) for a in inner)
    return _plain_public(address)


def is_forbidden(address: IPAddress) -> bool:
    """Return True for what no flag may allow: link-local, metadata, unspecified, multicast."""
    for a in [address, *embedded_ipv4(address)]:
        if a.is_link_local or a.is_unspecified or a.is_multicast or a in _METADATA:
            return True
        if isinstance(a, ipaddress.IPv4Address) and a in _ZERO_NET:
            return True
    return False


class PinnedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting each host only to the addresses pinned for it."""

    def __init__(self) -> None:
        self._pins: dict[str, tuple[IPAddress, ...]] = {}
        self._lock = threading.Lock()

    def pin(self, host: str, addresses: Sequence[IPAddress]) -> None:
        """Return once connections to `host` may go to `addresses` (checked by the caller)."""
        with self._lock:
            self._pins[_host_key(host)] = tuple(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Return a stream to the first pinned address of `host` that answers.

        Raises BlockedURLError for a host nobody checked, httpcore.ConnectError
        (or ConnectTimeout) when no pinned address answers.
        """
        with self._lock:
            addresses = self._pins.get(_host_key(host))
        if not addresses:
            raise BlockedURLError(f"{host}: refused, its address was not checked")
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        assert error is not None
        raise error


def pinned_transport(backend: PinnedBackend) -> httpx.HTTPTransport:
    """Return an httpx transport whose direct connections go through `backend`.

    Connections through a proxy from the environment use their own transport.
    """
    transport = httpx.HTTPTransport()
    pool = transport._pool  # httpx exposes no backend argument; httpx is pinned exactly
    if isinstance(pool, httpcore.ConnectionPool):
        pool._network_backend = backend
    return transport


def host_names(url: str) -> list[str]:
    """Return the names a URL's host goes by: as written, and as httpx connects (IDN in ASCII)."""
    names = []
    with contextlib.suppress(ValueError):
        names.append(urlsplit(url).hostname or "")
    with contextlib.suppress(httpx.InvalidURL, UnicodeError):
        names.append(httpx.URL(url).raw_host.decode("ascii"))
    return names


def _host_key(host: str) -> str:
    return host.strip("[]").lower()
