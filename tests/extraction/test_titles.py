"""Finding titles: quoted, italic (quoted by the HTML stage) and bare."""

from __future__ import annotations

import pytest

from cliffhanger.extraction.titles import bare_title_after, bare_title_before, quoted_spans

QUOTED = [
    # curly quotes with an apostrophe inside
    ("‘Grey’s Anatomy’ Renewed", ["Grey’s Anatomy"]),
    # a possessive after the closing quote
    ("‘Ted Lasso’s’ Third Season Ends", ["Ted Lasso"]),
    # straight quotes with a possessive
    ("'Evil''s fourth season", ["Evil"]),
    # two titles
    ("‘Tin Crown’ & ‘Glass Harbor’ Return", ["Tin Crown", "Glass Harbor"]),
    # apostrophes inside straight quotes
    (
        "the cult web series 'Don't Wake Me I'm Dreaming' becomes a TV show",
        ["Don't Wake Me I'm Dreaming"],
    ),
    # a g-dropped word inside curly quotes
    ("‘Livin’ Large’ Ends", ["Livin’ Large"]),
    # initials keep their final stop
    ("NBC Saves ‘Magnum P.I.’", ["Magnum P.I."]),
    # a title named with its season loses the season
    ("‘Steel Garden The Final Season - Part 2’ Arrives", ["Steel Garden"]),
    # a quotation is not a title
    ("“We have become a real family on set,” she said", []),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED, ids=[q[0] for q in QUOTED])
def test_quoted(text: str, expected: list[str]) -> None:
    assert [s.text for s in quoted_spans(text)] == expected


def test_bare_title_after_verb_stops_at_preposition() -> None:
    text = "Netflix has canceled Dead Boy Detectives after one season"
    span = bare_title_after(text, text.index("canceled") + len("canceled"))
    assert span is not None and span.text == "Dead Boy Detectives"


def test_bare_title_after_skips_descriptors() -> None:
    text = "Fox renewed the medical drama The Resident for a sixth season"
    span = bare_title_after(text, text.index("renewed") + len("renewed"))
    assert span is not None and span.text == "The Resident"


def test_bare_title_keeps_small_words_inside() -> None:
    text = "HBO has ordered The Last of Us to series"
    span = bare_title_after(text, text.index("ordered") + len("ordered"))
    assert span is not None and span.text == "The Last of Us"


def test_bare_title_before_must_start_a_clause() -> None:
    # In title case a run cut off by a network or a quote is not trusted.
    text = "Jane Doe Joins Hulu Drama Renewed"
    assert bare_title_before(text, text.index("Renewed") - 1) is None
    text = "‘Tin Crown’ Star Jane Doe Renewed"
    assert bare_title_before(text, text.index("Renewed") - 1) is None
    text = "In another blow, The Imperfects has also been axed"
    span = bare_title_before(text, text.index("has") - 1)
    assert span is not None and span.text == "The Imperfects"
