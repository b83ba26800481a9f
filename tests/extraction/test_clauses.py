"""Stage 3 alone: the slot each title fills relative to a decision cue (`clauses.roles`).

Every sentence here is written for this project. Titles are located by their text,
the cue by the first match of its rule, so each row reads as the sentence it tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cliffhanger.extraction.clauses import roles
from cliffhanger.extraction.cues import find_cues


@dataclass(frozen=True)
class _At:
    start: int
    end: int


def _roles(sentence: str, titles: list[str]) -> list[str]:
    cue = find_cues(sentence)[0]
    spans = sorted((_At(sentence.index(t), sentence.index(t) + len(t)) for t in titles),
                   key=lambda s: s.start)  # fmt: skip
    return roles(sentence, _At(cue.start, cue.end), spans)


@pytest.mark.parametrize(
    ("sentence", "titles", "expected"),
    [
        # direct object, then coordinated members
        (
            "Hulu renewed Glass Harbor and Tin Crown.",
            ["Glass Harbor", "Tin Crown"],
            ["object", "list"],
        ),
        # a plural head and "including" before the list
        (
            "The network renewed series including Glass Harbor, Tin Crown and Copper Sky.",
            ["Glass Harbor", "Tin Crown", "Copper Sky"],
            ["object", "list", "list"],
        ),
        (
            "Peacock canceled several shows, such as Glass Harbor and Tin Crown.",
            ["Glass Harbor", "Tin Crown"],
            ["object", "list"],
        ),
        # a title's own exclamation mark does not end the list
        (
            "ABC renewed Quiz Time!, Tin Crown and Copper Sky.",
            ["Quiz Time", "Tin Crown", "Copper Sky"],
            ["object", "list", "list"],
        ),
        # indirect object of a verb of giving, the cue its direct object
        ("It also gave Glass Harbor a series order.", ["Glass Harbor"], ["object"]),
        (
            "The streamer handed Glass Harbor and Tin Crown second-season renewals.",
            ["Glass Harbor", "Tin Crown"],
            ["object", "list"],
        ),
        # a nominal cue's recipient after "to" or "for"
        ("The streamer has given the green light to Glass Harbor.", ["Glass Harbor"], ["object"]),
        ("Starz placed a straight-to-series order for Tin Crown.", ["Tin Crown"], ["object"]),
        # a verb's "to" is no recipient: the title after it is a bystander
        (
            "Glass Harbor was renewed to the delight of fans of Tin Crown.",
            ["Glass Harbor", "Tin Crown"],
            ["subject", "other"],
        ),
        # a title before the cue with nothing to give it is no object
        (
            "Fans of Glass Harbor got a series order they never expected.",
            ["Glass Harbor"],
            ["other"],
        ),
    ],
)
def test_roles(sentence: str, titles: list[str], expected: list[str]) -> None:
    assert _roles(sentence, titles) == expected


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "The studio also makes Glass Harbor, headed into its sixth and final season, for Hulu.",
            "Glass Harbor",
        ),
        ("Tin Crown, now in its last season, airs on Fridays.", "Tin Crown"),
        ("Glass Harbor, which the streamer renewed in March, returns tonight.", "Glass Harbor"),
    ],
)
def test_relative_clauses_and_participles_about_a_title(sentence: str, title: str) -> None:
    assert _roles(sentence, [title]) == ["relative"]
