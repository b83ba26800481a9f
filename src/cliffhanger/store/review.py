"""The review queue and editors' decisions on events: accept, reject, correct (merges: `editing`).

An event is queued when its extraction confidence is under 0.7 or its show
link is `low` or `none`, until an editor decides. A rejected event is kept
but no longer counts; a correction is an event of its own (who, when, why)
that wins over the machine's, which is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from cliffhanger.bounds import check_season, is_row_id
from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Status, StatusEvent, TimelineEntry
from cliffhanger.store.catalog_tables import (
    EventLinkRow,
    ReviewDecisionRow,
)
from cliffhanger.store.ingest import Resolver, fingerprint
from cliffhanger.store.keys import clip, name_key
from cliffhanger.store.linking import REVIEW_BELOW, REVIEW_LINKS
from cliffhanger.store.repository import timeline_entry
from cliffhanger.store.tables import (
    DocumentRow,
    EventRow,
    NetworkRow,
    ShowRow,
    utcnow,
)
from cliffhanger.store.versioning import touch


@dataclass(frozen=True)
class ReviewItem:
    """A queued event, the show it was linked to, and why it needs an editor."""

    entry: TimelineEntry
    show_id: int
    mention: str | None
    score: float | None
    recommendation: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class QueueFilter:
    """Which queued events to list: by decision kind, network, and how sure at most.

    `max_score` keeps the events whose show-link score (or, without a link,
    extraction confidence) is at most that, 0..1.
    """

    status: Status | None = None
    network: str | None = None
    max_score: float | None = None


def review_queue(
    engine: Engine, limit: int = 20, *, offset: int = 0, only: QueueFilter | None = None
) -> tuple[list[ReviewItem], int]:
    """Return a page of undecided uncertain events, newest first, and how many match in all."""
    query = _filtered(_queued(_item_query()), only or QueueFilter())
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_item(row) for row in rows], total


def _filtered(query: Select[*tuple[Any, ...]], only: QueueFilter) -> Select[*tuple[Any, ...]]:
    if only.status is not None:
        query = query.where(EventRow.status == str(only.status))
    if only.network is not None:
        query = query.where(
            EventRow.network_id.in_(
                select(NetworkRow.id).where(NetworkRow.key == name_key(only.network))
            )
        )
    if only.max_score is not None:
        query = query.where(
            func.coalesce(EventLinkRow.score, EventRow.confidence) <= only.max_score
        )
    return query


def decide_many(
    engine: Engine, event_ids: list[int], decision: str, *, author: str | None = None
) -> int:
    """Return how many of `event_ids` got `decision` ("accepted" or "rejected"), in one transaction.

    NotFoundError (nothing recorded) when one of them is no event.
    """
    if decision not in ("accepted", "rejected"):
        raise InputError(f"unknown review decision {decision!r}", hint="accept or reject")
    ids = list(dict.fromkeys(event_ids))
    with Session(engine) as session, session.begin():
        for event_id in ids:
            _require_event(session, event_id)
            _record(session, event_id, decision, author=author)
    return len(ids)


def decide(
    engine: Engine, event_id: int, decision: str, *, author: str | None = None
) -> ReviewItem:
    """Return the event `event_id` once `decision` ("accepted" or "rejected") is recorded.

    A later decision replaces an earlier one: the editor changed their mind.
    """
    if decision not in ("accepted", "rejected"):
        raise InputError(f"unknown review decision {decision!r}", hint="accept or reject")
    with Session(engine) as session, session.begin():
        _require_event(session, event_id)
        _record(session, event_id, decision, author=author)
        session.flush()
        return _item(session.execute(_item_query().where(EventRow.id == event_id)).one())


def correct(
    engine: Engine,
    event_id: int,
    status: Status,
    *,
    season: int | None = None,
    network: str | None = None,
    note: str | None = None,
    author: str | None = None,
    date: dt.date | None = None,
) -> TimelineEntry:
    """Return the editor's correction of event `event_id`, stored as an event of its own.

    It concerns the same show; season and network default to the event's.
    Raises NotFoundError for an unknown event, InputError for a season out of
    `bounds.MIN_SEASON..MAX_SEASON`.
    """
    check_season(season)
    with Session(engine) as session, session.begin():
        original = _require_event(session, event_id)
        show = session.get(ShowRow, original.show_id)
        network_row = Resolver(session).network(network) if network else None
        network_id = network_row.id if network_row else original.network_id
        evidence = note or f"Editor's correction of event {event_id}"
        event = StatusEvent(
            show=show.title if show else "",
            status=status,
            season=season if season is not None else original.season,
            date=date or dt.date.today(),
            confidence=1.0,
            evidence=evidence,
        )
        row = EventRow(
            show_id=original.show_id,
            network_id=network_id,
            status=str(event.status),
            season=event.season,
            date=event.date,
            speculative=False,
            confidence=1.0,
            evidence=evidence,
            fingerprint=fingerprint(event),
            is_correction=True,
            note=note,
            author=clip(author, 200),
        )
        session.add(row)
        session.flush()
        _record(session, event_id, "corrected", author=author, note=note, correction=row.id)
        session.flush()
        return _item(session.execute(_item_query().where(EventRow.id == row.id)).one()).entry


def _require_event(session: Session, event_id: int) -> EventRow:
    # An id no column can hold names no event (and would overflow the driver).
    event = session.get(EventRow, event_id) if is_row_id(event_id) else None
    if event is None:
        raise NotFoundError(
            f"no event with id {event_id}",
            hint="event ids are listed by `cliffhanger review` and `cliffhanger timeline --json`",
        )
    return event


def _record(
    session: Session,
    event_id: int,
    decision: str,
    *,
    author: str | None = None,
    note: str | None = None,
    correction: int | None = None,
) -> None:
    touch(session, session.scalars(select(EventRow.show_id).where(EventRow.id == event_id)))
    row = session.scalar(select(ReviewDecisionRow).where(ReviewDecisionRow.event_id == event_id))
    if row is None:
        row = ReviewDecisionRow(event_id=event_id)
        session.add(row)
    row.decision = decision
    row.author = clip(author, 200)
    row.note = note
    row.correction_id = correction
    row.decided_at = utcnow()


def _queued(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    uncertain = or_(
        EventRow.confidence < REVIEW_BELOW,
        EventLinkRow.recommendation.in_([str(r) for r in REVIEW_LINKS]),
    )
    return query.outerjoin(ReviewDecisionRow, ReviewDecisionRow.event_id == EventRow.id).where(
        ReviewDecisionRow.id.is_(None), EventRow.is_correction.is_(False), uncertain
    )


def _item_query() -> Select[*tuple[Any, ...]]:
    network = aliased(NetworkRow)
    return (
        select(
            EventRow,
            ShowRow.title,
            network.name.label("network"),
            DocumentRow.canonical_url,
            DocumentRow.url,
            DocumentRow.source,
            DocumentRow.outlet,
            EventLinkRow.mention,
            EventLinkRow.score,
            EventLinkRow.recommendation,
        )
        .join(ShowRow, ShowRow.id == EventRow.show_id)
        .outerjoin(network, network.id == EventRow.network_id)
        .outerjoin(DocumentRow, DocumentRow.id == EventRow.document_id)
        .outerjoin(EventLinkRow, EventLinkRow.event_id == EventRow.id)
    )


def _item(row: Any) -> ReviewItem:
    event: EventRow = row.EventRow
    entry = timeline_entry(row)
    reasons = plain_reasons(event.confidence, row.recommendation, row.mention, row.title, row.score)
    return ReviewItem(
        entry=entry,
        show_id=event.show_id,
        mention=row.mention,
        score=row.score,
        recommendation=row.recommendation,
        reasons=tuple(reasons),
    )


def plain_reasons(
    confidence: float,
    recommendation: str | None,
    mention: str | None,
    title: str,
    score: float | None,
) -> list[str]:
    """Return why an event waits for an editor, in plain words (the figures in brackets).

    The thresholds are the queue's: confidence under `REVIEW_BELOW` (0.7), a
    show link `low` or `none` (`resolution.match.Thresholds`).
    """
    reasons = []
    if confidence < REVIEW_BELOW:
        reasons.append(
            f"the wording is not a clear decision (confidence {confidence:.2f}; "
            f"{REVIEW_BELOW:.2f} needed)"
        )
    named = mention or title
    if recommendation == "none":
        reasons.append(
            f"no catalog lists a show called {named!r}; filed under a show of that name "
            f"(match {score or 0:.2f})"
        )
    elif recommendation == "low":
        reasons.append(
            f"{named!r} only loosely matches the show {title!r} (match {score or 0:.2f})"
        )
    return reasons
