"""Rendered read responses kept per query until the store changes: one cheap check, then bytes.

A GET is answered from the cache when an entry for its query was rendered at
the store's current version on the current day (`store.versioning`: a
counter every committed write bumps, read by primary key). The entry holds
the body, its headers and its ETag, so a hit costs that one read and no
rendering or hashing; `http.Headers` answers 304 when If-None-Match matches.

- The key is what a response may depend on: path, query string, host and
  scheme (only error pages, never cached, vary with Accept).
- Requests carrying credentials (Authorization, Cookie) are never cached,
  and only 200 responses that set no cookie are kept.
- Static files and the API docs are not kept here (they do not change), nor
  /api/health (constant; the benchmarks' yardstick of an uncached endpoint).
- Entries are evicted oldest-used first beyond `max_bytes` (default 64 MiB);
  each worker process has its own cache.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from cliffhanger.store.versioning import read_version

log = logging.getLogger(__name__)
MAX_BYTES = 64 * 1024 * 1024
SKIPPED_PREFIXES = ("/static/", "/docs", "/redoc", "/openapi.json", "/api/health")
PRIVATE_HEADERS = (b"authorization", b"cookie")

Key = tuple[Any, ...]
Signature = tuple[Any, ...]


@dataclass(frozen=True)
class Entry:
    """A rendered 200 response: its headers (no length), body and ETag, at a store signature."""

    signature: Signature
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


class ReadCache:
    """Rendered responses of `engine`'s read endpoints, per query, while the store is unchanged."""

    def __init__(self, engine: Engine, max_bytes: int = MAX_BYTES) -> None:
        self.engine = engine
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0

    def key(self, scope: MutableMapping[str, Any]) -> Key | None:
        """Return the cache key of a GET request's `scope`, or None when it must not be cached."""
        path: str = scope["path"]
        if path.startswith(SKIPPED_PREFIXES):
            return None
        host = None
        for name, value in scope.get("headers", []):
            name = bytes(name).lower()
            if name in PRIVATE_HEADERS:
                return None
            if name == b"host":
                host = bytes(value)
        return (path, bytes(scope.get("query_string", b"")), scope.get("scheme"), host)

    def signature(self) -> Signature | None:
        """Return (store version, today) for entries rendered now; None if the store cannot say.

        A store that cannot be read is not cached around: the request goes on
        to the endpoint, which answers as it does (503).
        """
        try:
            version, _ = read_version(self.engine)
        except SQLAlchemyError as e:
            log.debug("no read cache: the store's version cannot be read (%s)", e)
            return None
        return (version, dt.date.today())

    def get(self, key: Key, signature: Signature) -> Entry | None:
        """Return the entry of `key` rendered at `signature`, or None (a miss)."""
        entry = self._entries.get(key)
        if entry is None or entry.signature != signature:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: Key, entry: Entry) -> None:
        """Return once `entry` is kept under `key`, older entries evicted past `max_bytes`."""
        if len(entry.body) > self.max_bytes // 4:
            return  # one response may not push out everything else
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = entry
        self._bytes += len(entry.body)
        while self._bytes > self.max_bytes and self._entries:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        """Return the number of entries kept."""
        return len(self._entries)
