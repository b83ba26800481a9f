"""Historical sources: the Metacritic renewal scorecard stored as one document of dated events.

The scorecard file is one document (keyed by its content hash, so importing it
again changes nothing); each of its events is linked to a show through the
stored catalog like any news event. An event the scorecard gives no date gets
its row's season start, else the end of its scorecard year (31 May), so it
sorts among the news of its time and not at the day of the import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from cliffhanger.documents.hashing import content_hash
from cliffhanger.errors import InputError
from cliffhanger.model import Document, Extraction, StatusEvent
from cliffhanger.resolution.scorecard import ATTRIBUTION, read_scorecard
from cliffhanger.store.ingest import ingest


@dataclass(frozen=True)
class ScorecardResult:
    """What a scorecard import did: rows read, events found, events stored (0 when known)."""

    rows: int
    events: int
    added: int
    created: bool


def scorecard_events(path: str | Path) -> tuple[int, list[StatusEvent]]:
    """Return the number of rows of a scorecard CSV and its events, every one dated."""
    rows = 0
    events: list[StatusEvent] = []
    for row in read_scorecard(str(path)):
        rows += 1
        fallback = row.premiere or dt.date(row.year + 1, 5, 31)
        events.extend(dataclasses.replace(e, date=e.date or fallback) for e in row.events)
    return rows, events


def import_scorecard(engine: Engine, path: str | Path) -> ScorecardResult:
    """Return what storing the scorecard at `path` did (a file stored before: nothing)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read scorecard {path}: {e}", hint="check the path") from e
    rows, events = scorecard_events(path)
    document = Document(
        source=str(path),
        text=text,
        title=ATTRIBUTION,
        outlet="Metacritic",
        content_hash=content_hash(text),
    )
    result = ingest(engine, Extraction(document=document, events=tuple(events)))
    return ScorecardResult(rows, len(events), result.events_added, result.created)
