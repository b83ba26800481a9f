"""Atom feeds of status changes: all of them, one network's, one watchlist's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from cliffhanger.api.auth import engine_of
from cliffhanger.api.params import DIGITS, WatchlistId
from cliffhanger.api.schemas import NOT_MODIFIED, errors
from cliffhanger.serve import feeds

router = APIRouter(prefix="/feeds", tags=["feeds"], responses=NOT_MODIFIED | errors(404, 422, 503))
EngineDep = Annotated[Engine, Depends(engine_of)]
Size = Annotated[int, Query(ge=1, le=200, description="entries in the feed"), DIGITS]
ATOM_TYPE = "application/atom+xml; charset=utf-8"
ATOM: dict[int | str, dict[str, Any]] = {
    200: {"description": "An Atom feed", "content": {"application/atom+xml": {}}}
}


@router.get("/changes.atom", summary="Every status change", response_class=Response, responses=ATOM)
def changes(request: Request, engine: EngineDep, limit: Size = feeds.FEED_SIZE) -> Response:
    """Return the Atom feed of the latest decisions."""
    body = feeds.changes_feed(engine, str(request.base_url), str(request.url), limit)
    return Response(body, media_type=ATOM_TYPE)


@router.get(
    "/networks/{network}.atom",
    summary="One network's status changes",
    response_class=Response,
    responses=ATOM,
)
def network(
    network: str, request: Request, engine: EngineDep, limit: Size = feeds.FEED_SIZE
) -> Response:
    """Return the Atom feed of the latest decisions by `network`."""
    body = feeds.network_feed(engine, network, str(request.base_url), str(request.url), limit)
    return Response(body, media_type=ATOM_TYPE)


@router.get(
    "/watchlists/{watchlist_id}.atom",
    summary="A watchlist's status changes",
    response_class=Response,
    responses=ATOM,
)
def watchlist(
    watchlist_id: WatchlistId,
    request: Request,
    engine: EngineDep,
    limit: Size = feeds.FEED_SIZE,
) -> Response:
    """Return the Atom feed of the latest decisions about a watchlist's shows."""
    body = feeds.watchlist_feed(
        engine, watchlist_id, str(request.base_url), str(request.url), limit
    )
    return Response(body, media_type=ATOM_TYPE)
