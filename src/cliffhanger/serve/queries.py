"""The read queries every adapter shares (CLI now, API and web later), and their JSON shape.

Thin on purpose: SQL lives in `store/`, rules in `status/`; this module only
composes them so the CLI and the web can never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from cliffhanger.model import ShowState, ShowStatus, TimelineEntry
from cliffhanger.store import repository

# How a board reads, top to bottom: what is coming back first, what is gone last.
BOARD_ORDER: tuple[ShowStatus, ...] = (
    ShowStatus.RETURNING,
    ShowStatus.ENDING,
    ShowStatus.ORDERED,
    ShowStatus.PENDING,
    ShowStatus.CANCELED,
    ShowStatus.ENDED,
)
NO_NETWORK = "(unknown network)"


@dataclass(frozen=True)
class NetworkBoard:
    """One network's scorecard: its shows grouped by status, in `BOARD_ORDER`."""

    network: str
    groups: tuple[tuple[ShowStatus, tuple[ShowState, ...]], ...]

    @property
    def count(self) -> int:
        """Return how many shows the board holds."""
        return sum(len(shows) for _, shows in self.groups)


def show_status(engine: Engine, title: str) -> ShowState:
    """Return the current state of the show titled `title` (NotFoundError if unknown)."""
    return repository.show_state(engine, title)


def show_timeline(engine: Engine, title: str) -> list[TimelineEntry]:
    """Return the show's events oldest first (NotFoundError if unknown)."""
    return repository.timeline(engine, title)


def search(engine: Engine, text: str, limit: int = 20) -> list[ShowState]:
    """Return up to `limit` shows matching `text`, best match first, with their states."""
    return repository.find_shows(engine, text, limit)


def board(engine: Engine, network: str | None = None) -> list[NetworkBoard]:
    """Return one scorecard per network (only `network`'s if given), networks by name."""
    by_network: dict[str, list[ShowState]] = {}
    for state in repository.board(engine, network):
        by_network.setdefault(state.network or NO_NETWORK, []).append(state)
    return [
        NetworkBoard(network=name, groups=_grouped(states))
        for name, states in sorted(by_network.items(), key=lambda kv: kv[0].casefold())
    ]


def _grouped(states: Sequence[ShowState]) -> tuple[tuple[ShowStatus, tuple[ShowState, ...]], ...]:
    groups = []
    for status in BOARD_ORDER:
        shows = tuple(s for s in states if s.status is status)
        if shows:
            groups.append((status, shows))
    return tuple(groups)


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    """Return `entry` as a JSON-ready dict (dates as ISO strings)."""
    return {k: _plain(v) for k, v in dataclasses.asdict(entry).items()}


def state_json(state: ShowState, *, with_timeline: bool = False) -> dict[str, Any]:
    """Return `state` as a JSON-ready dict; the timeline only if asked for."""
    data: dict[str, Any] = {
        "show": state.show,
        "status": str(state.status),
        "network": state.network,
        "seasons": state.seasons,
        "reason": state.reason,
        "deciding": entry_json(state.deciding) if state.deciding else None,
    }
    if with_timeline:
        data["timeline"] = [entry_json(e) for e in state.timeline]
    return data


def board_json(boards: Sequence[NetworkBoard]) -> list[dict[str, Any]]:
    """Return boards as JSON-ready dicts: network, then shows by status."""
    return [
        {
            "network": b.network,
            "statuses": {str(status): [state_json(s) for s in shows] for status, shows in b.groups},
        }
        for b in boards
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
