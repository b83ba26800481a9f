"""The status rules: a show's current status derived from its timeline of events.

- speculative events (rumours, hopes, predictions) never change a status;
- of the official events, the latest wins: ordered by event date, then by the
  order they were recorded (undated events are dated by when they were recorded);
- events of one article on one date are ordered by the season they concern, then
  by the life cycle (ordered, canceled, renewed or final season, revived): an
  article says "NBC picked it up for a sixth season a day after Fox canceled it
  after five", in that order, and means the rescue came last;
- an editor's correction wins over every machine event; the latest correction wins;
- no official event at all leaves the show `pending`.

`with_catalog` then weighs what a catalog says of the show's run (see there):
`ended` (finished, by plan or of unknown cause) is told from `canceled`, and
`ending` (final season announced, or canceled with episodes still to air).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from functools import cmp_to_key

from cliffhanger.model import ShowState, ShowStatus, Status, TimelineEntry

OUTCOME: dict[Status, ShowStatus] = {
    Status.ORDERED: ShowStatus.ORDERED,
    Status.RENEWED: ShowStatus.RETURNING,
    Status.FINAL_SEASON: ShowStatus.ENDING,
    Status.CANCELED: ShowStatus.CANCELED,
    Status.REVIVED: ShowStatus.RETURNING,
}
FINALE_GRACE = dt.timedelta(days=400)  # one broadcast year and a month, as `status.current`
# Life-cycle order of decisions taken at the same point of a show's run.
PHASE: dict[Status, int] = {
    Status.ORDERED: 0,
    Status.CANCELED: 1,
    Status.RENEWED: 2,
    Status.FINAL_SEASON: 2,
    Status.REVIVED: 3,
}


def chronological(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Return `entries` oldest first: by event date, then in the order they were recorded.

    Events of one article on one date are ordered by `_within_article` instead.
    """
    articles: dict[tuple[dt.date, str], list[TimelineEntry]] = {}
    for entry in entries:
        day = _sort_key(entry)[0]
        articles.setdefault((day, entry.source or f"#{entry.id}"), []).append(entry)
    ordered = sorted(articles.values(), key=lambda group: min(map(_sort_key, group)))
    return [e for group in ordered for e in sorted(group, key=cmp_to_key(_within_article))]


def current_status(
    show: str,
    entries: Sequence[TimelineEntry],
    official: Callable[[TimelineEntry], bool] | None = None,
) -> ShowState:
    """Return the current state of `show` decided by its timeline `entries` (any order).

    `official` says which entries may decide (default: those not speculative);
    the others are read as rumours.
    """
    timeline = tuple(chronological(entries))
    counts = official or _not_speculative
    official_ = [e for e in timeline if counts(e)]
    return _decided(show, timeline, official_)


def _decided(
    show: str, timeline: tuple[TimelineEntry, ...], official: list[TimelineEntry]
) -> ShowState:
    corrections = [e for e in official if e.is_correction]
    # Corrections are compared by when the editor recorded them: a newer fix replaces an older one.
    deciding = (
        max(corrections, key=lambda e: (_recorded(e), e.id))
        if corrections
        else (official[-1] if official else None)
    )
    if deciding is None:
        return ShowState(
            show=show,
            status=ShowStatus.PENDING,
            network=_latest_network(timeline),
            seasons=_max_season(timeline),
            reason=_pending_reason(len(timeline) - len(official)),
            timeline=timeline,
        )
    # `deciding` is one of `official` (by identity: comparing 20-field entries is slow).
    before = official[: next(i for i, e in enumerate(official) if e is deciding) + 1]
    seasons = deciding.season if deciding.season is not None else _max_season(before)
    network = deciding.network or _latest_network(official) or _latest_network(timeline)
    return ShowState(
        show=show,
        status=OUTCOME[deciding.status],
        network=network,
        seasons=seasons,
        deciding=deciding,
        reason=describe(deciding, network),
        timeline=timeline,
    )


def with_catalog(
    state: ShowState,
    catalog_status: str | None,
    ended: dt.date | None,
    today: dt.date | None = None,
) -> ShowState:
    """Return `state` refined by a catalog's status word and last air date, with the reason.

    - an editor's correction is never overridden;
    - no official event: the catalog's own status (Ended -> ended, In Development -> ordered);
    - final season announced and its last episode has aired: ended, as planned;
    - canceled with the last episode still to air: ending;
    - renewed, ordered or revived, then the catalog says it ended later: ended.
    """
    today = today or dt.date.today()
    deciding = state.deciding
    if deciding is not None and deciding.is_correction:
        return state
    aired = f"last aired {ended.isoformat()}" if ended else ""
    if deciding is None:
        status = ShowStatus(catalog_status) if catalog_status in set(ShowStatus) else None
        if status is None or status is ShowStatus.PENDING:
            return state
        word = "in development" if status is ShowStatus.ORDERED else status.value
        reason = f"{word} per the catalog" + (
            f", {aired}" if aired and status is ShowStatus.ENDED else ""
        )
        return dataclasses.replace(state, status=status, reason=reason)
    if ended is None:
        return state
    done = ended <= today
    # A final season announced at most a season after the last air date the catalog gives is
    # that season (the scorecard dates its notes at the end of its year, after the finale).
    after = deciding.date is None or ended >= deciding.date - FINALE_GRACE
    if state.status is ShowStatus.ENDING and done and after:
        reason = f"ended as planned, {aired} ({state.reason})"
        return dataclasses.replace(state, status=ShowStatus.ENDED, reason=reason)
    if state.status is ShowStatus.CANCELED and not done:
        reason = f"{state.reason}; still airing until {ended.isoformat()}"
        return dataclasses.replace(state, status=ShowStatus.ENDING, reason=reason)
    late = deciding.date is not None and ended > deciding.date
    if state.status in (ShowStatus.RETURNING, ShowStatus.ORDERED) and done and late:
        reason = f"ended, {aired} per the catalog (last decision: {state.reason})"
        return dataclasses.replace(state, status=ShowStatus.ENDED, reason=reason)
    return state


def describe(entry: TimelineEntry, network: str | None = None) -> str:
    """Return a short phrase for what `entry` decided: "canceled by Netflix after 1 season"."""
    by = f" by {network}" if (network := entry.network or network) else ""
    season = entry.season
    if entry.status is Status.CANCELED:
        text = f"canceled{by}" + (f" after {_seasons(season)}" if season else "")
    elif entry.status is Status.RENEWED:
        text = f"renewed{by}" + (f" for season {season}" if season else "")
    elif entry.status is Status.FINAL_SEASON:
        text = f"final season{' (season ' + str(season) + ')' if season else ''} announced{by}"
    elif entry.status is Status.REVIVED:
        text = f"revived{by}" + (f" for season {season}" if season else "")
    else:
        text = f"ordered to series{by}"
    if entry.is_correction:
        text += " (editor's correction)"
    return text


def _not_speculative(entry: TimelineEntry) -> bool:
    return not entry.speculative


def _pending_reason(rumours: int) -> str:
    if rumours:
        return f"no decision yet ({rumours} unconfirmed report{'s' if rumours != 1 else ''})"
    return "no decision yet"


def _seasons(n: int) -> str:
    return f"{n} season{'s' if n != 1 else ''}"


def _max_season(entries: Sequence[TimelineEntry]) -> int | None:
    seasons = [e.season for e in entries if e.season is not None]
    return max(seasons) if seasons else None


def _latest_network(entries: Sequence[TimelineEntry]) -> str | None:
    for entry in reversed(entries):
        if entry.network:
            return entry.network
    return None


def _recorded(entry: TimelineEntry) -> dt.datetime:
    recorded = entry.recorded_at
    if recorded is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.UTC)


def _position(entry: TimelineEntry) -> int | None:
    # How many seasons had been made when the decision was taken.
    if entry.status is Status.ORDERED:
        return 0
    if entry.season is None:
        return None
    return entry.season if entry.status is Status.CANCELED else entry.season - 1


def _within_article(a: TimelineEntry, b: TimelineEntry) -> int:
    pa, pb = _position(a), _position(b)
    if pa is not None and pb is not None and pa != pb:
        return -1 if pa < pb else 1
    if PHASE[a.status] != PHASE[b.status]:
        return -1 if PHASE[a.status] < PHASE[b.status] else 1
    return -1 if _sort_key(a) < _sort_key(b) else 1


def _sort_key(entry: TimelineEntry) -> tuple[dt.date, dt.datetime, int]:
    recorded = _recorded(entry)
    day = entry.date if entry.date is not None else recorded.date()
    return (day, recorded, entry.id)
