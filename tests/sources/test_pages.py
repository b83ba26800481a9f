"""Fetched pages to Documents: main text without page furniture, metadata, canonical URL."""

from __future__ import annotations

import datetime as dt

import pytest

from cliffhanger.errors import InputError
from cliffhanger.sources.fetch import Fetcher, FetchResult
from cliffhanger.sources.pages import decode_body, page_document

from .conftest import Server


def _result(content: bytes, content_type: str | None = "text/html", **kw: object) -> FetchResult:
    fields: dict[str, object] = {
        "url": "https://news.example/a?utm_source=x",
        "final_url": "https://news.example/a",
        "status": 200,
        "content": content,
        "content_type": content_type,
        "etag": None,
        "last_modified": None,
        "not_modified": False,
    }
    fields.update(kw)
    return FetchResult(**fields)  # type: ignore[arg-type]


def test_fetched_page_becomes_a_document(server: Server) -> None:
    with Fetcher(allow_private=True) as f:
        doc = page_document(f.fetch(server.url("/article.html")))
    assert doc.source == server.url("/article.html")
    assert doc.url == "https://couchreport.example/news/2023/01/1899-canceled"
    assert doc.title == "Netflix Cancels ‘1899’ After One Season"
    assert doc.published == dt.date(2023, 1, 3)
    assert doc.outlet == "The Couch Report"
    assert "Netflix has canceled ‘1899’" in doc.text  # <i> titles read as quoted titles
    assert "after a single season" in doc.text
    for furniture in ("Renewal Scorecard", "Related", "another streamer picks it up"):
        assert furniture not in doc.text  # nav, rail and comments are not the article
    assert doc.content_hash


def test_relative_canonical_is_made_absolute(server: Server) -> None:
    with Fetcher(allow_private=True) as f:
        doc = page_document(f.fetch(server.url("/relative-canonical.html")))
    assert doc.url == server.url("/tv/poker-face-renewed")


def test_plain_text_page(server: Server) -> None:
    with Fetcher(allow_private=True) as f:
        doc = page_document(f.fetch(server.url("/plain.txt")))
    assert doc.text.startswith("Hulu Cancels 'The Great'")
    assert doc.url == server.url("/plain.txt")


def test_page_without_canonical_uses_final_url() -> None:
    html = b"<html><body><article><p>" + b"Fox has renewed The Cleaning Lady. " * 8
    doc = page_document(_result(html + b"</p></article></body></html>"))
    assert doc.url == "https://news.example/a"


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (_result(b"", not_modified=True, status=304), "not modified"),  # nothing to parse
        (_result(b"  \n"), "empty page"),  # blank body
        (
            _result(b"<html><head><title>T</title></head><body></body></html>"),
            "no readable",
        ),  # empty
        (_result(b"%PDF-1.7", "application/pdf"), "not a web page"),  # not HTML or text
    ],
)
def test_unreadable_pages_raise_input_error(result: FetchResult, message: str) -> None:
    with pytest.raises(InputError, match=message):
        page_document(result)


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        ("Café".encode(), "text/html; charset=utf-8", "Café"),  # header charset
        ("Café".encode("latin-1"), "text/html; charset=ISO-8859-1", "Café"),  # legacy header
        (b'<meta charset="windows-1252"><p>Caf\xe9</p>', "text/html", "Café"),  # meta charset
        ("Café".encode(), None, "Café"),  # no declaration: UTF-8
        (b"Caf\xe9", None, "Café"),  # not UTF-8, undeclared: cp1252
        ("Café".encode(), "text/html; charset=bogus", "Café"),  # unknown charset ignored
    ],
)
def test_decode_body(content: bytes, content_type: str | None, expected: str) -> None:
    assert expected in decode_body(content, content_type)
