"""JSONL and WARC archives: streamed, one item per record, bad records reported, resumable."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.sources.archives import ArchiveItem, read_archive, read_jsonl, read_warc

from .conftest import FIXTURES

JSONL = FIXTURES / "archive.jsonl"
ARTICLE = (FIXTURES / "article.html").read_bytes()
POKER_FACE = (FIXTURES / "relative-canonical.html").read_bytes()


def test_jsonl_yields_documents_and_errors_in_order() -> None:
    items = list(read_jsonl(JSONL))
    assert [i.position for i in items] == [1, 2, 3, 4, 6, 7]  # blank line 5 skipped
    bear, westworld, no_text, cut, not_object, reacher = items
    # a text row keeps the archive's metadata
    assert bear.key == "https://couchreport.example/news/2022/07/the-bear-renewed"
    assert bear.document is not None
    assert bear.document.url == bear.key
    assert bear.document.published == dt.date(2022, 7, 14)
    assert bear.document.outlet == "The Couch Report"
    assert bear.document.text.startswith("FX Renews 'The Bear'\n\nJuly 14, 2022")
    # an html row is cleaned; its key is its id
    assert westworld.key == "a2"
    assert westworld.document is not None
    assert "HBO has canceled ‘Westworld’ after four seasons" in westworld.document.text
    assert westworld.document.published == dt.date(2022, 11, 7)
    # bad rows are reported, and reading goes on
    assert no_text.error is not None and "no `text` or `html`" in no_text.error
    assert no_text.key == "https://screendesk.example/tv/broken"
    assert cut.error is not None and "not valid JSON" in cut.error and f"{JSONL}:4" in cut.error
    assert not_object.error is not None and "JSON object" in not_object.error
    assert reacher.ok and reacher.key == "a6"


def test_jsonl_gz_reads_the_same(tmp_path: Path) -> None:
    packed = tmp_path / "archive.jsonl.gz"
    packed.write_bytes(gzip.compress(JSONL.read_bytes()))
    plain = [(i.key, i.ok) for i in read_jsonl(JSONL)]
    assert [(i.key.replace(str(packed), str(JSONL)), i.ok) for i in read_archive(packed)] == plain


def test_jsonl_resumes_from_a_line() -> None:
    assert [i.position for i in read_jsonl(JSONL, start_line=4)] == [4, 6, 7]


def test_truncated_gz_ends_with_an_error(tmp_path: Path) -> None:
    packed = gzip.compress(JSONL.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    items = list(read_jsonl(cut))
    assert items[-1].error is not None and "cannot read further" in items[-1].error


def test_oversized_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "' + "x" * 500 + '"}\n{"text": "Fox renews Animal Control."}\n')
    first, second = read_jsonl(path, max_bytes=100)
    assert first.error is not None and "too large" in first.error
    assert second.ok


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


def _warc(path: Path, gzipped: bool) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "couchreport.example")])
        writer.write_record(
            writer.create_warc_record(
                "https://couchreport.example/a", "request", http_headers=request
            )
        )
        _response(writer, "https://couchreport.example/a", ARTICLE, "text/html", "200 OK")
        _response(writer, "https://couchreport.example/logo.png", b"\x89PNG", "image/png", "200 OK")
        _response(
            writer, "https://couchreport.example/gone", b"<p>gone</p>", "text/html", "404 Not Found"
        )
        _response(
            writer,
            "https://couchreport.example/empty",
            b"<html><body></body></html>",
            "text/html",
            "200 OK",
        )
        _response(
            writer,
            "https://screendesk.example/tv/poker-face",
            POKER_FACE,
            "text/html; charset=utf-8",
            "200 OK",
        )
    return path


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_yields_html_responses_only(tmp_path: Path, gzipped: bool) -> None:
    path = _warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped)
    items = list(read_archive(path))
    assert [i.key for i in items] == [
        "https://couchreport.example/a",
        "https://couchreport.example/empty",
        "https://screendesk.example/tv/poker-face",
    ]  # request, warcinfo, image and 404 skipped
    article, empty, poker = items
    assert article.document is not None
    assert article.document.url == "https://couchreport.example/news/2023/01/1899-canceled"
    assert article.document.published == dt.date(2023, 1, 3)
    assert empty.error is not None and "no readable article text" in empty.error
    assert poker.document is not None and "Peacock has renewed ‘Poker Face’" in poker.document.text


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_resumes_from_a_record_offset(tmp_path: Path, gzipped: bool) -> None:
    path = _warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped)
    first_pass = list(read_warc(path))
    resumed = list(read_warc(path, start_offset=first_pass[1].position))
    assert [i.key for i in resumed] == [i.key for i in first_pass[1:]]
    assert [i.position for i in resumed] == [i.position for i in first_pass[1:]]


def test_damaged_warc_ends_with_an_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"\x00\x01garbage" * 10)
    items = list(read_warc(path))
    assert len(items) == 1 and items[0].error is not None and "damaged archive" in items[0].error


MALFORMED_WARCS = [
    # a response record without WARC-Target-URI (warcio fails on it with AttributeError)
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nx",
    # a length that is not a number
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nx",
    # a header line without a colon, then nothing
    b"WARC/1.0\r\nWARC-Type response\r\n\r\n",
]


@pytest.mark.parametrize("body", MALFORMED_WARCS)
def test_malformed_warc_record_ends_with_an_error(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "min.warc"
    path.write_bytes(body)
    items = list(read_warc(path))  # never raises
    assert all(not i.ok for i in items)
    if body.count(b"WARC-Type: response") and b"99" in body:
        assert items[-1].error is not None and "damaged archive" in items[-1].error


@pytest.mark.parametrize("name", ["crawl.warc.gz", "feed.jsonl.gz"])
def test_corrupt_gzip_data_ends_with_an_error(tmp_path: Path, name: str) -> None:
    data = gzip.compress(b'{"text": "some words here"}\n' * 500)
    # flip bytes inside the deflate stream: zlib.error, not OSError
    data = data[:20] + bytes(b ^ 0xFF for b in data[20:60]) + data[60:]
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_archive(path))
    assert items and items[-1].error is not None


def test_truncated_warc_gz_keeps_what_it_read(tmp_path: Path) -> None:
    whole = _warc(tmp_path / "crawl.warc.gz", gzipped=True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 200])  # the last record is cut short
    items = list(read_warc(cut))
    assert items[0].ok
    assert items[-1].error is not None and "cut short" in items[-1].error


def test_read_archive_refuses_unknown_and_missing_files(tmp_path: Path) -> None:
    other = tmp_path / "notes.csv"
    shutil.copy(JSONL, other)
    with pytest.raises(InputError, match="unknown archive format"):
        read_archive(other)
    with pytest.raises(NotFoundError):
        read_archive(tmp_path / "missing.jsonl")  # raised at once, before iterating
    with pytest.raises(NotFoundError):
        read_warc(tmp_path / "missing.warc.gz")


def test_item_ok() -> None:
    assert not ArchiveItem("k", 1, error="bad").ok
