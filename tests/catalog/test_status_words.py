"""Ended vs canceled vs ending: the timeline weighed with the catalog; editors still win."""

from __future__ import annotations

import datetime as dt

import pytest

from cliffhanger.model import ShowStatus, Status, TimelineEntry
from cliffhanger.status.rules import current_status, with_catalog

TODAY = dt.date(2024, 6, 1)
RECORDED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def entry(
    status: Status, day: dt.date, season: int | None = None, *, correction: bool = False, n: int = 1
) -> TimelineEntry:
    return TimelineEntry(
        id=n,
        show="Show",
        status=status,
        network="Net",
        season=season,
        date=day,
        speculative=False,
        confidence=1.0,
        evidence="",
        attribution=None,
        is_correction=correction,
        recorded_at=RECORDED + dt.timedelta(minutes=n),
    )


@pytest.mark.parametrize(
    ("entries", "catalog", "ended", "status", "reason_has"),
    [
        # final season announced, then the catalog says the last episode aired: ended by plan
        ([entry(Status.FINAL_SEASON, dt.date(2020, 1, 1), 5)], "ended", dt.date(2021, 5, 1),
         ShowStatus.ENDED, "ended as planned"),
        # final season announced, still to air: ending
        ([entry(Status.FINAL_SEASON, dt.date(2024, 1, 1), 5)], "pending", None,
         ShowStatus.ENDING, "final season"),
        # canceled, catalog says ended: canceled stays canceled (not "ended")
        ([entry(Status.CANCELED, dt.date(2020, 1, 1), 2)], "ended", dt.date(2019, 12, 1),
         ShowStatus.CANCELED, "canceled"),
        # canceled but its last episodes still to air: ending
        ([entry(Status.CANCELED, dt.date(2024, 5, 1), 2)], "ended", dt.date(2024, 8, 1),
         ShowStatus.ENDING, "still airing until 2024-08-01"),
        # renewed, then the catalog says it ended later: ended
        ([entry(Status.RENEWED, dt.date(2019, 1, 1), 3)], "ended", dt.date(2020, 3, 1),
         ShowStatus.ENDED, "last aired 2020-03-01"),
        # no event at all: the catalog's word, with the reason
        ([], "ended", dt.date(2013, 9, 29), ShowStatus.ENDED, "ended per the catalog"),
        ([], "ordered", None, ShowStatus.ORDERED, "in development per the catalog"),
        ([], "pending", None, ShowStatus.PENDING, "no decision yet"),
        # an editor's correction is never overridden by the catalog
        ([entry(Status.RENEWED, dt.date(2019, 1, 1), 3, correction=True)], "ended",
         dt.date(2020, 3, 1), ShowStatus.RETURNING, "editor's correction"),
    ],
)  # fmt: skip
def test_with_catalog(
    entries: list[TimelineEntry],
    catalog: str,
    ended: dt.date | None,
    status: ShowStatus,
    reason_has: str,
) -> None:
    state = with_catalog(current_status("Show", entries), catalog, ended, TODAY)
    assert state.status is status
    assert reason_has in state.reason


def test_latest_correction_wins_over_later_machine_events() -> None:
    machine = entry(Status.CANCELED, dt.date(2023, 5, 1), 2, n=1)
    fix = entry(Status.RENEWED, dt.date(2023, 4, 1), 3, correction=True, n=2)
    later_machine = entry(Status.CANCELED, dt.date(2023, 9, 1), 3, n=3)
    state = current_status("Show", [machine, fix, later_machine])
    assert state.status is ShowStatus.RETURNING and state.deciding == fix
    newer_fix = entry(Status.FINAL_SEASON, dt.date(2023, 1, 1), 3, correction=True, n=4)
    assert current_status("Show", [machine, fix, newer_fix]).deciding == newer_fix
