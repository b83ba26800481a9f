"""The web application: the JSON API, the Atom feeds and the web pages on one engine."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from cliffhanger.api import errors, feeds, read, write
from cliffhanger.api import forecast as forecast_api
from cliffhanger.api.http import MAX_BODY_BYTES, BodyLimit, Headers
from cliffhanger.api.json import SafeJSONResponse
from cliffhanger.api.read_cache import ReadCache
from cliffhanger.serve.webhooks import BACKOFF_S


def create_app(
    engine: Engine,
    *,
    max_body: int = MAX_BODY_BYTES,
    webhook_backoff: float = BACKOFF_S,
    allow_private_webhooks: bool = False,
    warm_board: bool = False,
) -> FastAPI:
    """Return the app serving `engine`: API under /api, feeds under /feeds, pages at /.

    Webhooks may only target public addresses unless `allow_private_webhooks`.
    `warm_board` reads every show's status in a background thread at once,
    so the first page a reader opens does not wait for it (`cliffhanger serve`).
    A read whose query was already rendered at the store's current version
    is answered from memory (`api.read_cache`).
    """
    from cliffhanger.web import pages  # the pages render with the API's helpers

    # Swagger UI and ReDoc served from files in the fastapi-offline package, not a CDN.
    app = FastAPIOffline(
        title="Cliffhanger",
        summary="The fate of every TV series: status, timeline and evidence per show.",
        version="0.1.0",
        default_response_class=SafeJSONResponse,
    )
    app.state.engine = engine
    app.state.webhook_backoff = webhook_backoff
    app.state.allow_private_webhooks = allow_private_webhooks
    errors.install(app)
    app.include_router(read.router)
    app.include_router(write.router)
    app.include_router(feeds.router)
    app.include_router(forecast_api.router)
    pages.install(app)
    # Outermost last: headers see every answer, including a 413 from the body limit.
    app.add_middleware(BodyLimit, limit=max_body)
    # Reads answered from the cache while the store is unchanged (`api.read_cache`).
    app.add_middleware(Headers, cache=ReadCache(engine))
    if warm_board:
        from cliffhanger.store.web_browse import warm

        warm(engine)
    return app
