"""The `cliffhanger` command: parses options, calls the library, renders results.

No SQL and no rules here: every command calls a stage or a query in `serve/`.
Errors from the library become a one-line `Error: …` (and `Hint: …`), exit 1.

Start-up is paid per command: command modules import only Typer and Rich at
the top and their libraries (SQLAlchemy, Alembic, trafilatura, the extraction
patterns) inside the command that needs them, so `--help` and `status` do not
load what `ingest` uses.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, TypeGuard

import typer
from rich.console import Console
from rich.markup import escape

from cliffhanger.errors import CliffhangerError

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError

app = typer.Typer(
    name="cliffhanger",
    help="Knows the fate of every TV series: extract decisions from news, track them, serve them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # an error stays one line
_state = {"debug": False}


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log more."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Log only errors."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
) -> None:
    """Knows the fate of every TV series."""
    from rich.logging import RichHandler

    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False)],
        force=True,
    )
    _state["debug"] = debug
    # Libraries that log every odd page at WARNING: their notes are not the user's errors.
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.CRITICAL)


def report(error: CliffhangerError) -> None:
    """Print a library error as one line, plus its hint."""
    err_console.print(f"[bold red]Error:[/] {escape(error.message)}", highlight=False)
    if error.hint:
        err_console.print(f"[bold]Hint:[/] {escape(error.hint)}", highlight=False)


def fail(error: CliffhangerError) -> typer.Exit:
    """Print a library error and return the exit (status 1) for the caller to raise."""
    report(error)
    return typer.Exit(1)


def _register() -> None:
    # Command modules attach themselves to `app` on import.
    from cliffhanger.cli import commands  # noqa: F401  (import registers commands)


def main() -> None:
    """Entry point of the `cliffhanger` script."""
    _register()
    try:
        app()
    except CliffhangerError as e:
        if _state["debug"]:
            raise
        raise SystemExit(fail(e).exit_code) from e
    except Exception as e:
        if _state["debug"] or not _is_database_error(e):
            raise
        # one that no command's `reporting()` caught
        from cliffhanger.store.engine import database_error

        raise SystemExit(fail(database_error(e)).exit_code) from e
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)


def _is_database_error(error: Exception) -> TypeGuard[SQLAlchemyError]:
    """Return True if `error` is SQLAlchemy's (never imported: it cannot be)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.SQLAlchemyError)
