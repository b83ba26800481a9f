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
from cliffhanger.bounds import MAX_ID
from cliffhanger.errors import CliffhangerError, InputError
from cliffhanger.model import ShowStatus, Status
from cliffhanger.serve import queries, stats
from cliffhanger.store import review, web_repository
from cliffhanger.web.charts import Bar, bar_chart
from cliffhanger.web.render import render

router = APIRouter(include_in_schema=False)
EngineDep = Annotated[Engine, Depends(engine_of)]
BOARD_PAGE = 200  # networks are collapsed: the summary row says the rest
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
def review_queue(
    request: Request,
    engine: EngineDep,
    done: str | None = None,
    status: Annotated[str | None, Query()] = None,
    network: Annotated[str | None, Query()] = None,
    max_score: Annotated[str | None, Query()] = None,
    offset: Offset = 0,
) -> Response:
    """Return the review queue: filters, a page of events with checkboxes, one bulk form.

    The editor's token is asked once: the first decision stores it in an
    HttpOnly, SameSite=Strict cookie limited to /review, so later pages ask no more.
    """
    only = _queue_filter(status, network, max_score)
    items, total = review.review_queue(engine, QUEUE_PAGE, offset=offset, only=only)
    filters = {
        "status": str(only.status) if only.status else "",
        "network": only.network or "",
        "max_score": "" if only.max_score is None else f"{only.max_score:g}",
    }
    editor = _session_editor(engine, request.cookies.get(SESSION_COOKIE))
    context = {
        "items": items,
        "total": total,
        "done": done or "",
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "offset": offset,
        "limit": QUEUE_PAGE,
        "kinds": [str(st) for st in Status],
        "networks": [name for name, _ in queries.networks(engine)],
        "editor": editor,
    }
    return render(request, "review.html", context)


SESSION_COOKIE = "cliffhanger_editor"


def _session_editor(engine: Engine, token: str | None) -> str | None:
    """Return the name of the editor whose token the session cookie holds, or None."""
    if not token:
        return None
    try:
        return web_repository.check_token(engine, token).name
    except CliffhangerError:
        return None  # revoked or unknown: ask again


def _queue_filter(
    status: str | None, network: str | None, max_score: str | None
) -> review.QueueFilter:
    """Return the queue filter of the page's query; InputError for a word or number out of range."""
    kind = None
    if status and status.strip():
        try:
            kind = Status(status.strip().lower())
        except ValueError as e:
            raise InputError(
                f"unknown decision kind {status.strip()[:40]!r}",
                hint="one of " + ", ".join(str(st) for st in Status),
            ) from e
    score = None
    if max_score and max_score.strip():
        try:
            score = float(max_score)
        except ValueError as e:
            raise InputError(f"not a score: {max_score[:40]!r}", hint="a number 0 to 1") from e
        if not 0 <= score <= 1:
            raise InputError(f"score {score:g} out of range", hint="a number 0 to 1")
    return review.QueueFilter(status=kind, network=(network or "").strip() or None, max_score=score)


@router.post("/review/bulk")
async def decide_bulk(request: Request, background: BackgroundTasks, engine: EngineDep) -> Response:
    """Return a redirect to the queue once the decision on every ticked event is recorded."""
    from fastapi.concurrency import run_in_threadpool

    form = await request.form()
    token = str(form.get("token") or "").strip() or request.cookies.get(SESSION_COOKIE) or ""
    decision = DECISIONS.get(str(form.get("decision") or ""))
    if decision is None:
        raise InputError(
            f"unknown review decision {str(form.get('decision') or '')[:40]!r}",
            hint="accept or reject",
        )
    ids = []
    for value in form.getlist("event"):
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
            raise InputError(f"not an event id: {text[:40]!r}", hint="tick events in the list")
        ids.append(int(text))
    if not ids:
        raise InputError("no event ticked", hint="tick the events to accept or reject")
    back = str(form.get("back") or "")
    back = back if back.startswith("/review") and "//" not in back else "/review"

    def record() -> None:
        editor = web_repository.check_token(engine, token or None)
        review.decide_many(engine, ids, decision, author=editor.name)

    await run_in_threadpool(record)
    after_write(request, background, engine)
    joiner = "&" if "?" in back else "?"
    response = RedirectResponse(
        f"{back}{joiner}done={decision}+{len(ids)}", status_code=303, background=background
    )
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="strict", path="/review", max_age=8 * 3600
    )
    return response


@router.post("/review/signout")
def sign_out() -> Response:
    """Return a redirect to the queue with the editor's session cookie cleared."""
    response = RedirectResponse("/review", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/review")
    return response


@router.post("/review/{event_id}")
async def decide(
    event_id: EventId, request: Request, background: BackgroundTasks, engine: EngineDep
) -> Response:
    """Return a redirect to the queue once the editor's decision is recorded (token in the form)."""
    from fastapi.concurrency import run_in_threadpool

    form = await request.form()
    token = str(form.get("token") or "").strip() or request.cookies.get(SESSION_COOKIE) or ""
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
