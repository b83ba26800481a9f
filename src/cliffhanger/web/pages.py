"""The pages: board (with search), show, review queue (token in a form), stats."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from cliffhanger.api.auth import engine_of
from cliffhanger.api.params import EventId, Offset, ShowId
from cliffhanger.api.write import after_write
from cliffhanger.errors import InputError
from cliffhanger.model import ShowStatus
from cliffhanger.serve import queries, stats
from cliffhanger.store import review, web_repository
from cliffhanger.web.charts import Bar, bar_chart
from cliffhanger.web.render import render

router = APIRouter(include_in_schema=False)
EngineDep = Annotated[Engine, Depends(engine_of)]
BOARD_PAGE = 500
SEARCH_PAGE = 50
QUEUE_PAGE = 50
DECISIONS = {"accept": "accepted", "reject": "rejected"}  # the form's buttons


def install(app: FastAPI) -> None:
    """Return once the pages and the static files are served by `app`."""
    from importlib.resources import files

    static = files("cliffhanger.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(router)
    from cliffhanger.web import forecast_pages

    app.include_router(forecast_pages.router)


@router.get("/", response_class=HTMLResponse)
def board(
    request: Request,
    engine: EngineDep,
    network: str | None = None,
    year: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
    since: Annotated[str | None, Query()] = None,
    q: str | None = None,
    offset: Offset = 0,
) -> Response:
    """Return the scorecard: a summary row per network, its shows by status (collapsed); or
    search results. Filters (network, status, decision year, decided since) live in the URL."""
    season_year = int(year) if year and year.strip().isdigit() else None
    network = network or None
    wanted = _status_filter(status)
    decided_since = _since_filter(since)
    filters = {"network": network, "year": season_year, "status": wanted, "since": decided_since}
    networks = [name for name, _ in queries.networks(engine)]
    context: dict[str, Any] = {
        "networks": networks,
        "statuses": [str(st) for st in queries.BOARD_ORDER],
        "network": network,
        "year": season_year,
        "status": str(wanted) if wanted else "",
        "since": decided_since.isoformat() if decided_since else "",
        "q": q or "",
        "results": None,
        "groups": [],
        "summary": [],
        "page": None,
        "unconfirmed": set(),
        "query": urlencode({k: v for k, v in filters.items() if v}),
        # a summary row links to its network's board, the other filters kept
        "query_for": lambda name: urlencode(
            {**{k: v for k, v in filters.items() if v and k != "network"}, "network": name}
        ),
    }
    if q and q.strip():
        found = queries.shows_page(engine, q, limit=SEARCH_PAGE)
        context["results"] = found.items
        context["unconfirmed"] = queries.unconfirmed(engine, found.items)
    else:
        page = queries.board_page(engine, **filters, limit=BOARD_PAGE, offset=offset)  # type: ignore[arg-type]
        context["page"] = page
        context["groups"] = queries.group_refs(page.items)
        context["summary"] = queries.board_summary(engine, **filters)  # type: ignore[arg-type]
        context["unconfirmed"] = queries.unconfirmed(engine, page.items)
    return render(request, "board.html", context)


def _status_filter(text: str | None) -> ShowStatus | None:
    """Return the status a board filter names (blank: none); InputError for another word."""
    if not text or not text.strip():
        return None
    try:
        return ShowStatus(text.strip().lower())
    except ValueError as e:
        raise InputError(
            f"unknown status {text.strip()[:40]!r}",
            hint="one of " + ", ".join(str(st) for st in ShowStatus),
        ) from e


def _since_filter(text: str | None) -> dt.date | None:
    """Return the date of a "decided since" filter (blank: none); InputError if not YYYY-MM-DD."""
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as e:
        raise InputError(f"not a date: {text.strip()[:40]!r}", hint="use YYYY-MM-DD") from e


@router.get("/shows/{show_id}", response_class=HTMLResponse)
def show(request: Request, engine: EngineDep, show_id: ShowId) -> Response:
    """Return a show's page: status in one line, timeline with evidence, cast, seasons."""
    detail = queries.show_detail(engine, show_id)
    ref = queries.ShowRef(show_id, detail.state)
    return render(
        request,
        "show.html",
        {
            "detail": detail,
            "state": detail.state,
            "unconfirmed": queries.unconfirmed(engine, [ref]),
            "odds": _odds(engine, show_id, detail.state.status),
        },
    )


def _odds(engine: Engine, show_id: int, status: object) -> Any:
    """Return a pending show's renewal odds (None for decided shows or without training data)."""
    from cliffhanger.forecast import service
    from cliffhanger.model import ShowStatus

    return service.show_odds(engine, show_id) if status is ShowStatus.PENDING else None


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, engine: EngineDep, done: str | None = None) -> Response:
    """Return the review queue: uncertain events, each with accept and reject forms."""
    items, total = review.review_queue(engine, QUEUE_PAGE)
    return render(request, "review.html", {"items": items, "total": total, "done": done or ""})


@router.post("/review/{event_id}")
async def decide(
    event_id: EventId, request: Request, background: BackgroundTasks, engine: EngineDep
) -> Response:
    """Return a redirect to the queue once the editor's decision is recorded (token in the form)."""
    from fastapi.concurrency import run_in_threadpool

    form = await request.form()
    token = str(form.get("token") or "").strip()
    decision = DECISIONS.get(str(form.get("decision") or ""))
    if decision is None:
        raise InputError(
            f"unknown review decision {str(form.get('decision') or '')[:40]!r}",
            hint="accept or reject",
        )

    def record() -> None:
        editor = web_repository.check_token(engine, token or None)
        review.decide(engine, event_id, decision, author=editor.name)

    await run_in_threadpool(record)
    after_write(request, background, engine)
    return RedirectResponse(
        f"/review?done={decision}+{event_id}", status_code=303, background=background
    )


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, engine: EngineDep) -> Response:
    """Return the stats page with its charts drawn as inline SVG."""
    result = stats.stats(engine)
    charts = {
        "by_network": bar_chart(
            "Share of decided shows canceled, by network",
            [_rate_bar(r.label, r) for r in result.by_network],
            maximum=1.0,
        ),
        "by_seasons": bar_chart(
            "Share of decided shows canceled, by seasons aired",
            [
                _rate_bar(f"{r.label} season{'s' if r.label != '1' else ''}", r)
                for r in result.by_seasons
            ],
            maximum=1.0,
        ),
        "waits": bar_chart(
            "Median days from a season's premiere to the decision",
            [
                Bar(w.label, w.median_days, f"{w.median_days:.0f} days (n={w.count})")
                for w in result.waits
            ],
        ),
    }
    return render(
        request, "stats.html", {"stats": result, "charts": charts, "min_group": stats.MIN_GROUP}
    )


def _rate_bar(label: str, rate: stats.Rate) -> Bar:
    """Return a rate's bar: share, 95% Wilson interval and n; grey under `stats.MIN_GROUP`."""
    low, high = rate.interval
    text = f"{rate.rate:.0%} ({low:.0%}–{high:.0%}), n={rate.decided}"
    if rate.small:
        text = f"n={rate.decided}: too few to judge"
    return Bar(
        label, rate.rate, text, interval=None if rate.small else (low, high), grey=rate.small
    )
