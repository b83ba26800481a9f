"""`cliffhanger backfill`: large JSONL archives into the store, partition by partition, on Dask."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cliffhanger.cli import app, console, err_console
from cliffhanger.cli.common import reporting
from cliffhanger.config import Settings
from cliffhanger.errors import InputError


@app.command()
def backfill(
    archives: Annotated[
        list[str], typer.Argument(help="JSONL archives (.jsonl, .jsonl.gz), read by every worker.")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="A Dask scheduler's address (tcp://host:8786) to run the tasks on."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=256,
            help="Without --scheduler: local worker processes (default: one per CPU).",
        ),
    ] = None,
    partition: Annotated[
        int, typer.Option("--partition", min=1, max=1_000_000, help="Archive lines per task.")
    ] = 1000,
) -> None:
    """Store large archives in parallel on Dask: one transaction per partition, resumable.

    Each partition of --partition lines is extracted and stored by a Dask worker
    in one transaction that also records it as done; run the same command again
    after a stop and only the unfinished partitions run. Workers open
    CLIFFHANGER_DATABASE_URL themselves and read the archives at the paths given.
    """
    from cliffhanger.sources.backfill import PartitionReport
    from cliffhanger.sources.backfill import backfill as run_backfill

    def done(report: PartitionReport) -> None:
        p = report.partition
        err_console.print(
            f"{escape(p.archive)} lines {p.first}-{p.last}: {report.read} documents, "
            f"{report.new} new",
            highlight=False,
        )

    with reporting():
        if scheduler is not None and workers is not None:
            raise InputError("--workers is for a local cluster", hint="give one of the two")
        report = run_backfill(
            Settings.from_env().database_url,
            archives,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition,
            on_partition=done,
        )
    console.print(
        f"{report.partitions} partitions ({report.skipped} done before): {report.read} documents "
        f"read, {report.new} new, {report.events} events added, {report.errors} unreadable records",
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(1)
