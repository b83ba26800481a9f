"""Text as the extractor and the store should see it (issue 12, item 10)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cliffhanger.documents.html import markdown_to_text
from cliffhanger.documents.load import document_from_text, fold_compatibility, read_document
from cliffhanger.errors import InputError
from cliffhanger.extraction import extract
from cliffhanger.store import repository
from cliffhanger.store.keys import name_key

FULL_WIDTH = "Ｐａｒｔｎｅｒ Ｔｒａｃｋ"


@pytest.mark.parametrize(
    ("given", "folded"),
    [
        (FULL_WIDTH, "Partner Track"),  # full-width letters
        ("Season\u00a02", "Season 2"),  # a no-break space
        ("the ﬁnale", "the finale"),  # a ligature
        ("Wait… what", "Wait… what"),  # kept: NFKC would write three full stops
        ("Show™ returns", "Show™ returns"),  # kept: NFKC would glue "TM" to the title
        ("plain ASCII", "plain ASCII"),
    ],
)
def test_fold_compatibility(given: str, folded: str) -> None:
    assert fold_compatibility(given) == folded


def test_a_full_width_title_is_the_same_show(engine: Engine) -> None:
    half = document_from_text("a", "Partner Track has been canceled by Netflix after one season.")
    full = document_from_text("b", f"Netflix has renewed {FULL_WIDTH} for a second season.")
    assert name_key(FULL_WIDTH) == name_key("Partner Track")
    for doc in (half, full):
        repository.ingest(engine, extract(doc))
    timeline = repository.timeline(engine, "Partner Track")
    assert len(timeline) == 2
    assert {e.show for e in timeline} == {"Partner Track"}


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("*Evil \\<i> Title*", "‘Evil <i> Title’"),  # an escaped tag inside an italic title
        ("a \\* b \\_c\\_ \\[d\\]", "a * b _c_ [d]"),  # escapes are the page's characters
        ("*Shown \\*Here\\**", "‘Shown *Here*’"),  # an escaped star is not italics
        ("back\\\\slash", "back\\slash"),
        ("**Bold** and *Italic*", "Bold and ‘Italic’"),
    ],
)
def test_markdown_escapes_are_undone(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text


def test_an_italic_title_with_an_escaped_tag(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>CBS has renewed <i>Evil &lt;i&gt; Title</i> for a fifth "
        "season, the network said in a statement on a made-up day.</p></article></body></html>",
        encoding="utf-8",
    )
    shows = {e.show for e in extract(read_document(str(page))).events}
    assert shows == {"Evil <i> Title"}


@pytest.mark.parametrize("markup", ["<p>", "<body>", "<div>hi", "<!doctype html>"])
def test_trafilatura_logs_nothing_on_a_broken_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, markup: str
) -> None:
    page = tmp_path / "broken.html"
    page.write_text(markup, encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(InputError):
        read_document(str(page))
    assert [r for r in caplog.records if r.name.startswith(("trafilatura", "htmldate"))] == []
