"""Renewal odds under /api: the pending shows' forecast and the walk-forward backtest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Engine

from cliffhanger.api.auth import engine_of
from cliffhanger.api.schemas import errors

router = APIRouter(prefix="/api", tags=["forecast"], responses=errors(400, 422, 503))
EngineDep = Annotated[Engine, Depends(engine_of)]


@router.get(
    "/forecast",
    summary="Renewal odds of every pending show, most at risk first",
    responses=errors(404),
)
def forecast(
    engine: EngineDep,
    network: Annotated[str | None, Query(description="only this network's shows")] = None,
) -> dict[str, Any]:
    """Return P(renewed) and the reasons for each pending show, with the as-of date.

    404 for a network no show has; 400 when there is too little to train on.
    """
    from cliffhanger.forecast import service

    return service.forecast_json(service.forecast(engine, network=network or None))


@router.get("/forecast/backtest", summary="Walk-forward backtest by season year, with baselines")
def backtest(engine: EngineDep) -> dict[str, Any]:
    """Return accuracy, Brier score, log loss and reliability per year, network and kind."""
    from cliffhanger.forecast import service

    return service.backtest_json(service.backtest(engine))
