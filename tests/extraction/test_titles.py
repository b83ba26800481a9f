"""Finding titles: quoted, italic (quoted by the HTML stage) and bare."""

from __future__ import annotations

import pytest

from cliffhanger.extraction.titles import bare_title_after, bare_title_before, quoted_spans

QUOTED = [
    # curly quotes with an apostrophe inside
    ("‘Grey’s Anatomy’ Renewed", ["Grey’s Anatomy"]),
    # a possessive after the closing quote
    ("‘Better Call Saul’s’ Final Season", ["Better Call Saul"]),
    # straight quotes with a possessive
    ("'Evil''s fourth season", ["Evil"]),
    # two titles
    ("‘Birdgirl’ & ‘Smiling Friends’ Renewed", ["Birdgirl", "Smiling Friends"]),
    # apostrophes inside straight quotes
    ("webseries 'Don't Hug Me I'm Scared' is getting a TV show", ["Don't Hug Me I'm Scared"]),
    # a g-dropped word inside curly quotes
    ("‘Workin’ Moms’ to End", ["Workin’ Moms"]),
    # initials keep their final stop
    ("‘Magnum P.I.’ Rescued", ["Magnum P.I."]),
    # a title named with its season loses the season
    ("‘Attack on Titan The Final Season - Part 2’ Premieres", ["Attack on Titan"]),
    # a quotation is not a title
    ("“I feel like we’re forming one of those iconic friendships,” she said", []),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED, ids=[q[0] for q in QUOTED])
def test_quoted(text: str, expected: list[str]) -> None:
    assert [s.text for s in quoted_spans(text)] == expected


def test_bare_title_after_verb_stops_at_preposition() -> None:
    text = "Netflix has canceled Partner Track after one season"
    span = bare_title_after(text, text.index("canceled") + len("canceled"))
    assert span is not None and span.text == "Partner Track"


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
    text = "Randall Park Joins Netflix Comedy Renewed"
    assert bare_title_before(text, text.index("Renewed") - 1) is None
    text = "‘Westworld’ Star James Marsden Renewed"
    assert bare_title_before(text, text.index("Renewed") - 1) is None
    text = "In a double elimination, The Imperfects has also gotten the chop"
    span = bare_title_before(text, text.index("has") - 1)
    assert span is not None and span.text == "The Imperfects"
