"""The review queue and editors' decisions: accept, reject, correct.

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

from cliffhanger.errors import InputError, NotFoundError
from cliffhanger.model import Status, StatusEvent, TimelineEntry
from cliffhanger.store.catalog_tables import EventLinkRow, ReviewDecisionRow
from cliffhanger.store.ingest import Resolver, fingerprint
from cliffhanger.store.keys import clip
from cliffhanger.store.linking import REVIEW_BELOW, REVIEW_LINKS
from cliffhanger.store.tables import DocumentRow, EventRow, NetworkRow, ShowRow, utcnow


@dataclass(frozen=True)
class ReviewItem:
    """A queued event, the show it was linked to, and why it needs an editor."""

    entry: TimelineEntry
    show_id: int
    mention: str | None
    score: float | None
    recommendation: str | None
    reasons: tuple[str, ...]


def review_queue(engine: Engine, limit: int = 20) -> tuple[list[ReviewItem], int]:
    """Return up to `limit` undecided uncertain events, newest first, and how many wait in all."""
    with Session(engine) as session:
        waiting = select(func.count()).select_from(_queued(_item_query()).subquery())
        total = session.scalar(waiting) or 0
        rows = session.execute(
            _queued(_item_query())
            .order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
            .limit(limit)
        )
        return [_item(row) for row in rows], total


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
    """
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
    event = session.get(EventRow, event_id)
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
    recorded = event.created_at
    entry = TimelineEntry(
        id=event.id,
        show=row.title,
        status=Status(event.status),
        network=row.network,
        season=event.season,
        date=event.date,
        speculative=event.speculative,
        confidence=event.confidence,
        evidence=event.evidence,
        attribution=event.attribution,
        source=row.canonical_url or row.url or row.source,
        outlet=row.outlet,
        is_correction=event.is_correction,
        note=event.note,
        recorded_at=recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.UTC),
    )
    reasons = []
    if event.confidence < REVIEW_BELOW:
        reasons.append(f"extraction confidence {event.confidence:.2f}")
    if row.recommendation in [str(r) for r in REVIEW_LINKS]:
        reasons.append(f"{row.recommendation} link to {row.title!r} (score {row.score:.2f})")
    return ReviewItem(
        entry=entry,
        show_id=event.show_id,
        mention=row.mention,
        score=row.score,
        recommendation=row.recommendation,
        reasons=tuple(reasons),
    )
