"""RSS 0.9x/1.0/2.0 and Atom feeds to plain items, with feedparser; broken feeds refused."""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import hashlib
import io
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml.etree import ParserError

from cliffhanger.errors import InputError


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: where the article is, its title, date and summary."""

    title: str
    link: str | None
    published: dt.date | None
    summary: str
    guid: str  # the entry's id, else its link, else a hash of title and summary


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title, site link, format and entries in feed order."""

    title: str | None
    link: str | None
    version: str  # feedparser's name for the format: "rss20", "atom10", "rss10", ...
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes | str, url: str | None = None) -> Feed:
    """Return the Feed in `data` (an RSS or Atom document); relative links resolve against `url`.

    Raises InputError when `data` is not a feed: not XML, or so broken that
    feedparser finds no entries. A well-formed feed with no entries is fine.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    source = url or "feed"
    if not raw.strip():
        raise InputError(f"{source}: empty feed")
    # A stream, never a str or bytes: feedparser would fetch a str that looks like
    # a URL and open one that names a local file.
    parsed = feedparser.parse(io.BytesIO(raw))
    entries = parsed.get("entries") or []
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        raise InputError(
            f"{source}: not an RSS or Atom feed{detail}",
            hint="is it a web page? give its URL as a page instead",
        )
    meta = parsed.get("feed") or {}
    base = meta.get("link") or url
    items = tuple(_item(entry, base) for entry in entries)
    return Feed(
        title=_clean(meta.get("title")) or None,
        link=meta.get("link") or None,
        version=parsed.get("version") or "unknown",
        items=items,
    )


def _item(entry: Any, base: str | None) -> FeedItem:
    """Return the FeedItem for one feedparser entry."""
    title = _clean(entry.get("title"))
    link = entry.get("link") or None
    if link and base:
        link = urljoin(base, link)
    summary = _html_to_text(entry.get("summary") or entry.get("description") or "")
    guid = entry.get("id") or link
    if not guid:
        guid = hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]
    return FeedItem(
        title=title,
        link=link,
        published=_entry_date(entry),
        summary=summary,
        guid=str(guid),
    )


def _entry_date(entry: Any) -> dt.date | None:
    """Return the entry's published date (else updated, else created), or None.

    The date is the publisher's local date when the raw value carries one
    (an article dated 23:30 at UTC-5 is from that day, not the next), else UTC.
    """
    for key in ("published", "updated", "created"):
        local = _local_date(entry.get(key))
        if local is not None:
            return local
        value = entry.get(f"{key}_parsed")
        if isinstance(value, time.struct_time):
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC).date()
    return None


def _local_date(raw: Any) -> dt.date | None:
    """Return the date part of an ISO 8601 or RFC 822 timestamp as written, or None."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = raw.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _clean(value: Any) -> str:
    """Return a title-like value as one line of plain text."""
    if not value:
        return ""
    return " ".join(_html_to_text(str(value)).split())


def _html_to_text(value: str) -> str:
    """Return the text of an HTML fragment, whitespace collapsed per line."""
    if "<" not in value and "&" not in value:
        return value.strip()
    try:
        text = lxml.html.fromstring(f"<div>{value}</div>").text_content()
    except (ParserError, ValueError):
        return value.strip()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
