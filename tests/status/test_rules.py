"""The status rules, case by case: which event decides, and what it says."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cliffhanger.model import ShowStatus, Status, TimelineEntry
from cliffhanger.status.rules import chronological, current_status, describe

_ids = itertools.count(1)
ORD, REN, FIN, CAN, REV = (
    Status.ORDERED,
    Status.RENEWED,
    Status.FINAL_SEASON,
    Status.CANCELED,
    Status.REVIVED,
)


def entry(
    status: Status,
    date: str | None = None,
    *,
    season: int | None = None,
    network: str | None = "Netflix",
    speculative: bool = False,
    correction: bool = False,
    recorded: str | None = None,
    source: str | None = None,
) -> TimelineEntry:
    """Return an event; ids grow in the order entries are built (the recorded order)."""
    return TimelineEntry(
        id=next(_ids),
        show="Partner Track",
        status=status,
        network=network,
        season=season,
        date=dt.date.fromisoformat(date) if date else None,
        speculative=speculative,
        confidence=0.9,
        evidence=f"{status} evidence",
        attribution=None,
        is_correction=correction,
        recorded_at=dt.datetime.fromisoformat(recorded) if recorded else None,
        source=source,
    )


CASES = [
    # No events at all: nothing decided yet.
    ([], ShowStatus.PENDING),
    # Only a rumour: speculation never changes a status.
    ([entry(CAN, "2024-01-01", speculative=True)], ShowStatus.PENDING),
    # A series order makes the show ordered.
    ([entry(ORD, "2021-05-01")], ShowStatus.ORDERED),
    # A renewal means it is returning.
    ([entry(REN, "2023-01-01", season=2)], ShowStatus.RETURNING),
    # A final-season announcement means it is ending.
    ([entry(FIN, "2023-01-01", season=4)], ShowStatus.ENDING),
    # A cancellation cancels.
    ([entry(CAN, "2022-10-14", season=1)], ShowStatus.CANCELED),
    # The later official event wins: renewed, then canceled.
    ([entry(REN, "2022-01-01"), entry(CAN, "2023-01-01")], ShowStatus.CANCELED),
    # Order is by event date, not by the order the events were recorded.
    ([entry(CAN, "2023-01-01"), entry(REN, "2022-01-01")], ShowStatus.CANCELED),
    # Same date: the one recorded later wins.
    ([entry(CAN, "2023-01-01"), entry(REN, "2023-01-01")], ShowStatus.RETURNING),
    # A revival reopens a canceled show.
    ([entry(CAN, "2020-01-01"), entry(REV, "2022-01-01")], ShowStatus.RETURNING),
    # A later rumour of cancellation does not undo a renewal.
    ([entry(REN, "2023-01-01"), entry(CAN, "2023-06-01", speculative=True)], ShowStatus.RETURNING),
    # A correction wins over a later machine event.
    ([entry(REN, "2022-01-01", correction=True), entry(CAN, "2024-01-01")], ShowStatus.RETURNING),
    # Of two corrections, the one recorded later wins, whatever their event dates.
    (
        [
            entry(CAN, "2023-06-01", correction=True, recorded="2024-01-01T00:00:00+00:00"),
            entry(REN, "2023-05-01", correction=True, recorded="2024-02-01T00:00:00+00:00"),
        ],
        ShowStatus.RETURNING,
    ),
    # A speculative correction is still speculation.
    (
        [entry(REN, "2022-01-01"), entry(CAN, "2023-01-01", correction=True, speculative=True)],
        ShowStatus.RETURNING,
    ),
    # One article: a rescue for season 6 comes after the cancellation after 5, whatever the
    # order the sentence names them in.
    (
        [
            entry(REN, "2018-05-12", season=6, network="NBC", source="a"),
            entry(CAN, "2018-05-12", season=5, network="Fox", source="a"),
        ],
        ShowStatus.RETURNING,
    ),
    # One article: a cancellation after two seasons comes after the renewal for season 2
    # that the article recalls.
    (
        [
            entry(CAN, "2023-08-18", season=2, source="a"),
            entry(REN, "2023-08-18", season=2, source="a"),
        ],
        ShowStatus.CANCELED,
    ),
    # One article, no seasons: a pick-up elsewhere follows the cancellation.
    (
        [
            entry(REV, "2021-08-28", network="Netflix", source="a"),
            entry(CAN, "2021-08-28", network="NBC", source="a"),
        ],
        ShowStatus.RETURNING,
    ),
    # One article: a series order comes before its cancellation.
    (
        [entry(CAN, "2022-08-03", source="a"), entry(ORD, "2022-08-03", source="a")],
        ShowStatus.CANCELED,
    ),
    # Two articles on one date: recorded order, as for any tie.
    (
        [
            entry(REN, "2023-01-01", season=6, source="a"),
            entry(CAN, "2023-01-01", season=5, source="b"),
        ],
        ShowStatus.CANCELED,
    ),
    # An undated event counts from when it was recorded.
    (
        [entry(CAN, None, recorded="2024-03-01T00:00:00+00:00"), entry(REN, "2024-01-01")],
        ShowStatus.CANCELED,
    ),
]


@pytest.mark.parametrize(("entries", "expected"), CASES)
def test_current_status(entries: list[TimelineEntry], expected: ShowStatus) -> None:
    assert current_status("Partner Track", entries).status is expected


REASONS = [
    # The example the design asks for.
    (entry(CAN, season=1), "canceled by Netflix after 1 season"),
    # Plural seasons.
    (entry(CAN, season=3), "canceled by Netflix after 3 seasons"),
    # No season stated: no count.
    (entry(CAN), "canceled by Netflix"),
    # No network known: no "by".
    (entry(CAN, network=None, season=2), "canceled after 2 seasons"),
    # A renewal names the season to come.
    (entry(REN, season=3, network="ABC"), "renewed by ABC for season 3"),
    # A final season names its number.
    (entry(FIN, season=5), "final season (season 5) announced by Netflix"),
    # A revival, possibly by another network.
    (entry(REV, season=4, network="Peacock"), "revived by Peacock for season 4"),
    # A series order.
    (entry(ORD), "ordered to series by Netflix"),
    # A correction says so.
    (
        entry(CAN, season=1, correction=True),
        "canceled by Netflix after 1 season (editor's correction)",
    ),
]


@pytest.mark.parametrize(("event", "expected"), REASONS)
def test_describe(event: TimelineEntry, expected: str) -> None:
    assert describe(event) == expected


def test_state_carries_network_seasons_deciding_and_timeline() -> None:
    order = entry(ORD, "2021-01-01", season=1)
    renewal = entry(REN, "2022-01-01", season=2)
    rumour = entry(CAN, "2023-01-01", speculative=True, network="Rumour Mill")
    state = current_status("Partner Track", [rumour, renewal, order])
    assert state.deciding == renewal
    assert (state.network, state.seasons) == ("Netflix", 2)
    assert state.timeline == (order, renewal, rumour)
    assert state.reason == "renewed by Netflix for season 2"


def test_pending_counts_rumours_and_keeps_a_network() -> None:
    state = current_status("Partner Track", [entry(CAN, "2024-01-01", speculative=True)])
    assert state.reason == "no decision yet (1 unconfirmed report)"
    assert state.network == "Netflix" and state.deciding is None


def test_cancellation_without_season_counts_earlier_seasons() -> None:
    entries = [entry(REN, "2022-01-01", season=2), entry(CAN, "2023-01-01", network=None)]
    state = current_status("Partner Track", entries)
    # The network of the latest official event that names one, and the seasons known so far.
    assert (state.network, state.seasons) == ("Netflix", 2)
    assert state.reason == "canceled by Netflix"


def test_chronological_does_not_mutate_input() -> None:
    later, earlier = entry(CAN, "2023-01-01"), entry(REN, "2022-01-01")
    given = [later, earlier]
    assert chronological(given) == [earlier, later]
    assert given == [later, earlier]
