"""docs/cli.md is the CLI's --help, regenerated: the reference cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from cliffhanger.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run `python -m cliffhanger.cli.reference > docs/cli.md`"
    )


def test_every_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for command in ("extract", "ingest", "status", "board", "catalog import", "serve", "watch"):
        assert f"## `cliffhanger {command}`" in text
