"""Web commands: `serve` the API and pages, `token` create/list/revoke, `deliver` webhooks.

Webhooks are sent by the server right after the write that changed a status
(a background task, bounded timeouts); `cliffhanger deliver` sends whatever
is still pending, e.g. from cron after the server was stopped mid-retry.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cliffhanger.cli import app, console
from cliffhanger.cli.common import database, reporting

token_app = typer.Typer(help="Bearer tokens for the API's write endpoints.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    allow_private_webhooks: Annotated[
        bool,
        typer.Option(help="Let watchlists post webhooks to private and loopback addresses."),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (each keeps its own board cache).")
    ] = 1,
) -> None:
    """Serve the web pages, the JSON API (/api, docs at /docs) and Atom feeds (/feeds)."""
    import uvicorn

    from cliffhanger.api import create_app

    with reporting(), database() as engine:
        console.print(
            f"Serving on http://{escape(host)}:{port}/ (API docs at /docs); Ctrl+C stops.",
            highlight=False,
        )
        if workers == 1:
            app = create_app(engine, allow_private_webhooks=allow_private_webhooks, warm_board=True)
            uvicorn.run(app, host=host, port=port, log_level="info")
            return
    # Several processes: each builds the app itself from the environment.
    from cliffhanger.api.asgi import ALLOW_PRIVATE_WEBHOOKS

    os.environ[ALLOW_PRIVATE_WEBHOOKS] = "1" if allow_private_webhooks else ""
    uvicorn.run(
        "cliffhanger.api.asgi:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option("--name", help="Who or what the token is for.")],
) -> None:
    """Create a token and print it once (only its sha256 is stored)."""
    from cliffhanger.store import web_repository

    with reporting(), database() as engine:
        token, secret = web_repository.create_token(engine, name)
    console.print(
        f"Token {escape(token.name)!s} created. It is shown once; keep it:", highlight=False
    )
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Option("--name", help="The token's name.")],
) -> None:
    """Revoke a token: requests made with it are refused (403) from now on."""
    from cliffhanger.store import web_repository

    with reporting(), database() as engine:
        token = web_repository.revoke_token(engine, name)
    console.print(f"Token {escape(token.name)} revoked.", highlight=False)


@token_app.command("list")
def token_list() -> None:
    """List tokens by name, with when they were created and revoked."""
    from cliffhanger.store import web_repository

    with reporting(), database() as engine:
        tokens = web_repository.list_tokens(engine)
    if not tokens:
        console.print("No tokens. Create one with `cliffhanger token create --name NAME`.")
        return
    table = Table()
    for column in ("name", "created", "revoked"):
        table.add_column(column)
    for t in tokens:
        revoked = t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else ""
        table.add_row(escape(t.name), t.created_at.isoformat(timespec="seconds"), revoked)
    console.print(table)


@app.command()
def deliver(
    allow_private_webhooks: Annotated[
        bool, typer.Option(help="Allow webhooks to private and loopback addresses.")
    ] = False,
) -> None:
    """Notice status changes of watched shows and send their pending webhooks."""
    from cliffhanger.serve import webhooks

    with reporting(), database() as engine:
        queued = webhooks.notice_changes(engine)
        result = webhooks.send_pending(engine, allow_private=allow_private_webhooks)
    console.print(
        f"{len(queued)} changes queued, {result.delivered} delivered, {result.failed} failed",
        highlight=False,
    )
    if result.failed:
        raise typer.Exit(1)
