"""One show's status read with plain SQL: what `cliffhanger status` needs, without SQLAlchemy.

Importing SQLAlchemy and the ORM tables costs a command about a third of a
second of CPU; `status` reads one show. This module holds what both read
paths share, and imports neither SQLAlchemy nor the store's tables:

- `state_of`: a show's state from its timeline and catalog facts (the
  rules of `status.current.show_status`, then the catalogs' season count).
  `store.show_status.show_statuses`, which every surface reads, calls it
  once per show; so does `read_state` here.
- `CatalogFacts` and `merged`: what the catalogs listing a show say, together.
- `read_state`: one show's id and state through `run`, a function that
  executes one SQL statement with `:name` parameters and returns its rows
  as tuples (a `sqlite3` connection's `execute(...).fetchall()` does).
  The SQL is the ORM path's (`repository.entry_query`, `show_status.catalog_facts`)
  for one show; `tests/store/test_status_read.py` checks both give equal states.
- `rules_hash`: the hash of the rules' source, stored beside the statuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cliffhanger.model import ShowState, Status, TimelineEntry
from cliffhanger.status.current import show_status
from cliffhanger.store.keys import name_key

Run = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]
_PACKAGE = Path(__file__).resolve().parents[1]
RULE_SOURCES = (
    "status/current.py",
    "status/rules.py",
    "store/show_status.py",
    "store/status_read.py",
)
_SHOW = "SELECT id, title, network_id FROM shows"
_BY_ID = f"{_SHOW} WHERE id = :id"
_BY_KEY = f"{_SHOW} WHERE key = :key"
_BY_ALIAS = (
    "SELECT s.id, s.title, s.network_id FROM shows s "
    "JOIN show_aliases a ON a.show_id = s.id WHERE a.key = :key"
)
# `repository.entry_query` for one show: rejected events left out, oldest id first.
_ENTRIES = (
    "SELECT e.id, s.title, n.name, e.status, e.season, e.date, e.speculative, e.confidence, "
    "e.evidence, e.attribution, d.canonical_url, d.url, d.source, d.outlet, e.is_correction, "
    "e.note, e.created_at, e.network_named, l.recommendation, l.score, r.decision "
    "FROM events e JOIN shows s ON s.id = e.show_id "
    "LEFT JOIN networks n ON n.id = e.network_id "
    "LEFT JOIN documents d ON d.id = e.document_id "
    "LEFT JOIN event_links l ON l.event_id = e.id "
    "LEFT JOIN review_decisions r ON r.event_id = e.id "
    "WHERE e.show_id = :id AND (r.decision IS NULL OR r.decision != 'rejected') "
    "ORDER BY e.id"
)
_CATALOG = "SELECT catalog_status, ended, seasons FROM show_catalog WHERE show_id = :id ORDER BY id"
_NETWORK = "SELECT name FROM networks WHERE id = :id"


@cache
def rules_hash() -> str:
    """Return a hash (hex, 64 chars) of the status rules' source files: new rules, new hash."""
    digest = hashlib.sha256()
    for name in RULE_SOURCES:
        digest.update((_PACKAGE / name).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class CatalogFacts:
    """What the catalogs listing a show say, together.

    `status`: a catalog's status word ("ended" if any catalog says so, else the
    first given); `ended`: the latest last air date; `seasons`: the most
    seasons any catalog counts.
    """

    status: str | None
    ended: dt.date | None
    seasons: int | None


def merged(
    old: CatalogFacts | None, status: str | None, ended: dt.date | None, seasons: int | None
) -> CatalogFacts:
    """Return `old` with one more catalog's status word, last air date and season count."""
    if old is None:
        return CatalogFacts(status, ended, seasons)
    # "ended" from any catalog wins; otherwise the first word given stays.
    keep = old.status is not None and status != "ended"
    status = old.status if keep else (status or old.status)
    if old.ended is not None and (ended is None or old.ended >= ended):
        ended = old.ended
    if old.seasons is not None and (seasons is None or old.seasons > seasons):
        seasons = old.seasons
    return CatalogFacts(status, ended, seasons)


def state_of(
    title: str,
    entries: Iterable[TimelineEntry],
    facts: CatalogFacts | None,
    today: dt.date | None = None,
) -> ShowState:
    """Return the state of the show `title` from its timeline and its catalogs' facts (or None).

    `status.current.show_status`, then a catalog that counts more seasons
    than the news decided on wins the count. The network, if no event names
    one, is the caller's to add (the show's own).
    """
    state = show_status(
        title,
        list(entries),
        catalog_status=facts.status if facts else None,
        ended=facts.ended if facts else None,
        today=today,
    )
    # A catalog that counts more seasons than the news decided on knows of later ones
    # (The Expanse: renewed for 5, six aired).
    more = facts.seasons if facts else None
    if more is not None and (state.seasons or 0) < more:
        state = dataclasses.replace(state, seasons=more)
    return state


def read_state(
    run: Run, id_or_title: str, today: dt.date | None = None
) -> tuple[int, ShowState] | None:
    """Return (show id, state) of the show named by an id ("42", "#42") or a title or alias.

    The lookup of `serve.queries.find_show`. None when no show is found: the
    caller's full path then raises the NotFoundError with its hints.
    Errors of `run` (the database's) pass through.
    """
    show = _find(run, id_or_title)
    if show is None:
        return None
    show_id, title, network_id = show
    entries = [_entry(row) for row in run(_ENTRIES, {"id": show_id})]
    facts = None
    for status, ended, seasons in run(_CATALOG, {"id": show_id}):
        facts = merged(facts, status, _date(ended), seasons)
    state = state_of(title, entries, facts, today)
    if state.network is None and network_id is not None:
        names = run(_NETWORK, {"id": network_id})
        state = dataclasses.replace(state, network=names[0][0] if names else None)
    return show_id, state


def _find(run: Run, id_or_title: str) -> tuple[int, str, int | None] | None:
    text = id_or_title.strip()
    digits = text.removeprefix("#")
    if digits.isdigit() and len(digits) < 11:
        rows = run(_BY_ID, {"id": int(digits)})
        if rows or text.startswith("#"):
            return rows[0] if rows else None
    key = name_key(text)
    if not key:
        return None
    rows = run(_BY_KEY, {"key": key}) or run(_BY_ALIAS, {"key": key})
    return rows[0] if rows else None


def _entry(row: tuple[Any, ...]) -> TimelineEntry:
    (id_, title, network, status, season, date, speculative, confidence, evidence) = row[:9]
    (attribution, canonical_url, url, source, outlet, is_correction, note) = row[9:16]
    (created_at, network_named, recommendation, score, decision) = row[16:]
    return TimelineEntry(
        id=id_,
        show=title,
        status=Status(status),
        network=network,
        season=season,
        date=_date(date),
        speculative=bool(speculative),
        confidence=confidence,
        evidence=evidence,
        attribution=attribution,
        source=canonical_url or url or source,
        outlet=outlet,
        is_correction=bool(is_correction),
        note=note,
        recorded_at=_moment(created_at),
        url=canonical_url or url,
        network_named=network_named,
        link=recommendation,
        link_score=score,
        review=decision,
    )


def _date(value: Any) -> dt.date | None:
    # SQLite hands back text, PostgreSQL a date.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _moment(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
