"""Reading documents from paths and stdin: text or HTML, with every bad input refused clearly."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from cliffhanger.config import MAX_DOCUMENT_BYTES
from cliffhanger.documents.hashing import content_hash
from cliffhanger.documents.html import extract_html, looks_like_html
from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Document

_KEEP_AS_IS = re.compile("([\u2026\u2122])")
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml"}
STDIN = "-"
# A dateline opening the body: "May 12, 2018 —", "12 May 2018 -", "2018-05-12:".
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATELINE = re.compile(
    rf"""^\s*(?:[A-Z][A-Za-z .]{{1,30}}\s*[(,—–-]\s*)?
        (?:(?P<mdy>{_MONTH}\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d)
          |(?P<dmy>\d{{1,2}}\s+{_MONTH}\.?\s+(?:19|20)\d\d)
          |(?P<iso>(?:19|20)\d\d-\d\d-\d\d))
        \)?\s*(?:[—–:|-]|$)""",
    re.VERBOSE | re.MULTILINE,
)


def iter_sources(paths: Iterable[str]) -> Iterator[str]:
    """Yield each path as given, folders expanded to their text and HTML files in name order."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _folder_articles(path)
        else:
            yield raw


MAX_FOLDER_FILES = 100_000  # files looked at under one folder: more is an archive's job


def _folder_articles(folder: Path) -> Iterator[str]:
    """Yield the text and HTML files under `folder` in name order (notes such as README.md
    are skipped), then raise InputError if a folder inside could not be read.

    InputError, with nothing yielded, for a folder holding more than MAX_FOLDER_FILES
    files (`ingest /`): the walk stops there, so its cost stays bounded.
    """
    unreadable: list[OSError] = []
    found: list[Path] = []
    seen = 0
    for root, _dirs, files in os.walk(folder, onerror=unreadable.append):
        seen += len(files)
        if seen > MAX_FOLDER_FILES:
            raise InputError(
                f"{folder}: more than {MAX_FOLDER_FILES:,} files",
                hint="give a smaller folder, or pack the articles in an archive",
            )
        for name in files:
            child = Path(root, name)
            if child.suffix.lower() in TEXT_SUFFIXES and _is_file(child, unreadable):
                found.append(child)
    yield from (str(child) for child in sorted(found))
    if unreadable:
        first = unreadable[0]
        more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
        raise InputError(f"{first.filename}: cannot read: {first.strerror}{more}")


def _is_file(path: Path, unreadable: list[OSError]) -> bool:
    try:
        return path.is_file()
    except OSError as e:  # EACCES and the like; is_file only hides "not found"
        unreadable.append(e)
        return False


def read_bytes(source: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """Return the bytes of a path (or stdin for "-"), refusing what is missing or too large."""
    if source == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(source)
        if not path.exists():
            raise NotFoundError(f"{source}: no such file or folder")
        if path.is_dir():
            raise InputError(f"{source}: is a folder", hint="give the files inside it")
        try:
            if path.stat().st_size > limit:
                raise InputError(
                    f"{source}: too large ({path.stat().st_size // 1_000_000} MB; limit "
                    f"{limit // 1_000_000} MB)",
                    hint="split it, or ingest it as an archive",
                )
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"{source}: cannot read: {e.strerror}") from e
    if len(data) > limit:
        raise InputError(f"{source}: too large (limit {limit // 1_000_000} MB)")
    return data


# Byte order marks, the codec of the bytes after each, and the encoding's name.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),  # before UTF-16's: it opens the same
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# The marks of encodings whose text holds zero bytes (UTF-16 and UTF-32): not binary.
_WIDE_BOMS = tuple(bom for bom, codec, _ in _BOMS if not codec.startswith("utf-8"))


def decode(source: str, data: bytes) -> str:
    """Return `data` as text; refuse binary and non-UTF-8 input with a one-line reason."""
    if not data.strip():
        raise InputError(f"{source}: empty file", hint="nothing to read")
    if b"\x00" in data[:8192] and not data.startswith(_WIDE_BOMS):
        raise InputError(f"{source}: binary file, not text or HTML")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec, errors="strict")
            except UnicodeDecodeError as e:
                # The mark promises an encoding the bytes after it do not keep.
                raise InputError(
                    f"{source}: not {name} text, though it opens with a {name} byte order "
                    f"mark (invalid byte at offset {e.start + len(bom)})",
                    hint=f"save it again as {name}, or without the mark",
                ) from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if looks_like_html(data):
            # HTML declares its own charset; let the HTML parser honour it.
            return data.decode("latin-1")
        raise InputError(
            f"{source}: not UTF-8 text (invalid byte at offset {e.start})",
            hint="convert it first, e.g. `iconv -f latin1 -t utf-8`",
        ) from e


def fold_compatibility(text: str) -> str:
    """Return `text` in NFKC: full-width "Ｐａｒｔｎｅｒ" is "Partner", a no-break space a space.

    "…" and "™" are kept: NFKC would make them "..." (three sentence ends) and
    "TM" glued to the title before it.
    """
    if text.isascii():
        return text
    parts = _KEEP_AS_IS.split(text)
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


def document_from_text(
    source: str,
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Document:
    """Return a Document for already-clean text (compatibility forms folded), with its hash."""
    text = fold_compatibility(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    title = fold_compatibility(title) if title else title
    if not text:
        raise InputError(f"{source}: no text")
    if published is None:
        published = dateline(text)
    return Document(
        source=source,
        text=text,
        title=title,
        published=published,
        outlet=outlet,
        url=url,
        content_hash=content_hash(text),
    )


def dateline(text: str) -> dt.date | None:
    """Return the date of a dateline near the top of an article ("May 12, 2018 —"), or None."""
    m = _DATELINE.search(text[:600])
    if not m:
        return None
    raw = m.group("mdy") or m.group("dmy") or m.group("iso")
    if m.group("iso"):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    raw = re.sub(r"[.,]", "", raw)
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(raw.replace("Sept ", "Sep "), fmt).date()
        except ValueError:
            continue
    return None


def document_from_html(source: str, html: str, url: str | None = None) -> Document:
    """Return a Document holding the main text and metadata of an HTML page."""
    meta = extract_html(html, url=url)
    text = str(meta["text"])
    title = meta["title"] if isinstance(meta["title"], str) else None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    published = meta["published"] if isinstance(meta["published"], dt.date) else None
    outlet = meta["outlet"] if isinstance(meta["outlet"], str) else None
    page_url = meta["url"] if isinstance(meta["url"], str) else url
    return document_from_text(
        source, text, title=title, published=published, outlet=outlet, url=page_url
    )


def read_document(source: str, limit: int = MAX_DOCUMENT_BYTES) -> Document:
    """Return the Document at a path (or stdin), HTML cleaned, or raise InputError."""
    data = read_bytes(source, limit)
    text = decode(source, data)
    is_html = Path(source).suffix.lower() in {".html", ".htm", ".xhtml"} or looks_like_html(data)
    if is_html:
        return document_from_html(source, text)
    if _mostly_control(text):
        raise InputError(f"{source}: binary file, not text or HTML")
    return document_from_text(source, text)


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad > len(sample) * 0.05
