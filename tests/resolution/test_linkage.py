"""Entity resolution's verdicts: one series or two, for a record and a stored show of one title.

Facts are written from the shows as TMDB and TVmaze describe them (dates,
networks), in our own words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cliffhanger.resolution.linkage import Facts, decide, twin_listing


def facts(
    tmdb: str,
    first: dt.date,
    last: dt.date | None = None,
    *networks: str,
    title: str = "them",
) -> Facts:
    """Return the facts of one TMDB listing (`last` only when it has ended)."""
    return Facts(
        start=first.year,
        end=last.year if last else None,
        networks=networks,
        ids=frozenset({("tmdb", tmdb)}),
        premieres=frozenset({first}),
        titles=frozenset({title}),
    )


D = dt.date


@pytest.mark.parametrize(
    ("record", "show", "same"),
    [
        # a second listing a day off, naming no network: one series (Them, Prime Video)
        (facts("2", D(2021, 4, 8)), facts("1", D(2021, 4, 9), None, "Prime Video"), True),
        # the same day, sharing a network among several: one series
        (
            facts("2", D(2025, 3, 1), None, "MBC Drama", "Shahid"),
            facts("1", D(2025, 3, 1), None, "Shahid"),
            True,
        ),
        # 13 days apart on unrelated networks: two national versions (Big Brother)
        (
            facts("2", D(2000, 7, 18), None, "Channel 5"),
            facts("1", D(2000, 7, 5), None, "CBS"),
            False,
        ),
        # six months apart, one naming no network: two series (Beyond the Veil)
        (facts("2", D(2022, 9, 12)), facts("1", D(2022, 3, 7), None, "TVNZ 2"), False),
        # one network, one year, a run inside the other's: a part listed besides the whole
        (
            facts("2", D(1980, 9, 8), D(1980, 9, 10), "Central Television USSR"),
            facts("1", D(1980, 3, 22), D(1988, 3, 13), "Central Television USSR"),
            True,
        ),
        # the same, the other way round: the whole listed after its part
        (
            facts("1", D(1980, 3, 22), D(1988, 3, 13), "Central Television USSR"),
            facts("2", D(1980, 9, 8), D(1980, 9, 10), "Central Television USSR"),
            True,
        ),
        # one network, one year, but the show still running: no run to be inside of
        (
            facts("2", D(2019, 9, 1), D(2019, 12, 1), "NBC"),
            facts("1", D(2019, 3, 1), None, "NBC"),
            False,
        ),
        # a day apart but under another title (only an alias in common): two series
        (facts("2", D(2021, 4, 8), title="aliased"), facts("1", D(2021, 4, 9)), False),
    ],
)
def test_a_catalogs_second_listing_is_told_from_another_series(
    record: Facts, show: Facts, same: bool
) -> None:
    assert twin_listing(record, show) is same
    verdict = decide(record, show)
    assert verdict.same is same, verdict.reason
    assert ("lists twice" in verdict.reason) is same


def test_the_same_id_needs_no_twin_rule() -> None:
    show = facts("1", D(2021, 4, 9), None, "Prime Video")
    assert decide(facts("1", D(1990, 1, 1)), show).reason == "same external id"
