"""What every command module shares: one-line errors, the database, JSON, progress bars."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from cliffhanger.cli import _is_database_error, _state, err_console, fail
from cliffhanger.config import Settings
from cliffhanger.errors import CliffhangerError

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlalchemy import Engine

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@contextmanager
def reporting() -> Iterator[None]:
    """Turn library and database errors raised inside into `Error: …` lines and exit status 1.

    `main()` does this too, but Typer's CliRunner calls `app` directly.
    """
    try:
        yield
    except CliffhangerError as e:
        if _state["debug"]:
            raise
        raise fail(e) from e
    except Exception as e:
        if not _is_database_error(e):
            raise
        from cliffhanger.store.engine import database_error

        # A write on a read-only database, a server gone mid-run, a full disk: one line,
        # never the SQL or its parameters (a token's hash is one).
        if _state["debug"]:
            raise
        raise fail(database_error(e)) from e


@contextmanager
def database() -> Iterator[Engine]:
    """Yield the engine of CLIFFHANGER_DATABASE_URL, schema migrated, disposed after."""
    from cliffhanger.store.engine import open_store

    engine = open_store(Settings.from_env().database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def echo_json(data: Any) -> None:
    """Print `data` as indented JSON on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def file_error(message: str) -> None:
    """Print one input's error as an `Error:` line; the command goes on with the rest."""
    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False)


def progress() -> Progress:
    """Return a progress bar on stderr, shown only on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
