"""The one status function: `show_status` turns a show's timeline and catalog facts into its state.

Every surface (CLI `status`, `search`, `board`, `export`; the API; the web
pages; feeds) reads a show's status through `store.show_status.show_statuses`,
which calls this function once per show. Rules, in order:

1. **Which events may decide** (`decides`): an editor's correction, or an
   event an editor accepted in review, always; any other event only if all
   of these hold (issue 11, item 3):
   - its show link is confident: `strong` or `medium`, or made by exact
     title with no catalog to weigh (no link recorded);
   - its extraction confidence is at least `CONFIDENT` (0.7, the review
     queue's threshold: `store.linking.REVIEW_BELOW` is this number);
   - it is not speculative;
   - it is not a catalog note (the scorecard reader gives notes such as
     "fka Last Summer" no event at all, see `resolution.scorecard`).
   The others wait in review; `ShowState.waiting` counts those newer than
   the deciding event, so a page can say "1 newer report waits for review".
2. The timeline rules of `status.rules.current_status` over the deciding
   events; then `status.rules.with_catalog` with the catalog's word.
3. **As of**: the deciding event's date and outlet (or attribution) go on
   the state; a status from a catalog alone is as of its last air date.
4. **Last known**: a `returning` or `ending` status decided more than
   `STALE_AFTER` (400 days) before `today`, with no event of the show dated
   after it, is flagged `last_known`. 400 days is one broadcast year (a
   renewal in May is followed by a season that airs from September to May)
   plus a month's grace; after that, silence means the news was missed, not
   that the show is still coming back. The state carries the day that
   happens (`stale_from`), so a status stored today can be read tomorrow:
   `is_last_known(stale_from, day)`.

Only rule 4 and the catalog rule (a last air date still to come) read
`today`; `changes_on` says when the second may change a stored state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from cliffhanger.model import ShowState, ShowStatus, TimelineEntry
from cliffhanger.status.rules import current_status, with_catalog

CONFIDENT = 0.7
STALE_AFTER = dt.timedelta(days=400)
CONFIDENT_LINKS = (None, "strong", "medium")


def decides(entry: TimelineEntry, threshold: float = CONFIDENT) -> bool:
    """Return True when `entry` may decide a status (rule 1 of the module docstring)."""
    if entry.is_correction or entry.review == "accepted":
        return True
    if entry.review == "rejected":
        return False
    return not entry.speculative and entry.confidence >= threshold and entry.link in CONFIDENT_LINKS


def show_status(
    show: str,
    entries: Sequence[TimelineEntry],
    *,
    catalog_status: str | None = None,
    ended: dt.date | None = None,
    today: dt.date | None = None,
    threshold: float = CONFIDENT,
    stale_after: dt.timedelta = STALE_AFTER,
) -> ShowState:
    """Return the current `ShowState` of `show` from its events (any order) and catalog facts.

    `catalog_status` is a `ShowStatus` value a catalog gives, `ended` its last
    air date; `today` defaults to the current date (the staleness rule and the
    catalog rule compare with it). Never raises for well-formed entries.
    """
    today = today or dt.date.today()
    # Events that may not decide are read as the rules read rumours: kept, never deciding.
    trusted = {e.id for e in entries if not e.speculative and decides(e, threshold)}
    state = current_status(show, entries, official=lambda e: e.id in trusted)
    state = with_catalog(state, catalog_status, ended, today)
    timeline = state.timeline
    deciding = state.deciding
    as_of = deciding.date if deciding is not None else None
    if deciding is None and state.status is not ShowStatus.PENDING and ended is not None:
        as_of = ended
    if state.status is ShowStatus.ENDED and ended is not None and (as_of is None or ended > as_of):
        as_of = ended
    newer = [
        e
        for e in entries
        if deciding is None or (e.date is not None and as_of is not None and e.date > as_of)
    ]
    waiting = sum(
        1
        for e in newer
        if not e.speculative and not decides(e, threshold) and e.review != "rejected"
    )
    may_go_stale = (
        state.status in (ShowStatus.RETURNING, ShowStatus.ENDING)
        and deciding is not None
        and not deciding.is_correction
        and as_of is not None
        and not any(e.date is not None and e.date > as_of for e in entries)
    )
    stale_from = _stale_from(as_of, stale_after) if may_go_stale else None
    return dataclasses.replace(
        state,
        timeline=timeline,
        deciding=deciding,
        as_of=as_of,
        outlet=(deciding.outlet or deciding.attribution) if deciding is not None else None,
        last_known=is_last_known(stale_from, today),
        waiting=waiting,
        stale_from=stale_from,
    )


def is_last_known(stale_from: dt.date | None, today: dt.date) -> bool:
    """Return True when a state that goes stale on `stale_from` (None: never) is stale `today`."""
    return stale_from is not None and today >= stale_from


def changes_on(ended: dt.date | None, today: dt.date) -> dt.date | None:
    """Return the day a state computed `today` may change with no new facts, or None.

    That is the catalog's last air date while it is still to come: the catalog
    rule (`rules.with_catalog`) reads a show canceled with episodes to air as
    ending, and a final season as ended once its last episode has aired.
    Staleness is not such a change: it is read from `ShowState.stale_from`.
    """
    return ended if ended is not None and ended > today else None


def _stale_from(as_of: dt.date | None, stale_after: dt.timedelta) -> dt.date | None:
    # Stale once more than `stale_after` has passed since the as-of date (never, past year 9999).
    if as_of is None or dt.date.max - as_of <= stale_after:
        return None
    return as_of + stale_after + dt.timedelta(days=1)
