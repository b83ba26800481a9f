"""The renewal odds pages: /forecast (pending shows) and /forecast/backtest (how good they are)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine

from cliffhanger.api.auth import engine_of
from cliffhanger.web.charts import Point, reliability_chart
from cliffhanger.web.render import render

router = APIRouter(include_in_schema=False)
EngineDep = Annotated[Engine, Depends(engine_of)]


@router.get("/forecast", response_class=HTMLResponse)
def forecast_page(request: Request, engine: EngineDep, network: str | None = None) -> Response:
    """Return the pending shows with their odds and reasons, most at risk first."""
    from cliffhanger.forecast import service

    result = service.forecast(engine, network=network or None)
    return render(request, "forecast.html", {"forecast": result, "network": network or ""})


@router.get("/forecast/backtest", response_class=HTMLResponse)
def backtest_page(request: Request, engine: EngineDep) -> Response:
    """Return the walk-forward backtest: tables per year, network and kind, reliability chart."""
    from cliffhanger.forecast import backtest as bt
    from cliffhanger.forecast import service

    result = service.backtest(engine)
    chart = reliability_chart(
        "Reliability of the walk-forward forecasts, all years",
        [Point(b.predicted, b.observed, b.n) for b in result.reliability],
        judged=bt.DECILE_MIN,
    )
    return render(
        request,
        "backtest.html",
        {
            "bt": result,
            "chart": chart,
            "baselines": bt.BASELINES,
            "judged": bt.DECILE_MIN,
            "first_year": bt.FIRST_YEAR,
        },
    )
