"""Fetched web pages to Documents: decode the body, clean the HTML, keep the canonical URL."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from urllib.parse import urljoin, urlsplit

from cliffhanger.documents.html import looks_like_html
from cliffhanger.documents.load import document_from_html, document_from_text
from cliffhanger.errors import InputError
from cliffhanger.model import Document
from cliffhanger.sources.fetch import FetchResult, charset, media_type

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTES = {
    name: re.compile(
        rf"""(?<![\w-]){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
    )
    for name in ("rel", "href")
}


def decode_body(content: bytes, content_type: str | None = None) -> str:
    """Return `content` as text: header charset, then a <meta charset>, then UTF-8, then cp1252."""
    candidates = [charset(content_type)]
    found = _META_CHARSET.search(content[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "replace").lower())
    if content.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    for name in (*candidates, "utf-8"):
        if not name:
            continue
        try:
            return content.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    # cp1252 maps almost every byte; what it cannot is replaced rather than refused.
    return content.decode("cp1252", errors="replace")


def page_document(result: FetchResult) -> Document:
    """Return the Document for a fetched page: main text, title, date, site name, canonical URL.

    `Document.source` is the URL as asked for; `Document.url` is the page's
    canonical URL (its `<link rel="canonical">` or `og:url`), else the URL
    after redirects. Raises InputError for a not-modified result, an empty
    body, or a page without readable article text.
    """
    if result.not_modified:
        raise InputError(f"{result.url}: not modified since the last fetch, nothing to read")
    if not result.content.strip():
        raise InputError(f"{result.url}: empty page")
    text = decode_body(result.content, result.content_type)
    kind = media_type(result.content_type)
    if kind in _HTML_TYPES or (
        kind in {"", "text/xml", "application/xml"} and looks_like_html(result.content)
    ):
        doc = document_from_html(result.url, text, url=result.final_url)
        return _with_canonical_url(doc, text, result.final_url)
    if kind.startswith("text/") or not kind:
        return document_from_text(result.url, text, url=result.final_url)
    raise InputError(
        f"{result.url}: not a web page ({kind})",
        hint="RSS/Atom feeds and JSONL/WARC archives have their own readers",
    )


def _with_canonical_url(doc: Document, html: str, base: str) -> Document:
    """Return `doc` with its URL set to the page's canonical link, made absolute against `base`.

    trafilatura drops a relative `<link rel="canonical">`; sites do use them.
    """
    canonical = _canonical_link(html) or doc.url
    if not canonical:
        return doc
    absolute = urljoin(base, canonical)
    if urlsplit(absolute).scheme not in {"http", "https"}:
        return doc
    return replace(doc, url=absolute)


def _canonical_link(html: str) -> str | None:
    """Return the href of the first `<link rel="canonical">` in the page's head, or None."""
    end = html.lower().find("</head>")
    head = html[: end if end >= 0 else 65536]
    for tag in _LINK_TAG.findall(head):
        rel = _attribute(tag, "rel")
        href = _attribute(tag, "href")
        if rel and href and "canonical" in rel.lower().split():
            return unescape(href.strip())
    return None


def _attribute(tag: str, name: str) -> str | None:
    """Return the value of attribute `name` ("rel" or "href") in one start tag, or None."""
    found = _ATTRIBUTES[name].search(tag)
    if not found:
        return None
    return next(group for group in found.groups() if group is not None)
