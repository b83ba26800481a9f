"""Catalogs that bring real ids: TMDB series details (TMDB ids) and OMDb series (IMDb ids).

- `read_tmdb_details`: JSON lines (optionally gzipped), one TMDB `/tv/{id}`
  answer a line: `id`, `name`, `original_name`, `first_air_date`,
  `last_air_date`, `status` ("Ended", "Returning Series", "Canceled", "In
  Production", "Planned", "Pilot"), `number_of_seasons`,
  `number_of_episodes`, `networks` [{"name"}]. The first network is the
  show's; the others are kept as `other_networks` (Lucifer: FOX, Netflix).
- `read_omdb_csv`: CSV (optionally gzipped) with columns `id` (IMDb
  "tt..."), `title`, `json` (a Python-literal OMDb record whose `Year` is
  "2015–2016" or "2015–"), `seasons`. OMDb names no network; its years give
  the premiere year and, for a closed range, the last year aired. Its
  status is left unknown: the file is a 2017 snapshot, and "2015–2016" then
  says nothing of a revival since.

Both raise `InputError` for an unreadable file or a file of another shape.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cliffhanger.errors import InputError
from cliffhanger.model import ShowStatus
from cliffhanger.resolution.catalog import CatalogShow, map_status
from cliffhanger.resolution.networks import NetworkIndex, default_index

# TMDB status words CATALOG_STATUS does not know, mapped here.
TMDB_EXTRA = {"pilot": ShowStatus.ORDERED}
_YEARS = re.compile(r"(\d{4})\s*[–-]?\s*(\d{4})?")
csv.field_size_limit(10_000_000)  # OMDb's json column holds whole records


def _open_text(path: str | Path) -> io.TextIOBase:
    opener: Any = gzip.open if str(path).endswith(".gz") else open
    try:
        return opener(path, "rt", encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(f"cannot read catalog {path}: {e}", hint="check the path") from e


def _iso(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def tmdb_show(record: dict[str, Any], networks: NetworkIndex) -> CatalogShow | None:
    """Return the CatalogShow of one TMDB details record, or None without an id and a name."""
    name = str(record.get("name") or "").strip()
    tmdb_id = record.get("id")
    if not name or not isinstance(tmdb_id, int):
        return None
    named = [
        n["name"].strip()
        for n in record.get("networks") or []
        if isinstance(n, dict) and isinstance(n.get("name"), str) and n["name"].strip()
    ]
    canon = [networks.current(n) or n for n in named]
    status_word = str(record.get("status") or "").strip().casefold()
    status = TMDB_EXTRA.get(status_word) or map_status(status_word)
    premiered = _iso(record.get("first_air_date"))
    ended = _iso(record.get("last_air_date")) if status_word in ("ended", "canceled") else None
    original = str(record.get("original_name") or "").strip()
    return CatalogShow(
        title=name,
        network=canon[0] if canon else None,
        other_networks=tuple(dict.fromkeys(canon[1:])),
        premiered=premiered,
        ended=ended,
        status=status.value if status else None,
        seasons=record.get("number_of_seasons")
        if isinstance(record.get("number_of_seasons"), int)
        else None,
        episodes=record.get("number_of_episodes")
        if isinstance(record.get("number_of_episodes"), int)
        else None,
        external_ids={"tmdb": str(tmdb_id)},
        aliases=(original,) if original and original.casefold() != name.casefold() else (),
    )


def read_tmdb_details(path: str | Path, networks: NetworkIndex | None = None) -> list[CatalogShow]:
    """Return the series of a TMDB details JSON-lines file (see the module docstring)."""
    networks = networks or default_index()
    shows: list[CatalogShow] = []
    with _open_text(path) as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(
                        f"{path}:{number}: not JSON ({e.msg})",
                        hint="a TMDB details file has one JSON object a line",
                    ) from e
                show = tmdb_show(record, networks) if isinstance(record, dict) else None
                if show is not None:
                    shows.append(show)
        except (OSError, EOFError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read catalog {path}: {e}", hint="check the path") from e
    if not shows:
        raise InputError(f"{path}: no TMDB series in it", hint="expected lines with id and name")
    return shows


def omdb_years(text: str) -> tuple[int | None, int | None]:
    """Return (first, last) year of an OMDb `Year`: "2015–2016" both, "2015–" (2015, None)."""
    match = _YEARS.search(text or "")
    if not match:
        return None, None
    end = match.group(2)
    return int(match.group(1)), int(end) if end else None


def _omdb_record(text: str) -> dict[str, Any]:
    try:
        value = ast.literal_eval(text) if text else {}
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _omdb_rows(path: str | Path) -> Iterator[dict[str, str]]:
    with _open_text(path) as handle:
        try:
            reader = csv.DictReader(handle)
            missing = {"id", "title", "json"} - set(reader.fieldnames or ())
            if missing:
                raise InputError(
                    f"{path}: not an OMDb series file (no {', '.join(sorted(missing))} column)",
                    hint="an OMDb series CSV has the columns id, title, json, seasons",
                )
            yield from reader
        except (OSError, EOFError, UnicodeDecodeError, csv.Error) as e:
            raise InputError(f"cannot read catalog {path}: {e}", hint="check the path") from e


def read_omdb_csv(path: str | Path) -> list[CatalogShow]:
    """Return the series of an OMDb CSV (IMDb ids, years, seasons, actors; no network)."""
    shows: list[CatalogShow] = []
    seen: set[str] = set()
    for row in _omdb_rows(path):
        imdb = (row.get("id") or "").strip()
        title = (row.get("title") or "").strip()
        if not imdb.startswith("tt") or not title or imdb in seen:
            continue
        seen.add(imdb)
        record = _omdb_record(row.get("json") or "")
        start, end = omdb_years(str(record.get("Year", "")))
        actors = [a.strip() for a in str(record.get("Actors", "")).split(",")]
        seasons = re.match(r"\d+", row.get("seasons") or "")
        shows.append(
            CatalogShow(
                title=title,
                year=start,
                seen_year=end,
                seasons=int(seasons.group()) if seasons else None,
                external_ids={"imdb": imdb},
                cast=tuple((a, "") for a in actors if a and a != "N/A"),
            )
        )
    return shows
