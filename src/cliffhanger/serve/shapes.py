"""The JSON shapes of a show's state and its events, shared by the CLI, the API and the web.

Apart from `serve.queries` (which re-exports them) so that `cliffhanger status
--json` need not import the store's queries and SQLAlchemy with them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from cliffhanger.model import ShowState, TimelineEntry


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
        "label": state.label,
        "as_of": state.as_of.isoformat() if state.as_of else None,
        "outlet": state.outlet,
        "last_known": state.last_known,
        "waiting": state.waiting,
        "deciding": entry_json(state.deciding) if state.deciding else None,
    }
    if with_timeline:
        data["timeline"] = [entry_json(e) for e in state.timeline]
    return data


def show_json(show_id: int, state: ShowState, *, with_timeline: bool = False) -> dict[str, Any]:
    """Return a show's state as a JSON-ready dict, with its id first."""
    return {"id": show_id, **state_json(state, with_timeline=with_timeline)}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
