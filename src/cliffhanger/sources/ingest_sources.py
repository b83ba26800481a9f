"""Ingesting from the web and from archives: pages, feeds (politely, conditionally), JSONL/WARC.

The pipeline per article is the same everywhere: fetch or read -> Document ->
`extract` -> `store_document` (one transaction with the URL it came from).
A page or feed item that cannot be read is recorded as an error and the run
goes on; only a database failure (StoreError) stops it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from sqlalchemy import Engine

from cliffhanger.documents.load import document_from_text
from cliffhanger.errors import CliffhangerError, InputError, StoreError
from cliffhanger.extraction import extract
from cliffhanger.model import Document
from cliffhanger.sources import DEFAULT_DELAY
from cliffhanger.sources.feeds import Feed, FeedItem, parse_feed
from cliffhanger.sources.fetch import Fetcher, FetchResult, media_type
from cliffhanger.sources.pages import page_document
from cliffhanger.store import source_repository as repo
from cliffhanger.store.source_repository import Source, StatusChange, Stored

log = logging.getLogger(__name__)

DEFAULT_EVERY = dt.timedelta(minutes=10)
DEFAULT_LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(days=1)
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
_XML_TYPES = {"text/xml", "application/xml", "text/plain", ""}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
Stop = Callable[[], bool]


def _never() -> bool:
    return False


class Pacer:
    """Keeps at least `delay` seconds between two requests to the same host."""

    def __init__(self, delay: float = DEFAULT_DELAY) -> None:
        self.delay = delay
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        """Return once a request to `url`'s host is polite, sleeping if one was just made."""
        host = (urlsplit(url).hostname or "").lower()
        if self.delay > 0 and host in self._last:
            pause = self._last[host] + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def fetch(
        self,
        fetcher: Fetcher,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Return `fetcher.fetch(url, ...)` after waiting for the host's turn."""
        self.wait(url)
        return fetcher.fetch(url, etag=etag, last_modified=last_modified)


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one page or feed item: the stored document, or why it could not be read."""

    url: str
    stored: Stored | None = None
    error: str | None = None


@dataclass(frozen=True)
class FeedReport:
    """What one poll of a feed did: not modified, the items read, or the feed's error."""

    url: str
    not_modified: bool = False
    items: tuple[ItemOutcome, ...] = ()
    error: str | None = None
    stopped: bool = False  # interrupted before every item was read

    @property
    def new(self) -> int:
        """Return how many items gave a document not stored before."""
        return sum(1 for i in self.items if i.stored is not None and i.stored.created)

    @property
    def failed(self) -> int:
        """Return how many items could not be read."""
        return sum(1 for i in self.items if i.error is not None)

    @property
    def events(self) -> int:
        """Return how many events the new documents added."""
        return sum(i.stored.events_added for i in self.items if i.stored is not None)

    @property
    def changes(self) -> tuple[StatusChange, ...]:
        """Return the status changes of every item, in order."""
        return tuple(c for i in self.items if i.stored is not None for c in i.stored.changes)


def is_feed(result: FetchResult) -> bool:
    """Return True if a fetched body is an RSS or Atom feed (by content type, else by sniffing)."""
    kind = media_type(result.content_type)
    if kind in _FEED_TYPES:
        return True
    if kind not in _XML_TYPES:
        return False
    return bool(_FEED_ROOT.search(result.content[:2048]))


def store_page(engine: Engine, result: FetchResult, *, track_changes: bool = True) -> Stored:
    """Return what storing a fetched page did; InputError when it holds no article."""
    document = page_document(result)
    return _store(engine, document, document.url or result.final_url, track_changes)


def ingest_url(
    engine: Engine,
    url: str,
    fetcher: Fetcher,
    pacer: Pacer,
    *,
    every: dt.timedelta = DEFAULT_EVERY,
    token: str = "ingest",
) -> ItemOutcome | FeedReport:
    """Return the outcome of ingesting a page, or the report of reading every item of a feed.

    A known feed is fetched with its stored validators, so an unchanged feed
    costs one 304. Raises FetchError or InputError when the URL cannot be read.
    """
    known = repo.get_source(engine, url)
    validators = (known.etag, known.last_modified) if known else (None, None)
    result = pacer.fetch(fetcher, url, etag=validators[0], last_modified=validators[1])
    if not (result.not_modified or is_feed(result)):
        return ItemOutcome(url, stored=store_page(engine, result))
    repo.register_feeds(engine, [url])
    source = repo.claim_next(engine, token, [url], lease=DEFAULT_LEASE)
    if source is None:
        raise InputError(
            f"{url}: another watcher is polling this feed right now",
            hint="try again in a minute",
        )
    return poll_feed(engine, source, fetcher, pacer, token=token, every=every, prefetched=result)


def poll_feed(
    engine: Engine,
    source: Source,
    fetcher: Fetcher,
    pacer: Pacer,
    *,
    token: str,
    every: dt.timedelta = DEFAULT_EVERY,
    stop: Stop = _never,
    prefetched: FetchResult | None = None,
    track_changes: bool = True,
) -> FeedReport:
    """Return the report of one poll of a feed this caller holds the lease on; then release it.

    A conditional GET with the stored validators; each item not read before is
    fetched (politely) and stored, and recorded with its document or error. A
    feed that fails is recorded with its error and polled later (backoff).
    """
    started = dt.datetime.now(dt.UTC)
    try:
        result = prefetched or pacer.fetch(
            fetcher, source.url, etag=source.etag, last_modified=source.last_modified
        )
        feed = None if result.not_modified else parse_feed(result.content, url=result.final_url)
    except StoreError:
        raise
    except CliffhangerError as e:
        log.warning("%s", e.message)
        wait = backoff(every, source.error_count + 1)
        repo.finish_poll(engine, source.id, token, next_poll_at=started + wait, error=e.message)
        return FeedReport(source.url, error=e.message)
    if feed is None:
        repo.finish_poll(
            engine,
            source.id,
            token,
            next_poll_at=started + every,
            etag=result.etag or source.etag,
            last_modified=result.last_modified or source.last_modified,
        )
        return FeedReport(source.url, not_modified=True)
    items, stopped = _read_items(engine, source, feed, fetcher, pacer, token, stop, track_changes)
    # Interrupted: keep the old validators, or a 304 next time would hide the unread items.
    old = (source.etag, source.last_modified)
    etag, modified = old if stopped else (result.etag, result.last_modified)
    repo.finish_poll(
        engine,
        source.id,
        token,
        next_poll_at=started if stopped else started + every,
        etag=etag,
        last_modified=modified,
        title=feed.title,
        new_items=len(items),
        polled=True,
    )
    return FeedReport(source.url, items=tuple(items), stopped=stopped)


def backoff(every: dt.timedelta, errors: int) -> dt.timedelta:
    """Return the wait before polling a feed again after `errors` consecutive errors."""
    base = max(every, dt.timedelta(minutes=1))
    return min(base * 2 ** max(errors - 1, 0), MAX_BACKOFF)


def _read_items(
    engine: Engine,
    source: Source,
    feed: Feed,
    fetcher: Fetcher,
    pacer: Pacer,
    token: str,
    stop: Stop,
    track_changes: bool,
) -> tuple[list[ItemOutcome], bool]:
    """Return the outcome of each unread item, oldest first, and whether a stop cut it short."""
    done = repo.done_items(engine, source.id, [i.guid for i in feed.items])
    outcomes: list[ItemOutcome] = []
    for item in reversed(feed.items):  # feeds list the newest first
        if item.guid in done:
            continue
        if stop():
            return outcomes, True
        outcome = _read_item(engine, item, feed, fetcher, pacer, track_changes)
        repo.record_item(
            engine,
            source.id,
            token,
            guid=item.guid,
            link=item.link,
            document_id=outcome.stored.document_id if outcome.stored else None,
            error=outcome.error,
            lease=DEFAULT_LEASE,
        )
        done.add(item.guid)
        outcomes.append(outcome)
    return outcomes, False


def _read_item(
    engine: Engine,
    item: FeedItem,
    feed: Feed,
    fetcher: Fetcher,
    pacer: Pacer,
    track_changes: bool,
) -> ItemOutcome:
    """Return the outcome of one feed item: its page fetched and stored, or its summary."""
    where = item.link or item.guid
    try:
        if item.link:
            document = page_document(pacer.fetch(fetcher, item.link))
        else:
            # No page to read: the item's own title and summary are the article.
            text = "\n\n".join(part for part in (item.title, item.summary) if part)
            document = document_from_text(item.guid, text, title=item.title or None)
        # The feed's date is the publisher's own, where a page's may be guessed from its text
        # (a story set in 1996); the extractor dates undated decisions by it.
        document = replace(
            document,
            published=item.published or document.published,
            outlet=document.outlet or feed.title,
            title=document.title or item.title or None,
        )
        stored = _store(engine, document, document.url or item.link, track_changes)
    except StoreError:
        raise
    except CliffhangerError as e:
        log.warning("%s", e.message)
        return ItemOutcome(where, error=e.message)
    return ItemOutcome(where, stored=stored)


def _store(engine: Engine, document: Document, url: str | None, track_changes: bool) -> Stored:
    return repo.store_document(
        engine, extract(document), url=url, outlet=document.outlet, track_changes=track_changes
    )
