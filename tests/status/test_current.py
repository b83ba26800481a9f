"""The one status function: which events decide, as-of date and outlet, last known."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cliffhanger.model import ShowStatus, Status, TimelineEntry
from cliffhanger.status.current import (
    STALE_AFTER,
    changes_on,
    decides,
    is_last_known,
    show_status,
)

TODAY = dt.date(2026, 11, 30)


def _entry(id_: int, status: Status, day: dt.date, **kw: object) -> TimelineEntry:
    base = TimelineEntry(
        id=id_,
        show="Some Show",
        status=status,
        network="NBC",
        season=2,
        date=day,
        speculative=False,
        confidence=0.95,
        evidence="a sentence",
        attribution=None,
        outlet="Deadline",
    )
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "counts"),
    [
        ({}, True),  # confident, linked by title, official
        ({"link": "strong"}, True),
        ({"link": "medium"}, True),
        ({"link": "low"}, False),  # a weak show link waits in review
        ({"link": "none", "link_score": 0.18}, False),  # the "Dickinson" case of issue 11
        ({"confidence": 0.65}, False),  # under the threshold
        ({"speculative": True}, False),
        ({"confidence": 0.4, "review": "accepted"}, True),  # an editor accepted it
        ({"review": "rejected"}, False),
        ({"is_correction": True, "confidence": 0.1}, True),
    ],
)
def test_which_events_decide(changes: dict[str, object], counts: bool) -> None:
    assert decides(_entry(1, Status.RENEWED, TODAY, **changes)) is counts


def test_a_weak_newer_event_waits_and_the_older_decides() -> None:
    old = _entry(1, Status.RENEWED, dt.date(2026, 5, 1))
    weak = _entry(2, Status.CANCELED, dt.date(2026, 9, 1), link="none", link_score=0.18)
    state = show_status("Some Show", [old, weak], today=TODAY)
    assert state.status is ShowStatus.RETURNING
    assert state.deciding == old and state.waiting == 1
    assert (state.as_of, state.outlet) == (dt.date(2026, 5, 1), "Deadline")
    assert state.timeline == (old, weak)  # the timeline keeps every event as stored


@pytest.mark.parametrize(
    ("age", "newer", "stale"),
    [
        (STALE_AFTER + dt.timedelta(days=1), False, True),  # over a season, nothing since
        (STALE_AFTER - dt.timedelta(days=1), False, False),
        (STALE_AFTER * 3, True, False),  # newer news (even a rumour) keeps it current
    ],
)
def test_old_returning_is_last_known(age: dt.timedelta, newer: bool, stale: bool) -> None:
    decided = _entry(1, Status.RENEWED, TODAY - age)
    entries = [decided]
    if newer:
        entries.append(_entry(2, Status.CANCELED, TODAY - dt.timedelta(days=3), speculative=True))
    state = show_status("Some Show", entries, today=TODAY)
    assert state.status is ShowStatus.RETURNING
    assert state.last_known is stale
    assert state.label == ("last known: returning" if stale else "returning")


@pytest.mark.parametrize(
    ("status", "goes_stale"),
    [
        (Status.RENEWED, True),  # returning: the day after STALE_AFTER has passed
        (Status.FINAL_SEASON, True),  # ending too
        (Status.CANCELED, False),  # a cancellation never goes stale
    ],
)
def test_stale_from_is_the_first_day_it_reads_last_known(status: Status, goes_stale: bool) -> None:
    decided = dt.date(2024, 3, 1)
    state = show_status("Some Show", [_entry(1, status, decided)], today=decided)
    if not goes_stale:
        assert state.stale_from is None
        return
    assert state.stale_from == decided + STALE_AFTER + dt.timedelta(days=1)
    for day, stale in ((state.stale_from - dt.timedelta(days=1), False), (state.stale_from, True)):
        later = show_status("Some Show", [_entry(1, status, decided)], today=day)
        assert later.last_known is is_last_known(state.stale_from, day) is stale


@pytest.mark.parametrize(
    ("ended", "changes"),
    [
        (TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=3)),  # still to air: that day
        (TODAY, None),  # aired today: the catalog rule already reads it as aired
        (None, None),  # no air date, nothing to wait for
    ],
)
def test_changes_on_is_a_last_air_date_still_to_come(
    ended: dt.date | None, changes: dt.date | None
) -> None:
    assert changes_on(ended, TODAY) == changes


def test_a_correction_is_never_stale() -> None:
    fix = _entry(1, Status.FINAL_SEASON, TODAY - 3 * STALE_AFTER, is_correction=True)
    assert not show_status("Some Show", [fix], today=TODAY).last_known


def test_a_catalog_status_is_as_of_its_last_air_date() -> None:
    state = show_status("Some Show", [], catalog_status="ended", ended=dt.date(2019, 5, 1))
    assert (state.status, state.as_of) == (ShowStatus.ENDED, dt.date(2019, 5, 1))
