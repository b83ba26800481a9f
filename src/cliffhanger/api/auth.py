"""Bearer tokens for the write endpoints: 401 without a valid one, 403 for a revoked one."""

from __future__ import annotations

from fastapi import Request
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


def editor(request: Request) -> Token:
    """Return the token the request is made with (a FastAPI dependency of write routes)."""
    token = bearer(request)
    if token is None and request.headers.get("authorization"):
        raise AuthError("the Authorization header must be 'Bearer <token>'")
    return web_repository.check_token(engine_of(request), token)
