"""Write endpoints, behind a bearer token: ingest, review, corrections, watchlists.

After a write that can change a status, the app notices the changes of
watched shows and posts their webhooks in a background task, once the
response is sent (`cliffhanger deliver` sends what is left pending).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import Engine

from cliffhanger.api.auth import editor, engine_of
from cliffhanger.api.json import SafeJSONResponse
from cliffhanger.api.params import EventId, Limit, Offset, ShowId, WatchlistId
from cliffhanger.api.read import page_json
from cliffhanger.api.schemas import (
    NOT_MODIFIED,
    SHOW,
    BulkReviewIn,
    CorrectionIn,
    DocumentIn,
    ReviewIn,
    WatchlistIn,
    errors,
    link,
)
from cliffhanger.errors import InputError
from cliffhanger.model import Document, StatusEvent
from cliffhanger.serve import queries, webhooks
from cliffhanger.serve.queries import Page
from cliffhanger.store import repository, review, web_browse, web_repository
from cliffhanger.store.web_repository import Token

router = APIRouter(
    prefix="/api", tags=["write (token)"], responses=errors(400, 401, 403, 404, 413, 422, 503)
)
EngineDep = Annotated[Engine, Depends(engine_of)]
EditorDep = Annotated[Token, Depends(editor)]
DOCUMENT_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            # No "type": on the wire a text body is a string whatever it looks like.
            "text/plain": {"schema": {"minLength": 1}},
            "text/html": {"schema": {"minLength": 1}},
        },
        "required": True,
    }
}


def after_write(request: Request, background: BackgroundTasks, engine: Engine) -> None:
    """Return once the webhooks of changed watched shows are scheduled after the response."""
    backoff: float = getattr(request.app.state, "webhook_backoff", webhooks.BACKOFF_S)
    allow_private: bool = getattr(request.app.state, "allow_private_webhooks", False)
    background.add_task(webhooks.notify, engine, backoff=backoff, allow_private=allow_private)


@router.post(
    "/documents",
    summary="Ingest an article: plain text, HTML, or JSON {text|html, title, url, published}",
    openapi_extra=DOCUMENT_BODY,
    status_code=201,
    responses={200: {"description": "An article stored before: nothing new"}},
)
async def post_document(
    request: Request, background: BackgroundTasks, engine: EngineDep, token: EditorDep
) -> Response:
    """Return what the ingest stored (201 for a new article, 200 for one seen before)."""
    from fastapi.concurrency import run_in_threadpool

    document = _document(await request.body(), request.headers.get("content-type", ""))
    # each article its own source: the status rules group an article's events by it
    document = dataclasses.replace(
        document, source=document.url or f"api:{document.content_hash[:16]}"
    )
    data = await run_in_threadpool(_ingest, engine, document)
    if data["created"]:
        after_write(request, background, engine)
    return SafeJSONResponse(
        data, status_code=201 if data["created"] else 200, background=background
    )


@router.post("/events/{event_id}/review", summary="Accept or reject a queued event")
def post_review(
    event_id: EventId,
    body: ReviewIn,
    request: Request,
    background: BackgroundTasks,
    engine: EngineDep,
    token: EditorDep,
) -> dict[str, Any]:
    """Return the event with the editor's decision recorded."""
    decision = "accepted" if body.decision.startswith("accept") else "rejected"
    item = review.decide(engine, event_id, decision, author=token.name)
    after_write(request, background, engine)
    return {"decision": decision, "show_id": item.show_id, **queries.entry_json(item.entry)}


@router.post("/review", summary="Accept or reject several queued events at once")
def post_bulk_review(
    body: BulkReviewIn,
    request: Request,
    background: BackgroundTasks,
    engine: EngineDep,
    token: EditorDep,
) -> dict[str, Any]:
    """Return how many events got the decision (all or none: an unknown id is a 404)."""
    decision = "accepted" if body.decision.startswith("accept") else "rejected"
    count = review.decide_many(engine, list(body.ids), decision, author=token.name)
    after_write(request, background, engine)
    return {"decision": decision, "count": count, "ids": list(dict.fromkeys(body.ids))}


@router.post(
    "/shows/{show_id}/corrections",
    status_code=201,
    summary="Correct a show's status",
    responses={201: {"links": {"TheShow": link(SHOW, "get", show_id="$request.path.show_id")}}},
)
def post_correction(
    show_id: ShowId,
    body: CorrectionIn,
    request: Request,
    background: BackgroundTasks,
    engine: EngineDep,
    token: EditorDep,
) -> dict[str, Any]:
    """Return the show's new state; the correction is an event that wins over the machine's."""
    title = web_browse.show_title(engine, show_id)
    event = StatusEvent(
        show=title,
        status=body.status,
        network=body.network,
        season=body.season,
        date=body.date or dt.date.today(),
        confidence=1.0,
        evidence=body.note or f"Editor's correction by {token.name}",
    )
    entry = repository.add_correction(engine, event, author=token.name, note=body.note)
    after_write(request, background, engine)
    detail = queries.show_detail(engine, show_id)
    return {
        "correction": queries.entry_json(entry),
        **queries.ref_json(queries.ShowRef(show_id, detail.state)),
    }


@router.post(
    "/watchlists",
    status_code=201,
    summary="Follow shows: an Atom feed and a webhook",
    responses={
        201: {
            "links": {
                "Deliveries": link(
                    "/api/watchlists/{watchlist_id}/deliveries",
                    "get",
                    watchlist_id="$response.body#/id",
                ),
                "Feed": link(
                    "/feeds/watchlists/{watchlist_id}.atom",
                    "get",
                    watchlist_id="$response.body#/id",
                ),
            }
        }
    },
)
def post_watchlist(
    body: WatchlistIn, request: Request, engine: EngineDep, token: EditorDep
) -> dict[str, Any]:
    """Return the new watchlist (with its secret, shown once, if one was generated)."""
    if body.webhook_url is not None:
        allow_private: bool = getattr(request.app.state, "allow_private_webhooks", False)
        webhooks.check_webhook_url(body.webhook_url, allow_private=allow_private)
    secret = body.secret
    generated = body.webhook_url is not None and secret is None
    if generated:
        secret = secrets.token_urlsafe(24)
    ids = list(dict.fromkeys(body.shows))
    baseline = {r.id: str(r.state.status) for r in web_browse.show_refs(engine, ids)}
    baseline.update({i: "" for i in ids if i not in baseline})  # unknown ids: refused below
    created = web_repository.create_watchlist(
        engine, body.name, baseline, webhook_url=body.webhook_url, secret=secret, token_id=token.id
    )
    base = str(request.base_url).rstrip("/")
    data: dict[str, Any] = {
        "id": created.id,
        "name": created.name,
        "shows": list(created.show_ids),
        "webhook_url": created.webhook_url,
        "feed": f"{base}/feeds/watchlists/{created.id}.atom",
    }
    if generated:
        data["secret"] = secret
    return data


@router.get(
    "/watchlists/{watchlist_id}/deliveries",
    summary="A watchlist's webhook deliveries",
    responses=NOT_MODIFIED,
)
def get_deliveries(
    watchlist_id: WatchlistId,
    engine: EngineDep,
    token: EditorDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Return a page of the watchlist's deliveries with every attempt, newest first."""
    web_repository.watchlist(engine, watchlist_id)
    found, total = web_repository.deliveries(engine, watchlist_id, limit=limit, offset=offset)
    page = Page(tuple(found), total, limit, offset)
    return page_json(
        page,
        lambda d: {
            "id": d.id,
            "show_id": d.show_id,
            "change": d.change_id,
            "state": d.state,
            "attempts": [
                {"attempt": a, "status": s, "error": e}
                for a, s, e in web_repository.attempts(engine, d.id)
            ],
            "payload": json.loads(d.payload),
        },
    )


def _document(body: bytes, content_type: str) -> Document:
    from cliffhanger.documents.load import decode, document_from_html, document_from_text

    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            given = DocumentIn.model_validate_json(body)
        except ValidationError as e:
            raise InputError(
                "invalid JSON document: " + "; ".join(err["msg"] for err in e.errors()[:3]),
                hint='send {"text": "…", "title": "…", "url": "…", "published": "2024-05-01"}',
            ) from e
        if given.html:
            document = document_from_html("api", given.html, url=given.url)
            return _with(document, given)
        if not given.text:
            raise InputError("a JSON document needs text or html", hint='send {"text": "..."}')
        return document_from_text(
            "api",
            given.text,
            title=given.title,
            published=given.published,
            outlet=given.outlet,
            url=given.url,
        )
    text = decode("request body", body)
    if kind in ("text/html", "application/xhtml+xml"):
        return document_from_html("api", text)
    if kind in ("text/plain", ""):
        return document_from_text("api", text)
    raise InputError(f"cannot ingest {kind}", hint="send text/plain, text/html or application/json")


def _with(document: Document, given: DocumentIn) -> Document:
    return dataclasses.replace(
        document,
        title=given.title or document.title,
        published=given.published or document.published,
        outlet=given.outlet or document.outlet,
    )


def _ingest(engine: Engine, document: Document) -> dict[str, Any]:
    from cliffhanger.extraction import extract

    extraction = extract(document)
    result = repository.ingest(engine, extraction)
    return {
        "document_id": result.document_id,
        "created": result.created,
        "events_added": result.events_added,
        "events": [
            {
                "show": e.show,
                "status": str(e.status),
                "network": e.network,
                "season": e.season,
                "date": e.date.isoformat() if e.date else None,
                "speculative": e.speculative,
                "confidence": e.confidence,
                "evidence": e.evidence,
            }
            for e in extraction.events
        ],
    }
