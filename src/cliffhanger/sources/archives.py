"""Streaming readers for news archives: JSONL (optionally gzipped) and WARC.

Each reader yields one `ArchiveItem` per record, holding either a Document or
the reason the record could not be read, so one bad line never stops a
backfill. Every item has a stable `key` (the record's URL, else its id, else
its line) and a `position` a caller can store to resume later: the line
number for JSONL, the byte offset of the record for WARC.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, cast

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cliffhanger.config import MAX_DOCUMENT_BYTES
from cliffhanger.documents.html import parse_date
from cliffhanger.documents.load import document_from_html, document_from_text
from cliffhanger.errors import CliffhangerError, InputError, NotFoundError
from cliffhanger.model import Document
from cliffhanger.sources.fetch import media_type
from cliffhanger.sources.pages import decode_body

log = logging.getLogger(__name__)

_HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass(frozen=True)
class ArchiveItem:
    """One record of an archive: a Document, or the one-line reason it could not be read."""

    key: str  # the record's URL, else its id, else "<path>:<line>"
    position: int  # JSONL: 1-based line number; WARC: byte offset of the record
    document: Document | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Return True if the record was read into a Document."""
        return self.document is not None


def read_archive(path: str | Path, start: int = 0) -> Iterator[ArchiveItem]:
    """Yield the items of a JSONL or WARC archive, chosen by file name, from `start` on.

    `start` is a `position` from an earlier run: the first line (JSONL) or
    byte offset (WARC) to read. Raises NotFoundError or InputError up front
    for a missing file or an unknown format.
    """
    name = Path(path).name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return read_warc(path, start_offset=start)
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return read_jsonl(path, start_line=max(start, 1))
    raise InputError(
        f"{path}: unknown archive format",
        hint="archives are .jsonl, .jsonl.gz, .warc or .warc.gz",
    )


def read_jsonl(
    path: str | Path, start_line: int = 1, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[ArchiveItem]:
    """Return an iterator of one item per non-empty line of a JSONL (or .gz) file.

    Reading starts at line `start_line`. A line is an object with `text` or
    `html`, and optionally `url`, `title`, `published` (ISO date), `outlet`
    and `id`. A missing file raises
    NotFoundError at once; a truncated or corrupt .gz ends the iteration with
    one final error item.
    """
    stream = open_binary(path)
    return _iter_jsonl(str(path), stream, start_line, max_bytes)


def _iter_jsonl(
    source: str, stream: IO[bytes], start_line: int, max_bytes: int
) -> Iterator[ArchiveItem]:
    number = 0
    with stream:
        try:
            for number, raw in enumerate(stream, start=1):
                if number < start_line or not raw.strip():
                    continue
                if len(raw) > max_bytes:
                    key = f"{source}:{number}"
                    yield ArchiveItem(
                        key, number, error=f"{key}: line too large ({len(raw)} bytes)"
                    )
                    continue
                yield _jsonl_item(source, number, raw)
        except (OSError, EOFError, zlib.error) as e:
            key = f"{source}:{number + 1}"
            yield ArchiveItem(key, number + 1, error=f"{key}: cannot read further: {e}")


def _jsonl_item(source: str, number: int, raw: bytes) -> ArchiveItem:
    """Return the item for one JSONL line; never raises for bad content."""
    key = f"{source}:{number}"
    try:
        row = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return ArchiveItem(key, number, error=f"{key}: not valid JSON ({e})")
    if not isinstance(row, dict):
        return ArchiveItem(key, number, error=f"{key}: expected a JSON object per line")
    url = _string(row.get("url"))
    key = url or _string(row.get("id")) or key
    try:
        doc = _row_document(url or f"{source}:{number}", row, url)
    except CliffhangerError as e:
        return ArchiveItem(key, number, error=f"{source}:{number}: {e.message}")
    return ArchiveItem(key, number, document=doc)


def _row_document(doc_source: str, row: dict[str, Any], url: str | None) -> Document:
    """Return the Document for one JSONL row, HTML cleaned; raises InputError if it has no text."""
    title = _string(row.get("title"))
    published = _date(row.get("published") or row.get("date"))
    outlet = _string(row.get("outlet") or row.get("site") or row.get("source"))
    html = _string(row.get("html"))
    text = _string(row.get("text"))
    if text:
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
        return document_from_text(
            doc_source, text, title=title, published=published, outlet=outlet, url=url
        )
    if html:
        doc = document_from_html(doc_source, html, url=url)
        # What the archive says about a record is more reliable than guesses from its markup.
        return replace(
            doc,
            title=title or doc.title,
            published=published or doc.published,
            outlet=outlet or doc.outlet,
            url=doc.url or url,
        )
    raise InputError("no `text` or `html` field")


def read_warc(
    path: str | Path, start_offset: int = 0, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[ArchiveItem]:
    """Return an iterator of one item per HTML response record of a WARC (or .warc.gz).

    Reading starts at byte `start_offset` (a `position` from an earlier run).
    Requests, metadata, revisits, redirects, errors and non-HTML responses are
    skipped silently; an unreadable HTML page yields an item with an error. A
    missing file raises NotFoundError at once; a damaged archive ends the
    iteration with one final error item.
    """
    stream = _open_plain(path)
    return _iter_warc(str(path), stream, start_offset, max_bytes)


def _iter_warc(
    source: str, stream: IO[bytes], start_offset: int, max_bytes: int
) -> Iterator[ArchiveItem]:
    with stream:
        if start_offset:
            stream.seek(start_offset)
        records = ArchiveIterator(stream)
        try:
            for record in records:
                item = _warc_item(source, record, records.get_record_offset, max_bytes)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as e:
            yield _damaged(source, e)
        except (AttributeError, ValueError, TypeError, LookupError) as e:
            # warcio's parser trusts its input: a record without the headers it expects (a
            # response without WARC-Target-URI, a bad length) fails deep inside it.
            log.debug("warcio failed on %s", source, exc_info=True)
            yield _damaged(source, e)


def _damaged(source: str, error: Exception) -> ArchiveItem:
    """Return the final error item of an archive that cannot be read further."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    if not isinstance(error, (ArchiveLoadFailed, OSError, EOFError)):
        message = "a malformed WARC record (missing or invalid headers)"
    return ArchiveItem(f"{source}:damaged", -1, error=f"{source}: damaged archive: {message}")


def _warc_item(
    source: str, record: Any, offset_of: Callable[[], int], max_bytes: int
) -> ArchiveItem | None:
    """Return the item for one WARC record, or None for a record that holds no article.

    `offset_of` gives the record's byte offset (absolute, even after a seek);
    warcio only answers correctly once the record's content has been read.
    """
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = record.http_headers.get_header("Content-Type")
    if not str(status).startswith("2") or media_type(content_type) not in _HTML_TYPES:
        return None
    body = record.content_stream().read(max_bytes + 1)
    offset = offset_of()
    url = record.rec_headers.get_header("WARC-Target-URI") or f"{source}@{offset}"
    if len(body) > max_bytes:
        return ArchiveItem(url, offset, error=f"{url}: page too large (over {max_bytes} bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # warcio returns what a truncated gzip member held; a partial page is not a page.
        return ArchiveItem(url, offset, error=f"{url}: record cut short (truncated archive?)")
    try:
        doc = document_from_html(url, decode_body(body, content_type), url=url)
    except CliffhangerError as e:
        return ArchiveItem(url, offset, error=f"{url}: {e.message}")
    return ArchiveItem(url, offset, document=doc)


def open_binary(path: str | Path) -> IO[bytes]:
    """Return the file opened for reading bytes, gunzipped if its name ends in .gz."""
    file = _open_plain(path)
    if str(path).lower().endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=file, mode="rb"))
    return file


def _open_plain(path: str | Path) -> IO[bytes]:
    """Return the file opened for reading bytes; raises NotFoundError or InputError."""
    p = Path(path)
    if not p.exists():
        raise NotFoundError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a folder", hint="give the archive file inside it")
    try:
        return io.BufferedReader(io.FileIO(p, "rb"))
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e


def _string(value: Any) -> str | None:
    """Return a non-empty stripped string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _date(value: Any) -> dt.date | None:
    """Return the date of an ISO date or timestamp string, or None."""
    return parse_date(value) if isinstance(value, str) else None
