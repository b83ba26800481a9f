"""The bounds every surface checks numbers against: ids, offsets and seasons.

The CLI (Typer `min`/`max`), the API and the pages (FastAPI `Path`/`Query`,
Pydantic `Field`) and the store's editing functions all read these constants,
so a number one surface accepts every surface accepts, and none reaches the
database out of its column's range (which ends in an OverflowError on SQLite
above 2^63-1 and a DataError on PostgreSQL above 2^31-1).
"""

from __future__ import annotations

from cliffhanger.errors import InputError

# PostgreSQL's INTEGER is the narrowest id column on any backend we run on.
MAX_ID = 2**31 - 1
MAX_OFFSET = MAX_ID  # items to skip in a page; no table holds more rows than ids
MIN_SEASON = 0  # "0" is how some catalogs number specials
MAX_SEASON = 100


def check_season(season: int | None) -> int | None:
    """Return `season` if it is None or within MIN_SEASON..MAX_SEASON; InputError otherwise."""
    if season is not None and not MIN_SEASON <= season <= MAX_SEASON:
        raise InputError(
            f"season {season} is out of range",
            hint=f"a season is a number from {MIN_SEASON} to {MAX_SEASON}",
        )
    return season


def is_row_id(value: int) -> bool:
    """Return True if `value` can be a stored row's id (1..MAX_ID)."""
    return 1 <= value <= MAX_ID
