"""Hypothesis over the document loader and `extract`: text, HTML, raw bytes and archives.

Whatever the bytes, the answer is a Document and its Extraction, or a
one-line InputError: never another exception. (The extractor's speed is
issue 12's item 6, tested elsewhere; these documents stay small.)
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cliffhanger.bounds import MAX_SEASON
from cliffhanger.cli.commands.extract import extraction_records
from cliffhanger.documents.load import read_document
from cliffhanger.errors import CliffhangerError
from cliffhanger.extraction import extract
from cliffhanger.sources.archives import read_archive

from .conftest import CASES, ERRORS, examples

ENTRY = "extract (hypothesis)"
LOADER = "archive loader (hypothesis)"
# Words the rules react to, mixed with anything: made up here, not copied from news.
WORDS = [
    "Netflix",
    "HBO",
    "NBC",
    "has",
    "renewed",
    "canceled",
    "cancels",
    "for",
    "a",
    "second",
    "third",
    "final",
    "season",
    "seasons",
    "series",
    "order",
    "revived",
    "after",
    "The",
    "Show",
    "Of",
    "Us",
    "Big",
    "'",
    "\u2018",
    "\u2019",
    '"',
    ",",
    ".",
    "?",
    "and",
    "will",
    "end",
    "with",
    "S2",
    "101",
    "-1",
    "99999999999999999999",
    "\u00a0",
    "Ｐａｒｔ",
    "…",
    "\n",
    "per",
    "Deadline",
    "reportedly",
    "could",
    "be",
    "not",
    "no",
    "fourth",
]
SENTENCES = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(
    " ".join
)
TAGS = ["p", "i", "em", "b", "h1", "div", "article", "script", "title", "a", "br", "table"]


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Return an HTML page of nested tags around sentences, sometimes broken."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        inner = draw(SENTENCES)
        closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
        parts.append(f"<{tag}>{inner}{closing}")
    head = draw(st.sampled_from(["<!doctype html><html><body>", "<html>", "<p>", ""]))
    return head + "".join(parts) + draw(st.sampled_from(["</body></html>", ""]))


BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]  # a mark the bytes after it may break
DOCUMENTS = st.one_of(
    SENTENCES.map(str.encode),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    html_pages().map(str.encode),
    st.binary(max_size=400),
    st.builds(bytes.__add__, st.sampled_from(BOMS), st.binary(max_size=400)),
)


def _check_document(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        document = read_document(str(path))
    except CliffhangerError as e:
        assert e.message and "\n" not in e.message
        return
    facts = extract(document)
    for event in facts.events:
        assert event.show.strip()
        assert event.season is None or 0 <= event.season <= 10 * MAX_SEASON
    # the `extract --format jsonl` contract: every record serialises
    for record in extraction_records(facts, str(path)):
        json.dumps(record)


@settings(max_examples=examples(150, 10_000))
@given(data=DOCUMENTS, suffix=st.sampled_from([".txt", ".html"]))
# found by atheris: a UTF-16 mark, then an odd number of bytes (was a UnicodeDecodeError)
@example(data=b"\xfe\xff\xff\x08\xff\xff\x08", suffix=".txt")
@example(data=b"\xef\xbb\xbf<p>HBO renews it \xff</p>", suffix=".html")
def test_extract_never_raises_anything_else(tmp_path: Path, data: bytes, suffix: str) -> None:
    CASES[ENTRY] += 1
    try:
        _check_document(tmp_path / f"doc{suffix}", data)
    except BaseException:
        ERRORS[ENTRY] += 1
        raise


JSONL_LINES = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "url": st.one_of(st.text(max_size=30), st.integers(), st.none()),
            "text": st.one_of(SENTENCES, st.integers(), st.none()),
            "html": st.one_of(html_pages(), st.none()),
            "title": st.one_of(st.text(max_size=20), st.lists(st.integers(), max_size=2)),
            "published": st.one_of(st.text(max_size=12), st.integers(), st.none()),
        },
    ).map(json.dumps),
    st.text(max_size=80),
)
WARC_RECORDS = st.builds(
    lambda kind, headers, body: (
        (f"WARC/1.0\r\nWARC-Type: {kind}\r\n{headers}Content-Length: {len(body)}\r\n\r\n").encode()
        + body
        + b"\r\n\r\n"
    ),
    st.sampled_from(["response", "request", "metadata", "resource", "x"]),
    st.sampled_from(
        ["", "WARC-Target-URI: http://a.example/\r\n", "Content-Type: application/http\r\n"]
    ),
    st.one_of(
        st.binary(max_size=200),
        html_pages().map(
            lambda h: b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + h.encode()
        ),
    ),
)


@settings(max_examples=examples(100, 10_000))
@given(
    kind=st.sampled_from(["jsonl", "warc", "jsonl.gz", "warc.gz"]),
    lines=st.lists(JSONL_LINES, max_size=5),
    records=st.lists(WARC_RECORDS, max_size=4),
    cut=st.integers(0, 64),
)
def test_archives_never_raise(
    tmp_path: Path, kind: str, lines: list[str], records: list[bytes], cut: int
) -> None:
    import gzip

    CASES[LOADER] += 1
    data = "\n".join(lines).encode() if kind.startswith("jsonl") else b"".join(records)
    if kind.endswith(".gz"):
        data = gzip.compress(data)
        data = data[: max(len(data) - cut, 0)] if cut % 3 == 0 else data
    path = tmp_path / f"archive.{kind}"
    path.write_bytes(data)
    try:
        for item in read_archive(path):
            assert item.ok or (item.error and "\n" not in item.error.strip())
    except BaseException:
        ERRORS[LOADER] += 1
        raise
