"""Plain data passed between the stages of the pipeline.

Everything here is a frozen dataclass: no database session, no HTTP client,
no configuration. Stages take and return these objects, so the same code runs
in one process, a process pool or on Dask partitions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """What a network decided about a series (the event vocabulary)."""

    ORDERED = "ordered"
    RENEWED = "renewed"
    FINAL_SEASON = "final_season"
    CANCELED = "canceled"
    REVIVED = "revived"


class ShowStatus(StrEnum):
    """A show's current status, derived from its timeline."""

    ORDERED = "ordered"
    RETURNING = "returning"
    ENDING = "ending"
    CANCELED = "canceled"
    ENDED = "ended"
    PENDING = "pending"


@dataclass(frozen=True)
class Document:
    """One piece of news as read from a source, before extraction."""

    source: str  # the path, URL or id the user gave
    text: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    content_hash: str = ""


@dataclass(frozen=True)
class StatusEvent:
    """A decision about a series, with the sentence it came from."""

    show: str
    status: Status
    network: str | None = None
    season: int | None = None
    date: dt.date | None = None
    speculative: bool = False
    confidence: float = 0.5
    evidence: str = ""
    attribution: str | None = None


@dataclass(frozen=True)
class CastFact:
    """`person` plays `character` in `show`."""

    show: str
    person: str
    character: str


@dataclass(frozen=True)
class SeasonFact:
    """What an article says about one season: episode count, premiere date.

    `premiere` is an ISO 8601 date ("2022-08-26"), or "--08-26" when the
    article gives a month and day but neither it nor its date gives the year.
    """

    show: str
    season: int
    episodes: int | None = None
    premiere: str | None = None


@dataclass(frozen=True)
class CliffhangerFact:
    """A season of a show ended on a cliffhanger."""

    show: str
    season: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    events: tuple[StatusEvent, ...] = ()
    cast: tuple[CastFact, ...] = ()
    seasons: tuple[SeasonFact, ...] = ()
    cliffhangers: tuple[CliffhangerFact, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """A stored event of a show, as the status rules and the views see it."""

    id: int
    show: str
    status: Status
    network: str | None
    season: int | None
    date: dt.date | None
    speculative: bool
    confidence: float
    evidence: str
    attribution: str | None
    source: str | None = None  # document URL or path
    outlet: str | None = None
    is_correction: bool = False
    note: str | None = None
    recorded_at: dt.datetime | None = None
    url: str | None = None  # the article's link (None for a local file or a scorecard)
    network_named: str | None = None  # the network as the source named it, if renamed since
    link: str | None = None  # how sure the show link is: strong, medium, low, none (None: by title)
    link_score: float | None = None
    review: str | None = None  # an editor's verdict: accepted, rejected, corrected


@dataclass(frozen=True)
class ShowState:
    """A show's current status and the event that decided it."""

    show: str
    status: ShowStatus
    network: str | None = None
    seasons: int | None = None
    deciding: TimelineEntry | None = None
    reason: str = ""
    timeline: tuple[TimelineEntry, ...] = field(default_factory=tuple)
    as_of: dt.date | None = None  # the date of the deciding event (or the catalog's last air date)
    outlet: str | None = None  # who said so: the deciding event's outlet or attribution
    last_known: bool = False  # returning/ending on news older than a season, nothing newer
    waiting: int = 0  # newer non-speculative events still waiting in the review queue
    # The first day this status reads "last known" if no news comes (None: never, on these facts).
    stale_from: dt.date | None = None

    @property
    def label(self) -> str:
        """Return the status as a reader sees it: "returning", or "last known: returning"."""
        return f"last known: {self.status.value}" if self.last_known else self.status.value
