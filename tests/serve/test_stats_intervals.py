"""Wilson intervals and the minimum group size of the stats."""

from __future__ import annotations

import pytest

from cliffhanger.serve.stats import MIN_GROUP, Rate, wilson


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (2, 2, 0.342, 1.0),  # E!'s 2 of 2: the interval says how little that shows
        (0, 10, 0.0, 0.278),
        (50, 111, 0.361, 0.543),
        (5, 10, 0.237, 0.763),
    ],
)
def test_wilson_interval(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=0.001)


def test_nothing_decided_is_the_whole_range() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def test_small_groups_are_flagged() -> None:
    assert Rate("E!", 2, 2).small
    assert not Rate("ABC", MIN_GROUP, 3).small
