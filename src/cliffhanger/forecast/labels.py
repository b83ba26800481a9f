"""Training rows: one per (show, season that ended), labelled by the decision that followed.

Every rule that turns a source into a label lives here:

- **Outcome of a season** (`outcome_of`): the first official (not speculative)
  decision stated after season N ended decides it.
  - `renewed` (a season N+1 ordered) -> RENEWED;
  - `final_season` naming a season after N ("renewed for a 6th and final
    season"), or stated as a renewal or an order whatever season it names
    ("Renewed for a final 6-episode season", "Renewed for an 11th (final)
    season 2/5", whose reader takes the date's 2 for the season) ->
    FINAL_SEASON, the show comes back once more; otherwise ("ending after this
    6th season") -> ENDED;
  - `canceled` -> CANCELED, or REVIVED when an official renewal or revival
    follows it in the same record ("Canceled 8/22, but revived 4/15") or the
    cancellation's own words send the show to another network ("Canceled 5/6
    but will move to Hulu for S4": `_MOVED`);
  - `revived` first -> REVIVED; `ordered` says nothing about season N;
  - a renewal followed by a cancellation and no later renewal ("Renewed 3/16
    but then canceled 8/28": the order was rescinded) -> CANCELED, dated by
    the cancellation: the show did not come back.
- **Scorecard wording the event reader leaves out** (`note_outcome`, used only
  when no event decides a row): "Voluntarily ended", "Confirmed as ended",
  "Ending (again) with this 6th season", "Confirmed as a 1-season show" ->
  ENDED; "Cancellation confirmed" -> CANCELED; "Extended through S5", "S2
  confirmed" (a later season named) -> RENEWED. Hedged wording gives nothing.
- **Listed again with a later season** (`relisted_outcome`, used only when
  neither an event nor the wording decides a row, and only on the last year
  that lists the season: a delayed season's later row decides it): a
  show-season whose status is blank and whose show is listed again within
  `RELISTED_WITHIN` scorecard years with a season or two further on came back
  -> RENEWED, undated, entering the history only at the end of the year that
  lists the next season. It labels 251 of the file's 2,450 undecided
  rows. On the rows the status does decide, the rule fires on 1,720, and the
  status says "came back" on 1,699 of them; most of the 21 others are label
  rules since fixed (final seasons stated as renewals, moves to another
  network) or shows revived after ending.
  The forecast target, `returns`, is true for RENEWED, FINAL_SEASON and REVIVED:
  "will the show come back for another season?".
- **Season year** (`season_year`): TV's year runs June..May, as the scorecard's
  `ano` does; a decision dated in months 6-12 belongs to that year, 1-5 to the
  year before.
- **Decision date**: the date of the deciding event; when a scorecard row
  gives none, the last day of its season year (31 May of `ano` + 1), so an
  undated decision is never treated as known early.
- **Sources**: the Metacritic scorecard 2013-2020 (`scorecard_rows`), and the
  decisions the project tracks from news (`tracked_rows`). A show-season found
  in both keeps the scorecard's row. Catalogs (TMDB, OMDb) give no date per
  season, so they give features (see `features`), not labels: TMDB's 2025
  details would label only 81 of the scorecard's undecided rows, with no date
  to place them in the history, and several of them miniseries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from cliffhanger.model import Status, StatusEvent, TimelineEntry
from cliffhanger.resolution.networks import default_index
from cliffhanger.resolution.scorecard import (
    ATTRIBUTION,
    ScorecardRow,
    read_scorecard,
    resolve_date,
)
from cliffhanger.store.keys import name_key


class Outcome(StrEnum):
    """What followed a season's end."""

    RENEWED = "renewed"
    FINAL_SEASON = "final_season"  # renewed for a last season: comes back once more
    ENDED = "ended"  # the season that ended was announced as the last
    CANCELED = "canceled"
    REVIVED = "revived"  # canceled, then brought back (same record)


RETURNS = frozenset({Outcome.RENEWED, Outcome.FINAL_SEASON, Outcome.REVIVED})


@dataclass(frozen=True)
class TrainingRow:
    """One (show, season that ended) with the decision that followed.

    `season` is the number of seasons aired (1 = a first season ended); `year`
    the season year (June..May) the decision belongs to; `decided` its date;
    `premiere` the season's premiere date when known; `source` "scorecard" or
    "news".
    """

    show: str
    network: str | None
    season: int
    year: int
    decided: dt.date
    outcome: Outcome
    source: str
    premiere: dt.date | None = None
    dated: bool = True
    renewed_to: int | None = None  # the last season a renewal ordered ("through season 7")

    @property
    def returns(self) -> bool:
        """Return whether the show came back for another season (the forecast target)."""
        return self.outcome in RETURNS

    @property
    def key(self) -> tuple[str, int]:
        """Return (folded title, season): the identity of a show-season across sources."""
        return name_key(self.show), self.season


def season_year(day: dt.date) -> int:
    """Return the TV season year (June..May) of `day`: 2019-06-01..2020-05-31 -> 2019."""
    return day.year if day.month >= 6 else day.year - 1


def year_start(year: int) -> dt.date:
    """Return the first day of season year `year` (1 June)."""
    return dt.date(year, 6, 1)


def year_end(year: int) -> dt.date:
    """Return the last day of season year `year` (31 May of the next calendar year)."""
    return dt.date(year + 1, 5, 31)


def renewed_to(events: Sequence[StatusEvent | TimelineEntry], season: int) -> int | None:
    """Return the last season the official renewals in `events` ordered (None if none did)."""
    ordered = [
        e.season if e.season is not None else season + 1
        for e in events
        if not e.speculative and e.status in (Status.RENEWED, Status.FINAL_SEASON, Status.REVIVED)
    ]
    return max(ordered) if ordered and max(ordered) > season else None


def outcome_of(
    events: Sequence[StatusEvent | TimelineEntry], season: int
) -> tuple[Outcome, dt.date | None] | None:
    """Return the outcome of season `season` and the deciding date, from `events` in order.

    `events` are those stated after the season ended, oldest first. None when no
    official event decides it (only rumours, or only an order).
    """
    official = [e for e in events if not e.speculative and e.status is not Status.ORDERED]
    if not official:
        return None
    first = official[0]
    if first.status is Status.RENEWED:
        rescinded = _rescinded(official)
        if rescinded is not None:
            return Outcome.CANCELED, rescinded.date
        return Outcome.RENEWED, first.date
    if first.status is Status.FINAL_SEASON:
        later = first.season is not None and first.season > season
        later = later or bool(_RENEWAL_WORDS.search(first.evidence or ""))
        return (Outcome.FINAL_SEASON if later else Outcome.ENDED), first.date
    if first.status is Status.REVIVED:
        return Outcome.REVIVED, first.date
    rescued = any(e.status in (Status.RENEWED, Status.REVIVED) for e in official[1:])
    rescued = rescued or moved_on(first.evidence or "")
    return (Outcome.REVIVED if rescued else Outcome.CANCELED), first.date


_RENEWAL_WORDS = re.compile(r"\b(?:renew\w*|picked up|order(?:ed)?\s+(?:is\s+)?for)\b", re.I)
_MOVED = re.compile(
    r"\bmov(?:e|es|ed|ing)\s+to\s+(?:the\s+)?([A-Z][\w+&!.]*(?:\s+[A-Z][\w+&!.]*)*)"
)


def moved_on(text: str) -> bool:
    """Return whether `text` sends a show to a named network ("will move to Hulu for S4").

    Only a known network counts: "moved to the fall" or "moving to Sundays" is a schedule.
    """
    index = default_index()
    return any(index.canonical(m.group(1)) is not None for m in _MOVED.finditer(text))


def _rescinded(
    official: Sequence[StatusEvent | TimelineEntry],
) -> StatusEvent | TimelineEntry | None:
    """Return the cancellation that undid the renewals before it, if the last word is one."""
    last = None
    for event in official:
        if event.status is Status.CANCELED:
            last = last or event
        elif event.status in (Status.RENEWED, Status.REVIVED):
            last = None
    return last


_HEDGED = re.compile(r"\b(?:may|might|could|likely|unlikely|presumed|not yet|unofficially)\b", re.I)
_NOTE_ENDED = re.compile(r"\bended\b|\bending\s+\(again\)|\b(?:1|one)-season show\b", re.IGNORECASE)
_NOTE_CANCELED = re.compile(r"\bcancellation confirmed\b", re.IGNORECASE)
_NOTE_RENEWED = re.compile(
    r"\bextended\s+(?:through|thru|to)\s+(?:season\s*|S)(\d+)|\bS(\d+)\s+confirmed\b",
    re.IGNORECASE,
)
_NOTE_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}(?:\d{2})?))?\b")


def note_outcome(note: str, season: int, ano: int) -> tuple[Outcome, dt.date | None] | None:
    """Return the outcome a scorecard status states in words the event reader leaves out.

    See the module doc; None when the note states none of them or hedges.
    """
    if _HEDGED.search(note):
        return None
    renewal = _NOTE_RENEWED.search(note)
    if renewal is not None and int(renewal.group(1) or renewal.group(2)) > season:
        outcome = Outcome.RENEWED
    elif _NOTE_CANCELED.search(note):
        outcome = Outcome.CANCELED
    elif _NOTE_ENDED.search(note):
        outcome = Outcome.ENDED
    else:
        return None
    date = None
    for match in _NOTE_DATE.finditer(note):
        year = int(match.group(3)) if match.group(3) else None
        date = resolve_date(int(match.group(1)), int(match.group(2)), year, ano)
        if date is not None:
            break
    return outcome, date


RELISTED_WITHIN = 2  # scorecard years: a show listed again later than this was revived, if at all


def relisted_outcome(
    season: int, year: int, listings: Iterable[tuple[int, int]]
) -> tuple[Outcome, dt.date] | None:
    """Return (RENEWED, the day it was surely known) when a later listing shows it came back.

    `listings` are the (scorecard year, season) of every row of the same show.
    A listing in one of the `RELISTED_WITHIN` years after `year` with season
    `season` + 1 or + 2 means the show came back; see the module doc for how
    often this agrees with stated decisions. The renewal's own date is
    unknown: it was surely known by the end of the first such listing's year
    (the next season aired then), so the row enters the history no earlier.
    """
    years = [
        later_year
        for later_year, later_season in listings
        if 0 < later_year - year <= RELISTED_WITHIN and 0 < later_season - season <= 2
    ]
    return (Outcome.RENEWED, year_end(min(years))) if years else None


def _row(
    record: ScorecardRow, found: tuple[Outcome, dt.date | None], dated: bool = True
) -> TrainingRow:
    """Return the training row of scorecard `record` labelled `found` (outcome, date)."""
    outcome, date = found
    season = record.season or 0
    return TrainingRow(
        show=record.show,
        network=record.network,
        season=season,
        year=record.year,
        decided=date or year_end(record.year),
        outcome=outcome,
        source="scorecard",
        premiere=record.premiere,
        dated=dated and date is not None,
        renewed_to=renewed_to(record.events, season),
    )


def _keep(rows: dict[tuple[str, int], TrainingRow], row: TrainingRow) -> None:
    """Keep `row` unless its show-season is already decided in an earlier scorecard year."""
    if row.key not in rows or rows[row.key].year > row.year:
        rows[row.key] = row


def scorecard_rows(path: str) -> list[TrainingRow]:
    """Return the labelled rows of the Metacritic scorecard CSV at `path`.

    One row per show-season with an official decision; when a show-season is
    listed in several years, the first year with a decision keeps it; a
    label inferred from a later listing never replaces a stated decision.
    Raises InputError when the file cannot be read.
    """
    rows: dict[tuple[str, int], TrainingRow] = {}
    records = [r for r in read_scorecard(path) if r.season is not None and r.season >= 1]
    listed: dict[str, list[tuple[int, int]]] = {}
    for record in records:
        listed.setdefault(name_key(record.show), []).append((record.year, record.season or 0))
    inferred: list[tuple[ScorecardRow, tuple[Outcome, dt.date]]] = []
    for record in records:
        season, name = record.season or 0, name_key(record.show)
        found = outcome_of(record.events, season) or note_outcome(record.note, season, record.year)
        if found is not None:
            _keep(rows, _row(record, found))
        elif not any(y > record.year and s == season for y, s in listed[name]):
            # the last listing of this season; a later one, if any, is the row that decides
            later = relisted_outcome(season, record.year, listed[name])
            if later is not None:
                inferred.append((record, later))
    for record, found in inferred:
        row = _row(record, found, dated=False)
        rows.setdefault(row.key, row)  # a decision the scorecard states wins
    return sorted(rows.values(), key=lambda r: (r.year, r.decided, r.show))


def aired_before(entry: StatusEvent | TimelineEntry) -> int | None:
    """Return the season that had ended when `entry` was decided (None when it cannot tell).

    A renewal or revival for season N follows season N-1; a cancellation "after
    N seasons" follows N; a final season N is announced after N-1.
    """
    if entry.season is None:
        return None
    aired = entry.season if entry.status is Status.CANCELED else entry.season - 1
    return aired if aired >= 1 else None


def tracked_rows(
    timelines: Iterable[tuple[str, str | None, Sequence[TimelineEntry]]],
    skip: Iterable[tuple[str, int]] = (),
) -> list[TrainingRow]:
    """Return labelled rows from tracked timelines: (show, network, entries oldest first).

    Only dated official events with a season count; events copied from the
    scorecard are left to `scorecard_rows`, and show-seasons in `skip` (already
    labelled elsewhere) are left out.
    """
    done = set(skip)
    rows: list[TrainingRow] = []
    for show, network, entries in timelines:
        by_season: dict[int, list[TimelineEntry]] = {}
        for entry in entries:
            if entry.attribution == ATTRIBUTION or entry.speculative or entry.date is None:
                continue
            aired = aired_before(entry)
            if aired is not None and entry.status is not Status.ORDERED:
                by_season.setdefault(aired, []).append(entry)
        for aired, found in sorted(by_season.items()):
            if (name_key(show), aired) in done:
                continue
            decided = outcome_of(found, aired)
            if decided is None:
                continue
            outcome, date = decided
            if date is None:
                continue
            rows.append(
                TrainingRow(
                    show=show,
                    network=found[0].network or network,
                    season=aired,
                    year=season_year(date),
                    decided=date,
                    outcome=outcome,
                    source="news",
                    renewed_to=renewed_to(found, aired),
                )
            )
            done.add((name_key(show), aired))
    return sorted(rows, key=lambda r: (r.year, r.decided, r.show))
