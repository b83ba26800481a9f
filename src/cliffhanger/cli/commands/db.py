"""`cliffhanger db`: the database itself (schema migrations, stored statuses)."""

from __future__ import annotations

import typer

from cliffhanger.cli import app, console
from cliffhanger.cli.common import database, reporting
from cliffhanger.config import Settings

db_app = typer.Typer(
    help="The database: migrate its schema, compute its stored statuses.", no_args_is_help=True
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database (CLIFFHANGER_DATABASE_URL) to the latest schema; safe to repeat."""
    from sqlalchemy import inspect

    from cliffhanger.store.engine import make_engine, upgrade

    with reporting():
        url = Settings.from_env().database_url
        engine = make_engine(url)
        try:
            upgrade(engine)
            tables = len(inspect(engine).get_table_names())
        finally:
            engine.dispose()
    shown = engine.url.render_as_string(hide_password=True)
    console.print(f"{shown}: schema up to date ({tables} tables).", highlight=False)


@db_app.command("statuses")
def db_statuses() -> None:
    """Compute every show's stored status again (after rows were written by other means: SQL)."""
    from sqlalchemy.orm import Session

    from cliffhanger.store import show_current

    with reporting(), database() as engine, Session(engine) as session, session.begin():
        count = show_current.rebuild(session)
    console.print(
        f"Computed the status of {count} show{'s' if count != 1 else ''}.", highlight=False
    )
