"""Public read endpoints under /api: shows, events, networks, the board, stats, the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Engine

from cliffhanger.api.auth import engine_of
from cliffhanger.api.params import DIGITS, IsoDate, Limit, Offset, ShowId
from cliffhanger.api.schemas import NOT_MODIFIED, REVIEW, SHOW, errors, link
from cliffhanger.errors import NotFoundError
from cliffhanger.model import ShowStatus, Status
from cliffhanger.serve import queries, stats
from cliffhanger.serve.queries import Page, ShowDetail
from cliffhanger.store import catalog_repository, review

router = APIRouter(prefix="/api", tags=["read"], responses=NOT_MODIFIED | errors(422, 503))
EngineDep = Annotated[Engine, Depends(engine_of)]
SOURCES = ("tvmaze", "tmdb", "imdb", "wikidata")
T = TypeVar("T")


def page_json(page: Page[T], convert: Callable[[T], Any]) -> dict[str, Any]:
    """Return a page as {"items", "total", "limit", "offset"}."""
    return {
        "items": [convert(item) for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def detail_json(detail: ShowDetail) -> dict[str, Any]:
    """Return the show page's facts as JSON: state, timeline with evidence, cast, seasons."""
    data = queries.ref_json(queries.ShowRef(detail.id, detail.state), with_timeline=True)
    data["cast"] = [{"person": c.person, "character": c.character} for c in detail.cast]
    data["season_facts"] = [
        {"season": s.season, "episodes": s.episodes, "premiere": s.premiere} for s in detail.seasons
    ]
    data["cliffhangers"] = list(detail.cliffhangers)
    data["catalogs"] = [
        {
            "source": c.source,
            "premiered": c.premiered.isoformat() if c.premiered else None,
            "ended": c.ended.isoformat() if c.ended else None,
            "year": c.year,
            "seasons": c.seasons,
            "episodes": c.episodes,
            "network": c.network,
        }
        for c in detail.catalogs
    ]
    return data


@router.get(
    "/shows",
    summary="Shows, by title or matching q (best first)",
    responses={
        200: {"links": {"FirstShow": link(SHOW, "get", show_id="$response.body#/items/0/id")}}
    },
)
def list_shows(
    engine: EngineDep, q: str | None = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Return a page of shows with their current status."""
    return page_json(queries.shows_page(engine, q, limit=limit, offset=offset), queries.ref_json)


@router.get(
    "/shows/by/{source}/{external_id}", summary="A show by a catalog's id", responses=errors(404)
)
def show_by_external_id(engine: EngineDep, source: str, external_id: str) -> dict[str, Any]:
    """Return the show a catalog id names (tvmaze, tmdb, imdb, wikidata)."""
    if source.lower() not in SOURCES:
        raise NotFoundError(
            f"unknown id source {source!r}", hint=f"use one of {', '.join(SOURCES)}"
        )
    show_id = catalog_repository.show_id_by_external_id(engine, source, external_id)
    if show_id is None:
        raise NotFoundError(
            f"no show with {source} id {external_id!r}",
            hint="catalog ids are known once a catalog is imported (cliffhanger catalog import)",
        )
    return detail_json(queries.show_detail(engine, show_id))


@router.get(
    "/shows/{show_id}",
    summary="A show: status, timeline with evidence, cast, seasons",
    responses=errors(404),
)
def show(engine: EngineDep, show_id: ShowId) -> dict[str, Any]:
    """Return one show with its timeline."""
    return detail_json(queries.show_detail(engine, show_id))


@router.get(
    "/events",
    summary="Events, most recently recorded first",
    responses={
        200: {
            "links": {
                "ItsShow": link(SHOW, "get", show_id="$response.body#/items/0/show_id"),
                "ReviewIt": link(REVIEW, "post", event_id="$response.body#/items/0/id"),
            }
        }
    },
)
def events(
    engine: EngineDep,
    status: Status | None = None,
    network: str | None = None,
    since: Annotated[IsoDate | None, Query(description="events dated on or after")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Return a page of events, filtered by status, network and date."""
    page = queries.events_page(
        engine, status=status, network=network, since=since, limit=limit, offset=offset
    )
    return page_json(page, lambda i: {"show_id": i.show_id, **queries.entry_json(i.entry)})


@router.get("/health", summary="Liveness: a constant answer that reads nothing")
def health() -> dict[str, str]:
    """Return {"status": "ok"}: the process answers. The store is not read.

    Also the yardstick of `benchmarks/api_bench.py`: a cached read is
    measured against this endpoint's cost (it is never cached, `read_cache`).
    """
    return {"status": "ok"}


@router.get("/networks", summary="Networks with their count of shows per status")
def networks(engine: EngineDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Return a page of networks, by name."""
    found = queries.networks(engine)
    page = Page(tuple(found[offset : offset + limit]), len(found), limit, offset)
    return page_json(page, lambda n: {"network": n[0], "shows": sum(n[1].values()), **n[1]})


@router.get("/board", summary="The scorecard: shows per network, grouped by status")
def board(
    engine: EngineDep,
    network: str | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2200), DIGITS] = None,
    status: Annotated[ShowStatus | None, Query(description="Only shows with this status.")] = None,
    since: Annotated[
        IsoDate | None, Query(description="Only statuses decided on or after (YYYY-MM-DD).")
    ] = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Return a page of the board (shows by network, then title), grouped per network.

    `summary` counts the filtered board's shows per network and status (every page's networks).
    """
    page = queries.board_page(
        engine, network=network, year=year, status=status, since=since, limit=limit, offset=offset
    )
    summary = [
        {"network": name, "total": total, "statuses": {str(k): v for k, v in per.items()}}
        for name, per, total in queries.board_summary(
            engine, network=network, year=year, status=status, since=since
        )
    ]
    items = [
        {
            "network": name,
            "statuses": {str(s): [queries.ref_json(r) for r in refs] for s, refs in groups},
        }
        for name, groups in queries.group_refs(page.items)
    ]
    return {
        "items": items,
        "summary": summary,
        "total": page.total,
        "limit": limit,
        "offset": offset,
    }


@router.get("/stats", summary="Cancellation rates, time to decision, cliffhanger cancellations")
def stats_(engine: EngineDep) -> dict[str, Any]:
    """Return the stats of every show on the board."""
    return stats.stats_json(stats.stats(engine))


@router.get(
    "/review",
    summary="The review queue: uncertain events waiting for an editor",
    responses={
        200: {"links": {"Decide": link(REVIEW, "post", event_id="$response.body#/items/0/id")}}
    },
)
def review_queue(
    engine: EngineDep,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[Status | None, Query(description="Only this kind of decision.")] = None,
    network: Annotated[str | None, Query(description="Only this network.")] = None,
    max_score: Annotated[
        float | None, Query(ge=0, le=1, description="Link score (else confidence) at most.")
    ] = None,
) -> dict[str, Any]:
    """Return a page of queued events, newest first, and how many match in all."""
    only = review.QueueFilter(status=status, network=network or None, max_score=max_score)
    items, total = review.review_queue(engine, limit, offset=offset, only=only)
    return {
        "items": [
            {"show_id": i.show_id, "reasons": list(i.reasons), **queries.entry_json(i.entry)}
            for i in items
        ],
        "total": total,
        "limit": limit,
        "offset": offset,
    }
