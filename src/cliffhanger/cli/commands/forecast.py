"""`cliffhanger forecast`: renewal odds for the pending shows, and the walk-forward backtest."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.cli import app, console
from cliffhanger.cli.common import JsonFlag, database, echo_json, reporting
from cliffhanger.errors import InputError


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise InputError(f"--as-of {text!r} is not a date", hint="write it as 2025-05-31") from e


@app.command()
def forecast(
    network: Annotated[
        str | None, typer.Option("--network", help="Only this network's pending shows.")
    ] = None,
    backtest: Annotated[
        bool, typer.Option("--backtest", help="Print the walk-forward backtest instead.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Forecast as of this date (YYYY-MM-DD).")
    ] = None,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            help="Folder with status/ and catalog/ training data "
            "(default: $CLIFFHANGER_DATA_DIR, else ../shared/data).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Renewal odds for every pending show, most at risk first: P(renewed), reasons, as-of date."""
    from cliffhanger.forecast import service

    with reporting():
        when = _date(as_of)
        if backtest:
            if network:
                raise InputError("--network does not apply to --backtest", hint="drop one")
            with database() as engine:
                result = service.backtest(engine, data=data)
            if as_json:
                echo_json(service.backtest_json(result))
            else:
                _print_backtest(result)
            return
        with database() as engine:
            odds = service.forecast(engine, data=data, as_of=when, network=network)
    if as_json:
        echo_json(service.forecast_json(odds))
        return
    console.print(
        f"Renewal odds as of {odds.as_of.isoformat()} · model {odds.model}, "
        f"trained on {odds.trained_on} decided seasons",
        highlight=False,
    )
    if not odds.items:
        console.print("No pending shows" + (f" on {escape(network)}." if network else "."))
        return
    table = Table()
    for column in ("P(renewed)", "show", "network", "seasons", "reasons"):
        table.add_column(column)
    for item in odds.items:
        seasons = str(item.seasons) if item.seasons_known else f"{item.seasons}?"
        table.add_row(
            f"{item.renewed:.0%}",
            escape(item.show),
            escape(item.network or "(unknown)"),
            seasons,
            escape("; ".join(r.text() for r in item.reasons)),
        )
    console.print(table)


def _fmt(value: float, digits: int = 3) -> str:
    return "" if math.isnan(value) else f"{value:.{digits}f}"


def _print_backtest(result: object) -> None:
    from cliffhanger.forecast.backtest import BASELINES, DECILE_MIN, Backtest

    assert isinstance(result, Backtest)
    for title, rows in (
        ("By season year", [*result.years, *([result.overall] if result.overall else [])]),
        ("By network (all years)", result.networks),
        ("By kind of network (all years)", result.kinds),
    ):
        table = Table(title=title)
        for column in ("", "n", "model", "acc", "Brier", "log loss"):
            table.add_column(column)
        for name in BASELINES:
            table.add_column(f"{name} acc/Brier")
        for row in rows:
            table.add_row(
                escape(row.label),
                str(row.model.n),
                row.chosen,
                _fmt(row.model.accuracy),
                _fmt(row.model.brier, 4),
                _fmt(row.model.log_loss),
                *(
                    f"{_fmt(row.baselines[b].accuracy)} / {_fmt(row.baselines[b].brier, 4)}"
                    for b in BASELINES
                ),
            )
        console.print(table)
    table = Table(title=f"Reliability (all years; judged where n >= {DECILE_MIN})")
    for column in ("P(renewed)", "n", "mean forecast", "share renewed", "gap"):
        table.add_column(column)
    for b in result.reliability:
        table.add_row(
            f"{b.low:.1f}-{b.high:.1f}",
            str(b.n),
            _fmt(b.predicted),
            _fmt(b.observed),
            _fmt(b.gap) if b.n else "",
        )
    console.print(table)
    console.print(
        f"Seed {result.seed}; for a forecast today the backtest picks: {result.chosen_now}",
        highlight=False,
    )
