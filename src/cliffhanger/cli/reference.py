"""The CLI reference (docs/cli.md), generated from each command's --help.

    python -m cliffhanger.cli.reference > docs/cli.md

A test renders it again and compares, so the reference never drifts from the code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import click
import typer
from typer.testing import CliRunner

from cliffhanger.cli import _register, app

WIDTH = "100"


def command_paths() -> Iterator[list[str]]:
    """Yield every command's path (["catalog", "import"] …), groups before their commands."""
    _register()
    root = typer.main.get_command(app)

    def walk(cmd: Any, path: list[str]) -> Iterator[list[str]]:
        yield path
        # Typer's groups are click groups in all but class (typer ships its own click core)
        if hasattr(cmd, "list_commands") and hasattr(cmd, "get_command"):
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    yield from walk(sub, [*path, name])

    yield from walk(root, [])


def render() -> str:
    """Return the reference as Markdown: one section of --help output per command."""
    env = {**os.environ, "COLUMNS": WIDTH, "TERMINAL_WIDTH": WIDTH, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    runner = CliRunner()
    parts = [
        "# CLI reference\n",
        "Generated from `--help` by `python -m cliffhanger.cli.reference > docs/cli.md`;",
        "`tests/cli/test_reference.py` fails when it is out of date.\n",
    ]
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"], env=env, color=False)
        title = " ".join(["cliffhanger", *path])
        body = "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())
        parts.append(f"## `{title}`\n\n```\n{body}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
