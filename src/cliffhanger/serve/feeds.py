"""Atom feeds of status changes: every decision, one network's, or one watchlist's shows.

Entries are official decisions (rumours and rejected events left out), most
recently recorded first. The XML is built with ElementTree, so every piece of
article text is escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from sqlalchemy import Engine

from cliffhanger.status.rules import describe
from cliffhanger.store import web_browse, web_repository
from cliffhanger.store.web_browse import EventItem

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def changes_feed(engine: Engine, base_url: str, self_url: str, limit: int = FEED_SIZE) -> bytes:
    """Return the Atom feed of the latest decisions about any show."""
    items, _ = web_browse.events_page(engine, official=True, limit=limit)
    return atom("Cliffhanger: status changes", base_url, self_url, items)


def network_feed(
    engine: Engine, network: str, base_url: str, self_url: str, limit: int = FEED_SIZE
) -> bytes:
    """Return the Atom feed of the latest decisions by `network`."""
    items, _ = web_browse.events_page(engine, network=network, official=True, limit=limit)
    return atom(f"Cliffhanger: {network}", base_url, self_url, items)


def watchlist_feed(
    engine: Engine, watchlist_id: int, base_url: str, self_url: str, limit: int = FEED_SIZE
) -> bytes:
    """Return the Atom feed of the latest decisions about a watchlist's shows."""
    watchlist = web_repository.watchlist(engine, watchlist_id)
    items, _ = web_browse.events_page(
        engine, show_ids=watchlist.show_ids, official=True, limit=limit
    )
    return atom(f"Cliffhanger watchlist: {watchlist.name}", base_url, self_url, items)


def atom(title: str, base_url: str, self_url: str, items: Sequence[EventItem]) -> bytes:
    """Return an Atom document (UTF-8 bytes) with one entry per event."""
    ET.register_namespace("", ATOM)
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", self_url)
    _text(feed, "title", title)
    stamps = [_updated(i) for i in items]
    _text(feed, "updated", _iso(max(stamps, default=EPOCH)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Cliffhanger")
    for item, stamp in zip(items, stamps, strict=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        event = item.entry
        _text(entry, "id", f"{base}/api/events/{event.id}")
        _text(entry, "title", f"{event.show}: {describe(event)}")
        _text(entry, "updated", _iso(stamp))
        ET.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/shows/{item.show_id}"
        )
        if event.source and event.source.startswith(("http://", "https://")):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=event.source)
        _text(entry, "summary", _summary(item))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _summary(item: EventItem) -> str:
    event = item.entry
    parts = [f"“{event.evidence}”" if event.evidence else describe(event)]
    if event.outlet or event.attribution:
        parts.append(f"({', '.join(p for p in (event.outlet, event.attribution) if p)})")
    if event.date:
        parts.append(event.date.isoformat())
    return " ".join(parts)


def _updated(item: EventItem) -> dt.datetime:
    return item.entry.recorded_at or EPOCH


def _text(parent: ET.Element, tag: str, text: str) -> None:
    # XML 1.0 cannot hold most control characters, escaped or not; news text sometimes has them.
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _CONTROL.sub("", text)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
