"""Season phrases and what their numbers mean."""

from __future__ import annotations

import pytest

from cliffhanger.extraction.seasons import season_mentions

CASES = [
    # a season ordered, in words
    ("renewed for a third season", ("target", 3)),
    # digits
    ("renewed for Season 2", ("target", 2)),
    # short form
    ("S2 confirmed", ("target", 2)),
    # ordinal with a suffix
    ("gets 2nd season", ("target", 2)),
    # seasons it had
    ("canceled after four seasons", ("count", 4)),
    # "one go" is one season
    ("dropped after only one go", ("count", 1)),
    # a freshman series had one season
    ("the freshman series", ("count", 1)),
    # the season that will not happen
    ("won't get a third season", ("next", 3)),
    ("No Fifth Season for Starz", ("next", 5)),
    # a renewal that was reversed
    ("despite a season 3 renewal", ("next", 3)),
    # the last season
    ("a fifth and final season", ("final", 5)),
    ("will end with its fourth season", ("final", 4)),
    ("Set to End With Season 6", ("final", 6)),
    # two seasons at once
    ("renewed for seasons 21 and 22", ("multi", 21)),
    # each of several shows gets its second season
    ("both dramas were renewed for second seasons", ("target", 2)),
    ("the comedy got a second-season renewal", ("target", 2)),
    # a bare count of seasons a show had, read last
    ("nine years, 12 seasons and many fans later", ("count", 12)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_first_mention(text: str, expected: tuple[str, int]) -> None:
    first = season_mentions(text)[0]
    assert (first.kind, first.value) == expected


NONE = [
    # an episode count is not a season
    "a ten-episode order",
    # a comparison is not a season decided
    "shorter than Season 4",
    # a time, not a season
    "for a second time",
    # seasons still to come are not seasons had
    "renewed for two more seasons",
    "a deal for three additional seasons",
]


@pytest.mark.parametrize("text", NONE)
def test_not_a_season(text: str) -> None:
    assert season_mentions(text) == []


def test_years_are_not_seasons() -> None:
    """ "after 14 years and 20 seasons": a run in years says nothing of its seasons."""
    found = season_mentions("The show will end after 14 years and 20 seasons on the network.")
    assert [(m.kind, m.value) for m in found if m.kind == "count"] == [("count", 20)]
