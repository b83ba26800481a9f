"""Path and query parameter types of the API and the pages, bounded by `cliffhanger.bounds`.

An id or offset out of range is a 422 with the usual error shape, never a
query the database cannot run.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from cliffhanger.bounds import MAX_ID, MAX_OFFSET

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
ShowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a show's id")]
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="an event's id")]
WatchlistId = Annotated[int, Path(ge=1, le=MAX_ID, description="a watchlist's id")]
