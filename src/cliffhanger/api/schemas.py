"""Request bodies of the write endpoints (Pydantic sits at the edges)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from cliffhanger.api.params import IsoDate
from cliffhanger.bounds import MAX_ID, MAX_SEASON, MIN_SEASON
from cliffhanger.model import Status

# Request-body types over the shared bounds (the path and query types in `api/params.py`
# use the same constants; `bounds` itself stays free of Pydantic for the CLI's start-up).


def _json_number(value: Any) -> Any:
    # A JSON body's integer is a JSON number (6 or 6.0, as JSON Schema has it), never "6".
    if isinstance(value, str):
        raise ValueError("a number, not a string")
    return value


RowId = Annotated[
    int, Field(ge=1, le=MAX_ID, description="a stored row's id"), BeforeValidator(_json_number)
]
SeasonNumber = Annotated[
    int,
    Field(ge=MIN_SEASON, le=MAX_SEASON, description="a season"),
    BeforeValidator(_json_number),
]


class DocumentIn(BaseModel):
    """An article to ingest, as JSON: its text (or HTML) and what is known of it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["text"]}, {"required": ["html"]}]},
    )

    text: str | None = Field(None, min_length=1, description="plain text of the article")
    html: str | None = Field(None, min_length=1, description="or the article's HTML page")
    title: str | None = None
    url: str | None = None
    published: IsoDate | None = None
    outlet: str | None = None


class ReviewIn(BaseModel):
    """An editor's verdict on a queued event."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["accept", "reject", "accepted", "rejected"]


class BulkReviewIn(BaseModel):
    """An editor's verdict on several queued events at once (up to 500)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[RowId] = Field(min_length=1, max_length=500)
    decision: Literal["accept", "reject", "accepted", "rejected"]


class CorrectionIn(BaseModel):
    """An editor's correction of a show's status: stored as an event that wins."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    season: SeasonNumber | None = None
    network: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=2000)
    date: dt.date | None = None


class WatchlistIn(BaseModel):
    """A watchlist: shows to follow, and where to post their status changes."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=200)
    shows: list[RowId] = Field(..., min_length=1, max_length=1000)
    webhook_url: str | None = Field(None, max_length=2000, pattern=r"^https?://[^\s/?#]+")
    secret: str | None = Field(None, min_length=8, max_length=200)

    @field_validator("webhook_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("webhook_url must be an http:// or https:// URL")
        return value


class ErrorBody(BaseModel):
    """What went wrong: the HTTP status, one line, and maybe how to fix it."""

    status: int
    message: str
    hint: str | None = None


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer: {"error": {"status", "message", "hint"}}."""

    error: ErrorBody


_MEANING = {
    400: "The input cannot be used (see the message)",
    401: "No valid bearer token",
    403: "The token was revoked",
    404: "No such show, event or watchlist",
    413: "The request body is over the size limit",
    422: "A parameter or the body does not match the schema",
    503: "The database cannot be reached or written",
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the If-None-Match header names the current ETag"}
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI `responses` entries of these error statuses, in the one error shape."""
    return {code: {"model": ErrorOut, "description": _MEANING[code]} for code in codes}


def link(path: str, method: str, **parameters: str) -> dict[str, Any]:
    """Return an OpenAPI link to the operation `method path`, its parameters from this answer."""
    ref = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
    return {"operationRef": ref, "parameters": parameters}


SHOW = "/api/shows/{show_id}"
REVIEW = "/api/events/{event_id}/review"
