"""One error shape for every 4xx and 5xx: {"error": {"status", "message", "hint"}}.

Library errors carry their own HTTP status (`CliffhangerError.http_status`);
a web page asked for by a browser gets the same error as an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from cliffhanger.api.json import SafeJSONResponse
from cliffhanger.errors import CliffhangerError
from cliffhanger.store.engine import database_error

log = logging.getLogger(__name__)
MACHINE_PREFIXES = ("/api", "/feeds", "/openapi.json", "/docs", "/static")


def error_response(
    request: Request, status: int, message: str, hint: str | None = None
) -> Response:
    """Return the error as JSON, or as an HTML page when a browser asked for a web page."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if _wants_html(request):
        from cliffhanger.web.render import render  # the web depends on the API, not back

        context = {"status": status, "message": message, "hint": hint}
        return render(request, "error.html", context, status_code=status, headers=headers)
    body = {"error": {"status": status, "message": message, "hint": hint}}
    return SafeJSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Return once every error handler is registered on `app`."""

    @app.exception_handler(CliffhangerError)
    async def _library(request: Request, exc: CliffhangerError) -> Response:
        if exc.http_status >= 500:
            log.error("request %s: %s", _request_id(request), exc.message)
        return error_response(request, exc.http_status, exc.message, exc.hint)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        hint = "see /docs for the routes" if exc.status_code in (404, 405) else None
        message = str(exc.detail) if exc.detail else "error"
        response = error_response(request, exc.status_code, message, hint)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _describe(exc.errors()), "see /docs for the schema")

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        # A read-only database, a server gone, a full disk: 503 in one line, no SQL.
        error = database_error(exc)
        log.error("request %s: %s", _request_id(request), error.message)
        return error_response(request, error.http_status, error.message, error.hint)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        request_id = _request_id(request)
        log.exception("request %s failed", request_id)
        return error_response(
            request, 500, "internal error", f"report it with request id {request_id}"
        )


def _describe(errors: Any) -> str:
    parts = []
    for error in list(errors)[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "invalid request: " + "; ".join(parts)


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith(MACHINE_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "")
