"""HTML to clean main text and metadata, with trafilatura doing the heavy lifting."""

from __future__ import annotations

import datetime as dt
import logging
import re

from cliffhanger.errors import InputError

# trafilatura renders <i>/<em> as *text* and <b> as **text**; the extractor
# reads italic titles the way headlines quote them, so italics become quotes.
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]{1,120}?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_LIST_ITEM = re.compile(r"^\s*[-*]\s+", re.MULTILINE)
_TAG_HINT = re.compile(rb"<(?:!doctype|html|head|body|p|div|article)\b", re.IGNORECASE)
# Markdown's backslash escapes; while the markup is read, each escaped ASCII character
# sheltered in a private-use plane where no markup pattern sees it.
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_SHELTER = 0xF0000
_SHELTERED = re.compile("[\U000f0000-\U000f007f]")

# trafilatura and htmldate log every odd page at ERROR ("parsed tree length: 0"); the
# caller reports our own one-line error instead. The CLI's --verbose turns them back on.
for _name in ("trafilatura", "htmldate", "courlan"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.CRITICAL)


def looks_like_html(raw: bytes) -> bool:
    """Return True if the start of `raw` looks like an HTML document."""
    return bool(_TAG_HINT.search(raw[:4096]))


def markdown_to_text(text: str) -> str:
    """Return trafilatura's markdown-ish output as plain text, italics as quoted titles.

    Markdown escapes ("\\<", "\\*", "\\_") become the characters the page had;
    an escaped "*" is text, never an italic marker.
    """
    text = _ESCAPED.sub(lambda m: chr(_SHELTER + ord(m.group(1))), text)
    text = _HEADING.sub("", text)
    text = _LIST_ITEM.sub("", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub("\u2018\\1\u2019", text)
    return _SHELTERED.sub(lambda m: chr(ord(m.group()) - _SHELTER), text)


def parse_date(value: str | None) -> dt.date | None:
    """Return the ISO date at the start of `value`, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_html(html: str, url: str | None = None) -> dict[str, str | dt.date | None]:
    """Return main text, title, date, site name and canonical URL of an HTML page.

    Raises InputError when the page has no readable main text.
    """
    try:
        import trafilatura  # a second of imports: paid only when a page is HTML

        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_formatting=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=True,
            favor_precision=True,
        )
    except Exception as e:
        raise InputError(f"cannot parse HTML: {e}") from e
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        raise InputError(
            "no readable article text in this HTML page",
            hint="is it an index page, a login wall or an empty template?",
        )
    published = parse_date(doc.date)
    if published is None:
        published = _htmldate(html)
    title = doc.title.strip() if doc.title else None
    text = markdown_to_text(doc.text or "")
    return {
        "text": text,
        "title": title,
        "published": published,
        "outlet": doc.sitename or doc.hostname,
        "url": doc.url or url,
    }


def _htmldate(html: str) -> dt.date | None:
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, extensive_search=False)
    except Exception:
        return None
    return parse_date(found)
