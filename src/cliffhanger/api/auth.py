"""Bearer tokens for the write endpoints: 401 without a valid one, 403 for a revoked one."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from cliffhanger.errors import AuthError
from cliffhanger.store import web_repository
from cliffhanger.store.web_repository import Token


def engine_of(request: Request) -> Engine:
    """Return the engine the app serves."""
    engine: Engine = request.app.state.engine
    return engine


def bearer(request: Request) -> str | None:
    """Return the token of an `Authorization: Bearer …` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


# Declares the scheme in the OpenAPI spec (the Authorize button of /docs); `editor` reads
# the header itself, so a malformed one gets our 401 rather than FastAPI's 403.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="A token from `cliffhanger token create --name NAME`",
)


def editor(
    request: Request, _declared: HTTPAuthorizationCredentials | None = Depends(BEARER)
) -> Token:
    """Return the token the request is made with (a FastAPI dependency of write routes).

    Raises AuthError (401) without a valid token, ForbiddenError (403) for a revoked one.
    """
    token = bearer(request)
    if token is None and request.headers.get("authorization"):
        raise AuthError("the Authorization header must be 'Bearer <token>'")
    return web_repository.check_token(engine_of(request), token)
