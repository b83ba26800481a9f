"""One exception tree for everything a user or the network can get wrong.

Each error carries a message, an optional hint on how to fix it, and the HTTP
status the API answers with. The CLI prints `Error: …` / `Hint: …` and exits 1.
"""

from __future__ import annotations


class CliffhangerError(Exception):
    """Base of every error Cliffhanger reports to a user."""

    http_status = 400

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(CliffhangerError):
    """A file, page or feed that cannot be read as news."""


class NotFoundError(CliffhangerError):
    """A show, event or path that does not exist."""

    http_status = 404


class FetchError(CliffhangerError):
    """A URL that could not be fetched (network, status, size, time)."""

    http_status = 502


class BlockedURLError(FetchError):
    """A URL refused by the SSRF guard (private, loopback, link-local)."""

    http_status = 400


class StoreError(CliffhangerError):
    """The database could not be reached or migrated."""

    http_status = 503


class AuthError(CliffhangerError):
    """A missing or invalid token."""

    http_status = 401


class ForbiddenError(CliffhangerError):
    """A revoked token, or an action the token may not take."""

    http_status = 403
