"""Path and query parameter types of the API and the pages, bounded by `cliffhanger.bounds`.

An id or offset out of range is a 422 with the usual error shape, never a
query the database cannot run.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

from cliffhanger.bounds import MAX_ID, MAX_OFFSET

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def _whole_number(value: Any) -> Any:
    # Pydantic reads " 6" (any surrounding whitespace) as 6; the schema says integer.
    if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value):
        raise ValueError("a whole number is written in digits only")
    return value


# After the Query/Path marker in one Annotated: nested, FastAPI drops the bounds from the schema.
DIGITS = BeforeValidator(_whole_number)
Limit = Annotated[int, Query(ge=1, le=500, description="page size"), DIGITS]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip"), DIGITS]
ShowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a show's id"), DIGITS]
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="an event's id"), DIGITS]
WatchlistId = Annotated[int, Path(ge=1, le=MAX_ID, description="a watchlist's id"), DIGITS]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # Pydantic reads "0", 0 or "1700000000" as a Unix time; a date here is written YYYY-MM-DD.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
