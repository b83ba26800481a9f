"""Request bodies of the write endpoints (Pydantic sits at the edges)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cliffhanger.bounds import RowId, SeasonNumber
from cliffhanger.model import Status


class DocumentIn(BaseModel):
    """An article to ingest, as JSON: its text (or HTML) and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="or the article's HTML page")
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


class ReviewIn(BaseModel):
    """An editor's verdict on a queued event."""

    model_config = ConfigDict(extra="forbid")

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
    webhook_url: str | None = Field(None, max_length=2000)
    secret: str | None = Field(None, min_length=8, max_length=200)

    @field_validator("webhook_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("webhook_url must be an http:// or https:// URL")
        return value
