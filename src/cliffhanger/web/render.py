"""Rendering pages: one Jinja2 environment over the package's templates, autoescape on."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from cliffhanger.status.current import decides

STATUS_LABELS = {
    "returning": "Returning",
    "ending": "Ending",
    "ordered": "Ordered / new",
    "pending": "Pending",
    "canceled": "Canceled",
    "ended": "Ended",
}


@cache
def environment() -> Environment:
    """Return the Jinja2 environment (built once): every value escaped unless marked safe."""
    env = Environment(
        loader=PackageLoader("cliffhanger.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["status_labels"] = STATUS_LABELS
    env.globals["decides"] = decides  # whether an event counts (status.current)
    return env


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Return the page `template` rendered with `context`."""
    html = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
