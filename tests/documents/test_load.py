"""Reading documents: text, HTML, datelines, and every bad input refused in one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cliffhanger.documents.hashing import canonical_url, content_hash
from cliffhanger.documents.load import dateline, iter_sources, read_document
from cliffhanger.errors import InputError, NotFoundError

HTML = """<!doctype html><html><head><title>Starz renews Outlander | Couch Report</title>
<meta property="og:site_name" content="Couch Report">
<meta property="article:published_time" content="2021-01-15T09:00:00Z">
<link rel="canonical" href="https://couch.example/outlander-renewed"></head>
<body><nav>Home | TV | Film</nav><article><h1>Starz renews Outlander</h1>
<p>Starz has renewed <i>Outlander</i> for a seventh season, the premium network said on
Friday, well before the sixth season has aired its first episode on the channel.</p>
<p>The time-travel drama, based on the novels by Diana Gabaldon, has been one of the most
watched series on the network since it began in 2014.</p></article>
<aside><h3>Related</h3><a href="/x">HBO cancels a different show after one season</a></aside>
<section class="comments"><p>Reader: I hope they cancel it soon!</p></section></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    doc = read_document(str(page))
    assert doc.published == dt.date(2021, 1, 15)
    assert doc.outlet == "Couch Report"
    assert doc.url == "https://couch.example/outlander-renewed"
    # italics become quoted titles; navigation, related rail and comments are gone
    assert "‘Outlander’" in doc.text
    assert "different show" not in doc.text and "hope they cancel" not in doc.text


def test_dateline_gives_a_text_article_its_date() -> None:
    assert dateline("Headline\n\nMay 12, 2018 — NBC has picked up the show.") == dt.date(
        2018, 5, 12
    )
    assert dateline("Headline\n\nLOS ANGELES, Jan. 5, 2023 — text") == dt.date(2023, 1, 5)
    assert dateline("No date in this article at all.") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Netflix a annulé la série Café".encode("latin-1"), "not UTF-8"),
        # a byte order mark, then bytes its encoding cannot hold: was a UnicodeDecodeError
        (b"\xfe\xff\xff\x08\xff\xff\x08", "not UTF-16 text, though it opens with"),
        (b"\xff\xfe" + "A made-up line".encode("utf-16-le")[:-1], "invalid byte at offset 28"),
        (b"\xef\xbb\xbfHBO renews it \xff", "not UTF-8 text, though it opens with"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "utf-16-be-bom", "utf-16-le-cut", "utf-8-bom"],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(str(path))


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_byte_order_mark_names_the_encoding(tmp_path: Path, codec: str) -> None:
    # UTF-32 LE opens with UTF-16 LE's mark and two zero bytes: it was read as UTF-16
    text = "Hulu renews 'Glass Harbor' for a second season."
    data = text.encode(codec)
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        data = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}[codec] + data
    path = tmp_path / "marked.txt"
    path.write_bytes(data)
    assert read_document(str(path)).text.strip() == text


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_document(str(path), limit=1024)


def test_missing_path() -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        read_document("/nonexistent/article.txt")


def test_folders_yield_articles_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "labels.jsonl").write_text("{}")
    assert [Path(p).name for p in iter_sources([str(tmp_path)])] == ["a.txt"]


def test_syndicated_copies_hash_alike() -> None:
    assert content_hash("Netflix renews ‘Wednesday’!") == content_hash("netflix renews  wednesday")


def test_canonical_url_drops_tracking_and_fragments() -> None:
    assert canonical_url("https://WWW.Example.com/a/b/?utm_source=x&id=3#top") == (
        "https://example.com/a/b?id=3"
    )


def test_a_folder_with_an_unreadable_part_gives_the_rest_then_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `ingest /` met a folder it could not read: a PermissionError traceback (found by the
    # full CLI fuzz). Root reads everything, so the walk is told of the failure instead.
    from cliffhanger.documents import load

    (tmp_path / "b.txt").write_text("HBO renews it.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>HBO renews it.</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    walk = load.os.walk

    def failing_walk(top: Path, onerror: Any = None) -> Any:
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return walk(top, onerror=onerror)

    monkeypatch.setattr(load.os, "walk", failing_walk)
    found: list[str] = []
    with pytest.raises(InputError, match="locked: cannot read: Permission denied"):
        for source in load.iter_sources([str(tmp_path)]):
            found.append(source)
    assert found == [str(tmp_path / "a.html"), str(tmp_path / "b.txt")]


def test_a_folder_of_too_many_files_is_refused_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cliffhanger.documents import load

    for n in range(5):
        (tmp_path / f"{n}.txt").write_text("HBO renews it.", encoding="utf-8")
    monkeypatch.setattr(load, "MAX_FOLDER_FILES", 3)
    with pytest.raises(InputError, match="more than 3 files"):
        list(load.iter_sources([str(tmp_path)]))
